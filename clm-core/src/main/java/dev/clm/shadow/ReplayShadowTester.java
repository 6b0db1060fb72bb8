package dev.clm.shadow;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.stats.DieboldMariano;
import java.time.Clock;
import java.util.Arrays;

/**
 * Replays candidate and active on the same newest rows (whose labels are the realised forward
 * returns) and decides with the same {@link PromotionPolicy} as live shadow testing: at least
 * {@code minSamples} rows, a relative loss improvement of at least {@code minImprovement}, a
 * significant one-sided Diebold–Mariano test (Newey–West variance with a lag equal to the
 * number of rows a label overlaps, Harvey–Leybourne–Newbold correction), a significant exact
 * McNemar test on hit rate, and the optional drawdown guard. Rows with a NaN label (not yet
 * realised) are skipped. With no active model the candidate is compared with the zero-return
 * forecast (its hit rate is then tested against a fair coin). CONTINUE_TESTING when there are
 * too few rows; REJECT otherwise. Stateless and thread-safe; never closes the models.
 */
public final class ReplayShadowTester implements ShadowTester {
    /** Sentinel version name of the zero-return forecast when no model is active. */
    public static final String ZERO_BASELINE = "zero-baseline";

    private final ShadowEvaluator evaluator;

    public ReplayShadowTester(ShadowPolicyConfig config, Clock clock) {
        this.evaluator = new ShadowEvaluator(config, clock);
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
                Arrays.copyOf(ts, n), Math.max(1, window.symbols().size()));
        return evaluator.evaluateReplay(type, candidate.version(), active == null ? null : active.version(), data, overlapLag(window));
    }

    /** Median number of later rows that fall inside a row's label window (the autocorrelation reach). */
    static int overlapLag(Dataset d) {
        int n = d.rows();
        if (n == 0) return 0;
        int step = Math.max(1, n / 512);
        int[] counts = new int[(n + step - 1) / step];
        int k = 0;
        for (int i = 0; i < n; i += step) {
            int end = d.indexAtOrAfter(d.labelEndTimestamps()[i] + 1);
            counts[k++] = Math.max(0, end - i - 1);
        }
        Arrays.sort(counts, 0, k);
        return Math.min(n - 1, counts[k / 2]);
    }

    /** DM statistic {@code mean(d) / sqrt(LRV / n)} with Newey–West lag {@code lag}, no small-sample correction. */
    static double dieboldMariano(double[] d, int lag) {
        return DieboldMariano.test(d, d.length, 1, lag, false).statistic();
    }
}
