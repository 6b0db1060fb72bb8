package dev.clm.shadow;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Replays candidate and active on the same newest rows (whose labels are the realised forward
 * returns) and decides.
 *
 * <p>Rule: PROMOTE when there are at least {@code minSamples} rows, the candidate's MAE is
 * lower than the active's by at least {@code minImprovement} (relative), and a one-sided
 * Diebold–Mariano test on the absolute-error differential is significant at {@code alpha}.
 * The DM variance is Newey–West (Bartlett kernel) with a lag equal to the typical number of
 * rows a label overlaps, because forward returns over overlapping horizons are autocorrelated
 * and a plain t-test would be over-confident. CONTINUE_TESTING when there are too few rows;
 * REJECT otherwise (a replay window will not grow). With no active model the candidate is
 * compared with the zero-return forecast. Also reports the two-sample KS test of the absolute
 * error distributions (commons-math3). Stateless and thread-safe; never closes the models.
 */
public final class ReplayShadowTester implements ShadowTester {
    /** Sentinel version name of the zero-return forecast when no model is active. */
    public static final String ZERO_BASELINE = "zero-baseline";

    private final Clock clock;
    private final int minSamples;
    private final double minImprovement;
    private final double alpha;

    public ReplayShadowTester(Clock clock, int minSamples, double minImprovement, double alpha) {
        if (minSamples < 2) throw new IllegalArgumentException("minSamples must be >= 2, was " + minSamples);
        if (!(minImprovement >= 0 && minImprovement <= 1)) throw new IllegalArgumentException("minImprovement must be in [0, 1], was " + minImprovement);
        if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must be in (0, 0.5), was " + alpha);
        this.clock = clock;
        this.minSamples = minSamples;
        this.minImprovement = minImprovement;
        this.alpha = alpha;
    }

    @Override
    public ShadowTestResult runShadowTest(ModelType type, LoadedModel candidate, LoadedModel active, Dataset window) {
        int n = window.rows();
        if (n < 2) throw new InvalidDataException(null, -1, "window", "shadow window has " + n + " rows; expected at least 2");
        double[] pc = candidate.model().predict(window);
        double[] pa = active == null ? new double[n] : active.model().predict(window);
        float[] y = window.labels();
        double[] absC = new double[n], absA = new double[n], diff = new double[n], lossDiff = new double[n];
        double maeC = 0, maeA = 0;
        long dirC = 0, dirA = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(pc[i])) throw new InvalidDataException(window.symbolOf(i), i, "prediction",
                    "candidate " + candidate.version() + " predicted " + pc[i] + "; expected a finite value");
            absC[i] = Math.abs(pc[i] - y[i]);
            absA[i] = Math.abs(pa[i] - y[i]);
            maeC += absC[i];
            maeA += absA[i];
            if (Math.signum(pc[i]) == Math.signum(y[i])) dirC++;
            if (Math.signum(pa[i]) == Math.signum(y[i])) dirA++;
            diff[i] = pc[i] - pa[i];
            lossDiff[i] = absA[i] - absC[i];
        }
        maeC /= n;
        maeA /= n;
        double improvement = maeA == 0 ? (maeC == 0 ? 0 : -1) : (maeA - maeC) / maeA;
        int lag = overlapLag(window);
        double dm = dieboldMariano(lossDiff, lag);
        double pBetter = 1 - new NormalDistribution().cumulativeProbability(dm);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double ksD = ks.kolmogorovSmirnovStatistic(absC, absA);
        double ksP = Math.max(0, Math.min(1, ks.kolmogorovSmirnovTest(absC, absA)));
        String against = active == null ? "the zero-return forecast" : "active " + active.version();
        ShadowDecision decision;
        String reason;
        if (n < minSamples) {
            decision = ShadowDecision.CONTINUE_TESTING;
            reason = n + " samples, " + minSamples + " needed before deciding";
        } else if (improvement >= minImprovement && pBetter < alpha) {
            decision = ShadowDecision.PROMOTE;
            reason = String.format("MAE %.3g vs %.3g of %s: %.1f%% better (>= %.1f%%), Diebold-Mariano p = %.3g < %.3g",
                    maeC, maeA, against, 100 * improvement, 100 * minImprovement, pBetter, alpha);
        } else {
            decision = ShadowDecision.REJECT;
            reason = String.format("MAE %.3g vs %.3g of %s: %.1f%% better (need >= %.1f%%), Diebold-Mariano p = %.3g (need < %.3g)",
                    maeC, maeA, against, 100 * improvement, 100 * minImprovement, pBetter, alpha);
        }
        double meanDiff = mean(diff);
        return new ShadowTestResult(type, candidate.version(), active == null ? null : active.version(), n, maeC, maeA,
                (double) dirC / n, (double) dirA / n, ksD, ksP, meanDiff, std(diff, meanDiff), decision, reason,
                window.timeRange(), Map.of("mae_improvement", improvement, "dm_statistic", dm, "dm_p_value", pBetter,
                        "newey_west_lag", (double) lag), clock.instant());
    }

    /** Median number of later rows that fall inside a row's label window (the autocorrelation reach). */
    static int overlapLag(Dataset d) {
        int n = d.rows();
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

    /** DM statistic: mean(d) / sqrt(Newey–West long-run variance / n). 0 when the variance is 0. */
    static double dieboldMariano(double[] d, int lag) {
        int n = d.length;
        double mean = mean(d);
        double lrv = 0;
        for (int i = 0; i < n; i++) lrv += (d[i] - mean) * (d[i] - mean);
        lrv /= n;
        for (int l = 1; l <= lag; l++) {
            double gamma = 0;
            for (int i = l; i < n; i++) gamma += (d[i] - mean) * (d[i - l] - mean);
            gamma /= n;
            lrv += 2 * (1 - l / (lag + 1.0)) * gamma;
        }
        if (!(lrv > 0)) return 0;
        return mean / Math.sqrt(lrv / n);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double std(double[] v, double mean) {
        double s = 0;
        for (double x : v) s += (x - mean) * (x - mean);
        return Math.sqrt(s / v.length);
    }
}
