package dev.clm.stats;

/**
 * Heteroskedasticity- and autocorrelation-consistent (HAC) long-run variance of a series,
 * with Bartlett (Newey–West) weights.
 *
 * <p>Notes: Newey, W. K. and West, K. D. (1987), "A simple, positive semi-definite,
 * heteroskedasticity and autocorrelation consistent covariance matrix", Econometrica 55(3).
 * The long-run variance is {@code gamma_0 + 2 * sum_{k=1..L} w_k * gamma_k} with
 * {@code w_k = 1 - k / (L + 1)} and autocovariances {@code gamma_k = (1/n) sum_{t>k}
 * (x_t - mean)(x_{t-k} - mean)} (divisor n, as R's {@code acf} and the DM literature use).
 * Bartlett weights keep the estimate non-negative. Forecasts over overlapping h-step horizons
 * have errors that are autocorrelated up to lag h-1, hence the default lag h-1.
 *
 * <p>Stateless and thread-safe.
 */
public final class LongRunVariance {
    private LongRunVariance() {}

    /**
     * The Newey–West long-run variance of {@code x[0..n)}.
     *
     * @param lag truncation lag L (>= 0); clipped to n-1
     */
    public static double neweyWest(double[] x, int n, int lag) {
        if (n < 2) throw new IllegalArgumentException("n must be >= 2 for a variance, was " + n);
        if (lag < 0) throw new IllegalArgumentException("lag must be >= 0, was " + lag);
        if (n > x.length) throw new IllegalArgumentException("n (" + n + ") exceeds the array length " + x.length);
        double mean = 0;
        for (int i = 0; i < n; i++) mean += x[i];
        mean /= n;
        int maxLag = Math.min(lag, n - 1);
        double lrv = autocovariance(x, n, mean, 0);
        for (int k = 1; k <= maxLag; k++) {
            double w = 1.0 - k / (double) (maxLag + 1);
            lrv += 2.0 * w * autocovariance(x, n, mean, k);
        }
        // Bartlett weights guarantee >= 0 in exact arithmetic; guard against rounding.
        return Math.max(lrv, 0.0);
    }

    /** The Newey–West (1994) rule-of-thumb lag {@code floor(4 (n/100)^(2/9))}. */
    public static int ruleOfThumbLag(int n) {
        return (int) Math.floor(4.0 * Math.pow(n / 100.0, 2.0 / 9.0));
    }

    private static double autocovariance(double[] x, int n, double mean, int k) {
        double s = 0;
        for (int t = k; t < n; t++) s += (x[t] - mean) * (x[t - k] - mean);
        return s / n;
    }
}
