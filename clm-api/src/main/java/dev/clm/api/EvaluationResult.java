package dev.clm.api;

import java.time.Instant;
import java.util.Map;

/**
 * Out-of-sample quality of a model's predictions of the forward log return.
 *
 * @param samples              rows evaluated (> 0)
 * @param rmse                 root mean squared error
 * @param mae                  mean absolute error
 * @param errorStd             standard deviation of (prediction - outcome)
 * @param directionalAccuracy  share of rows where sign(prediction) == sign(outcome); a zero
 *                             prediction counts as wrong unless the outcome is zero too
 * @param hitRate              share of rows where the prediction is closer to the outcome than
 *                             the naive zero-return forecast is
 * @param correlation          Pearson correlation of predictions and outcomes (0 when either is constant)
 * @param bias                 mean of (prediction - outcome)
 * @param regimeAccuracy       directional accuracy per regime label (may be empty)
 * @param vsActive             comparison with the active model on the same rows, or null
 * @param evaluatedAt          when the evaluation ran
 * @param effectiveSamples     independent observations the rows amount to: non-overlapping label windows in
 *                             time, a cross-section of symbols at one timestamp counted once (>= 0; 0 = not computed)
 * @param directionalAccuracyEstimate directional accuracy with its dependence-aware standard error and 95%
 *                             interval (rows averaged per timestamp, purged time folds); null = not computed
 * @param maeEstimate          MAE with its standard error and 95% interval, as above; null = not computed
 * @param skillVsZero          mean per-timestamp {@code |outcome| - |prediction - outcome|} (MAE reduction over
 *                             the zero-return forecast; positive = better than zero) with its standard error and
 *                             interval; null = not computed
 */
public record EvaluationResult(long samples, double rmse, double mae, double errorStd, double directionalAccuracy,
                               double hitRate, double correlation, double bias, Map<String, Double> regimeAccuracy,
                               Comparison vsActive, Instant evaluatedAt, double effectiveSamples,
                               Estimate directionalAccuracyEstimate, Estimate maeEstimate, Estimate skillVsZero) {

    /** A result without uncertainty (effective sample size 0, no estimates), as custom evaluators built it before. */
    public EvaluationResult(long samples, double rmse, double mae, double errorStd, double directionalAccuracy,
                            double hitRate, double correlation, double bias, Map<String, Double> regimeAccuracy,
                            Comparison vsActive, Instant evaluatedAt) {
        this(samples, rmse, mae, errorStd, directionalAccuracy, hitRate, correlation, bias, regimeAccuracy, vsActive, evaluatedAt,
                0, null, null, null);
    }

    public EvaluationResult {
        if (samples <= 0) throw new IllegalArgumentException("samples must be > 0, was " + samples);
        Checks.nonNegative(rmse, "rmse");
        Checks.nonNegative(mae, "mae");
        Checks.nonNegative(errorStd, "errorStd");
        Checks.probability(directionalAccuracy, "directionalAccuracy");
        Checks.probability(hitRate, "hitRate");
        Checks.finite(correlation, "correlation");
        if (correlation < -1.0000001 || correlation > 1.0000001) throw new IllegalArgumentException("correlation must be in [-1, 1], was " + correlation);
        Checks.finite(bias, "bias");
        regimeAccuracy = Checks.finiteValues(regimeAccuracy == null ? Map.of() : regimeAccuracy, "regimeAccuracy");
        Checks.notNull(evaluatedAt, "evaluatedAt");
        Checks.nonNegative(effectiveSamples, "effectiveSamples");
    }

    /** This result with a comparison against the active model attached. */
    public EvaluationResult withComparison(Comparison comparison) {
        return new EvaluationResult(samples, rmse, mae, errorStd, directionalAccuracy, hitRate, correlation, bias,
                regimeAccuracy, comparison, evaluatedAt, effectiveSamples, directionalAccuracyEstimate, maeEstimate, skillVsZero);
    }

    /**
     * Candidate minus active on the same rows. Positive {@code rmseImprovement} /
     * {@code maeImprovement} mean the candidate's error is lower (relative to the active's).
     */
    public record Comparison(double deltaRmse, double deltaMae, double deltaDirectionalAccuracy, double deltaHitRate,
                             double rmseImprovement, double maeImprovement) {
        public Comparison {
            Checks.finite(deltaRmse, "deltaRmse");
            Checks.finite(deltaMae, "deltaMae");
            Checks.finite(deltaDirectionalAccuracy, "deltaDirectionalAccuracy");
            Checks.finite(deltaHitRate, "deltaHitRate");
            Checks.finite(rmseImprovement, "rmseImprovement");
            Checks.finite(maeImprovement, "maeImprovement");
        }
    }
}
