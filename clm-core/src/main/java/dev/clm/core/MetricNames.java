package dev.clm.core;

import dev.clm.api.EvaluationResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names of the metrics recorded in {@link dev.clm.api.ModelArtifact#metrics()}. */
public final class MetricNames {
    public static final String RMSE = "rmse";
    public static final String MAE = "mae";
    public static final String ERROR_STD = "error_std";
    public static final String DIRECTIONAL_ACCURACY = "directional_accuracy";
    public static final String HIT_RATE = "hit_rate";
    public static final String CORRELATION = "correlation";
    public static final String BIAS = "bias";
    public static final String EVAL_ROWS = "eval_rows";
    /** MAE divided by the zero-return forecast's MAE on the same rows (below 1 = skill). */
    public static final String MAE_VS_ZERO = "mae_vs_zero";
    public static final String TRAINING_SECONDS = "training_seconds";
    /** Non-overlapping label windows the evaluation rows amount to. */
    public static final String EFFECTIVE_SAMPLES = "effective_samples";
    /** Standard error of the directional accuracy (dependence-aware). */
    public static final String DIRECTIONAL_ACCURACY_SE = "directional_accuracy_se";
    /** MAE reduction over the zero forecast per timestamp (positive = skill) and its standard error. */
    public static final String SKILL_VS_ZERO = "skill_vs_zero";
    public static final String SKILL_VS_ZERO_SE = "skill_vs_zero_se";

    private MetricNames() {}

    /** The metrics of an evaluation as a map (regime accuracies as {@code regime_accuracy.<name>}). */
    public static Map<String, Double> of(EvaluationResult r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(RMSE, r.rmse());
        m.put(MAE, r.mae());
        m.put(ERROR_STD, r.errorStd());
        m.put(DIRECTIONAL_ACCURACY, r.directionalAccuracy());
        m.put(HIT_RATE, r.hitRate());
        m.put(CORRELATION, r.correlation());
        m.put(BIAS, r.bias());
        m.put(EVAL_ROWS, (double) r.samples());
        if (r.effectiveSamples() > 0) m.put(EFFECTIVE_SAMPLES, r.effectiveSamples());
        if (r.directionalAccuracyEstimate() != null && r.directionalAccuracyEstimate().hasStandardError()) {
            m.put(DIRECTIONAL_ACCURACY_SE, r.directionalAccuracyEstimate().standardError());
        }
        if (r.skillVsZero() != null) {
            m.put(SKILL_VS_ZERO, r.skillVsZero().value());
            if (r.skillVsZero().hasStandardError()) m.put(SKILL_VS_ZERO_SE, r.skillVsZero().standardError());
        }
        r.regimeAccuracy().forEach((k, v) -> m.put("regime_accuracy." + k, v));
        return m;
    }
}
