package dev.clm.shadow;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import java.time.Clock;
import java.util.Arrays;

/**
 * Replays candidate and active on the same newest rows (whose labels are the realised forward
 * returns) and decides with the same {@link PromotionPolicy} as live shadow testing: at least
 * {@code minSamples} rows, and the candidate must beat the better of the active model and the
 * zero-return forecast by {@code minImprovement}, significantly and on a majority of purged
 * time folds (rows aggregated per timestamp; folds purged by the label horizon in time, read
 * from the window's label end timestamps). Rows with a NaN label (not yet realised) are skipped.
 * With no active model the candidate is compared with the zero-return forecast (its hit rate is
 * then tested against a fair coin). CONTINUE_TESTING when there are too few rows; REJECT
 * otherwise. Constructed with {@code candidatesPerDecision} > 1, each candidate is tested at alpha
 * divided by that number (Bonferroni); the manager uses 1 and corrects across the types of a cycle
 * itself (Benjamini–Hochberg, see its cycle). Stateless and thread-safe; never closes the models.
 */
public final class ReplayShadowTester implements ShadowTester {
    /** Sentinel version name of the zero-return forecast when no model is active. */
    public static final String ZERO_BASELINE = "zero-baseline";

    private final ShadowEvaluator evaluator;

    private final int candidatesPerDecision;

    public ReplayShadowTester(ShadowPolicyConfig config, Clock clock) {
        this(config, clock, 1);
    }

    /**
     * @param candidatesPerDecision candidates compared in one cycle (>= 1), e.g. the number of model
     *                              types trained; each is tested at alpha / candidatesPerDecision
     */
    public ReplayShadowTester(ShadowPolicyConfig config, Clock clock, int candidatesPerDecision) {
        if (candidatesPerDecision < 1) {
            throw new IllegalArgumentException("candidatesPerDecision must be >= 1, was " + candidatesPerDecision);
        }
        this.evaluator = new ShadowEvaluator(config, clock);
        this.candidatesPerDecision = candidatesPerDecision;
    }

    /** The policy defaults with these three settings. */
    public ReplayShadowTester(Clock clock, int minSamples, double minImprovement, double alpha) {
        this(ShadowPolicyConfig.defaults().withMinSamples(minSamples).withMinImprovement(minImprovement).withAlpha(alpha), clock);
    }

    public ShadowPolicyConfig config() {
        return evaluator.config();
    }

    @Override
    public ShadowTestResult runShadowTest(ModelType type, LoadedModel candidate, LoadedModel active, Dataset window) {
        if (type == null || candidate == null || window == null) {
            throw new IllegalArgumentException("type, candidate and window must not be null");
        }
        int rows = window.rows();
        if (rows < 2) throw new InvalidDataException(null, -1, "window", "shadow window has " + rows + " rows; expected at least 2");
        double[] pc = candidate.model().predict(window);
        double[] pa = active == null ? new double[rows] : active.model().predict(window);
        float[] y = window.labels();
        int n = 0;
        double[] a = new double[rows], s = new double[rows], r = new double[rows];
        long[] ts = new long[rows];
        for (int i = 0; i < rows; i++) {
            if (!Double.isFinite(pc[i])) throw new InvalidDataException(window.symbolOf(i), i, "prediction",
                    "candidate " + candidate.version() + " predicted " + pc[i] + "; expected a finite value");
            if (!Double.isFinite(pa[i])) throw new InvalidDataException(window.symbolOf(i), i, "prediction",
                    "active " + active.version() + " predicted " + pa[i] + "; expected a finite value");
            if (!Float.isFinite(y[i])) continue;
            a[n] = pa[i];
            s[n] = pc[i];
            r[n] = y[i];
            ts[n] = window.timestamps()[i];
            n++;
        }
        PairedForecasts data = new PairedForecasts(Arrays.copyOf(a, n), Arrays.copyOf(s, n), Arrays.copyOf(r, n),
                Arrays.copyOf(ts, n), Math.max(1, window.symbols().size()), labelHorizonMillis(window));
        return evaluator.evaluateReplay(type, candidate.version(), active == null ? null : active.version(), data,
                candidatesPerDecision);
    }

    /** Median time from a row to the end of its label window (ms, >= 1): the reach of the labels' overlap. */
    static long labelHorizonMillis(Dataset d) {
        int n = d.rows();
        if (n == 0) return 1;
        int step = Math.max(1, n / 512);
        long[] spans = new long[(n + step - 1) / step];
        int k = 0;
        for (int i = 0; i < n; i += step) spans[k++] = Math.max(0, d.labelEndTimestamps()[i] - d.timestamps()[i]);
        Arrays.sort(spans, 0, k);
        return Math.max(1, spans[k / 2]);
    }
}
