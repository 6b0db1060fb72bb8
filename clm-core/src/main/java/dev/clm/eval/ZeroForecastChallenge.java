package dev.clm.eval;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.stats.BlockTest;
import java.util.Locale;

/**
 * The zero-return forecast as a permanent challenger of the ACTIVE model: is the model
 * significantly worse than predicting no move, on its recent (live) rows?
 *
 * <p>The per-row skill {@code |outcome| - |prediction - outcome|} (the MAE reduction over the
 * zero forecast) is averaged per timestamp and tested with {@link BlockTest} (purged time folds
 * at least three label horizons long, Student-t on the fold means; Ibragimov and Müller 2010),
 * one-sided at level alpha for "mean skill &lt; 0". The noise allowance is therefore the fold
 * standard error, i.e. it comes from the effective (non-overlapping, cross-section-once) sample,
 * and a window shorter than six label horizons of time never concludes. The baseline is the zero
 * forecast on the same rows, not the model's own score on the test split that promoted it
 * (that score won a selection, so it is optimistic).
 *
 * <p>Size: on a market where the model is exactly as good as zero the rule fires at most alpha of
 * the time (simulated in clm-examples: {@code DecisionSizeSimulationTest} and {@code dev.clm.bench.DecisionSizeBenchmark}).
 * Stateless and thread-safe.
 */
public final class ZeroForecastChallenge {
    /** Default one-sided level. */
    public static final double DEFAULT_ALPHA = 0.05;

    private ZeroForecastChallenge() {}

    /**
     * The verdict on one window.
     *
     * @param worseThanZero whether the model is significantly worse than the zero forecast
     * @param skill         the fold test of the per-timestamp skill (mean, standard error, interval, effective sample)
     * @param reason        a sentence a person can read
     */
    public record Verdict(boolean worseThanZero, BlockTest.Result skill, String reason) {}

    /** Tests {@code predictions} against the zero forecast on {@code rows} (labels are the outcomes). */
    public static Verdict test(double[] predictions, Dataset rows, double alpha) {
        if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must be in (0, 0.5), was " + alpha);
        int n = rows.rows();
        if (predictions.length != n) {
            throw new IllegalArgumentException("predictions has " + predictions.length + " values, expected one per row (" + n + ")");
        }
        float[] y = rows.labels();
        double[] skill = new double[n];
        double modelAbs = 0, zeroAbs = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(predictions[i]) || !Float.isFinite(y[i])) {
                throw new InvalidDataException(rows.symbolOf(i), i, "prediction/label", "prediction " + predictions[i] + ", label "
                        + y[i] + "; expected finite values");
            }
            double o = y[i], e = Math.abs(predictions[i] - o);
            skill[i] = Math.abs(o) - e;
            modelAbs += e;
            zeroAbs += Math.abs(o);
        }
        BlockTest.Result r = BlockTest.ofRows(skill, rows.timestamps(), n, DefaultModelEvaluator.labelHorizonMillis(rows));
        boolean worse = r.decidable() && r.pValueLess() < alpha;
        String reason = String.format(Locale.ROOT,
                "%s the zero forecast on %d rows (effective sample %.0f, %d folds): MAE %.6g vs zero %.6g, skill %.4g +/- %.2g "
                        + "(95%% CI %.4g..%.4g), p(worse)=%.4g at level %.3g%s",
                worse ? "significantly worse than" : "not significantly worse than", n, r.effectiveSamples(), r.blocks(),
                n == 0 ? 0 : modelAbs / n, n == 0 ? 0 : zeroAbs / n, r.mean(), r.stdError(), r.lower(), r.upper(), r.pValueLess(),
                alpha, r.decidable() ? "" : "; fewer than 2 folds of independent data, nothing can be concluded");
        return new Verdict(worse, r, reason);
    }
}
