package dev.clm.stats;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Diebold–Mariano test of equal predictive accuracy on a loss differential
 * {@code d_t = loss(reference_t) - loss(challenger_t)} (positive means the challenger is better).
 *
 * <p>Notes:
 * <ul>
 *   <li>Diebold, F. X. and Mariano, R. S. (1995), "Comparing predictive accuracy", Journal of
 *       Business and Economic Statistics 13(3): statistic {@code DM = mean(d) / sqrt(LRV / n)}.</li>
 *   <li>The long-run variance LRV is the Newey–West estimate ({@link LongRunVariance}) with lag
 *       {@code h-1} by default, because h-step forecast errors overlap.</li>
 *   <li>Harvey, D., Leybourne, S. and Newbold, P. (1997), "Testing the equality of prediction
 *       mean squared errors", International Journal of Forecasting 13(2): small-sample
 *       correction {@code DM* = DM * sqrt((n + 1 - 2h + h(h-1)/n) / n)} compared with Student's
 *       t with n-1 degrees of freedom. Without the correction the p-value is from N(0, 1).</li>
 * </ul>
 * If the long-run variance is zero (a constant differential) the statistic is +/-infinity when
 * the mean is non-zero and 0 otherwise, reported as a finite +/-1e12 so that results stay finite.
 *
 * <p>Stateless and thread-safe.
 */
public final class DieboldMariano {
    private static final double DEGENERATE = 1e12;

    private DieboldMariano() {}

    /** Result: the statistic and its p-values; {@code pValueGreater} tests H1: mean(d) > 0. */
    public record Result(double statistic, double pValueGreater, double pValueTwoSided, double meanDifferential,
                         double longRunVariance, int lag, int n, boolean smallSampleCorrected) {}

    /**
     * Tests {@code d[0..n)}.
     *
     * @param horizon forecast horizon h (>= 1) used by the HLN correction
     * @param lag     Newey–West lag (>= 0), usually h-1
     * @param hln     apply the Harvey–Leybourne–Newbold correction and Student-t p-values
     */
    public static Result test(double[] d, int n, int horizon, int lag, boolean hln) {
        if (n < 3) throw new IllegalArgumentException("Diebold–Mariano needs n >= 3 loss differentials, was " + n);
        if (horizon < 1) throw new IllegalArgumentException("horizon must be >= 1, was " + horizon);
        double mean = 0;
        for (int i = 0; i < n; i++) mean += d[i];
        mean /= n;
        double lrv = LongRunVariance.neweyWest(d, n, lag);
        double stat;
        if (lrv <= 0) {
            stat = mean > 0 ? DEGENERATE : mean < 0 ? -DEGENERATE : 0.0;
        } else {
            stat = mean / Math.sqrt(lrv / n);
        }
        double pGreater;
        double pTwo;
        if (hln) {
            int h = Math.min(horizon, n / 2);
            double k2 = (n + 1.0 - 2.0 * h + h * (h - 1.0) / n) / n;
            stat *= Math.sqrt(Math.max(k2, 0.0));
            TDistribution t = new TDistribution(null, n - 1.0);
            pGreater = 1.0 - t.cumulativeProbability(stat);
            pTwo = 2.0 * t.cumulativeProbability(-Math.abs(stat));
        } else {
            NormalDistribution z = new NormalDistribution(null, 0, 1);
            pGreater = 1.0 - z.cumulativeProbability(stat);
            pTwo = 2.0 * z.cumulativeProbability(-Math.abs(stat));
        }
        return new Result(stat, clamp01(pGreater), clamp01(pTwo), mean, lrv, Math.min(lag, n - 1), n, hln);
    }

    static double clamp01(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }
}
