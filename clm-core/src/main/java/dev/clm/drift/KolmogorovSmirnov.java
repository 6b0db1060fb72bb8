package dev.clm.drift;

/**
 * Two-sample Kolmogorov–Smirnov test: exact statistic, asymptotic p-value, and the p-value's
 * natural logarithm, which stays finite where the p-value itself underflows to 0.
 *
 * <p>Notes. The statistic D = sup |F_a(x) - F_b(x)| is computed exactly as an integer
 * multiple of 1/(n*m) by a merge walk over both sorted samples that consumes all copies of
 * a tied value before comparing (so ties across samples are handled exactly; the result is
 * bit-for-bit the one of commons-math3's {@code kolmogorovSmirnovStatistic}). The p-value is
 * the limiting Kolmogorov distribution at t = D sqrt(nm/(n+m)) (Kolmogorov 1933, Smirnov
 * 1948): P(K &gt; t) = 2 sum_{k&ge;1} (-1)^{k-1} exp(-2k^2t^2). For t &ge; 1 that series is
 * summed directly (it converges in a few terms, and its log is ln 2 - 2t^2 + log1p(...), exact
 * for any t); for t &lt; 1 it is taken as 1 - K(t) with the Jacobi-theta form
 * K(t) = sqrt(2 pi)/t sum exp(-(2k-1)^2 pi^2 / (8t^2)), which converges fast for small t
 * (Marsaglia, Tsang and Wang 2003 discuss both forms). commons-math3's {@code approximateP}
 * computes 1 - (1 - tail) and so returns exactly 0 once the tail drops below about 1e-17;
 * {@link #logPValue} keeps ranking such pairs.
 *
 * <p>Stateless; thread-safe.
 */
public final class KolmogorovSmirnov {
    private static final double LN2 = Math.log(2.0);

    private KolmogorovSmirnov() {}

    /** Result of one test. {@code lnP} is the natural log of {@code pValue} (finite even if pValue is 0). */
    public record Result(double statistic, double pValue, double lnP, int n, int m) {
        public double log10P() {
            return lnP / Math.log(10.0);
        }
    }

    public static Result test(double[] a, double[] b) {
        return test(SortedSample.of(a, "a"), SortedSample.of(b, "b"));
    }

    public static Result test(SortedSample a, SortedSample b) {
        double d = statistic(a, b);
        int n = a.size(), m = b.size();
        double t = scaled(d, n, m);
        return new Result(d, pValueAt(t), lnPValueAt(t), n, m);
    }

    /** Exact D of two sorted samples. */
    public static double statistic(SortedSample a, SortedSample b) {
        return integralStatistic(a.keys(), a.size(), b.keys(), b.size()) / ((double) a.size() * (double) b.size());
    }

    /**
     * n*m*D as an integer: the merge walk adds m per value of x and subtracts n per value of
     * y, and looks at |sum| only where the next value differs from the current one (so all
     * copies of a tied value, in both samples, are counted first). Both arrays end in a
     * sentinel larger than any key, so the loop runs n+m steps without bounds checks and with
     * selects instead of unpredictable branches.
     */
    static long integralStatistic(long[] x, int n, long[] y, int m) {
        int i = 0, j = 0;
        long cur = 0, sup = 0;
        for (int step = n + m; step > 0; step--) {
            long xi = x[i], yj = y[j];
            boolean takeX = xi <= yj;
            long z = takeX ? xi : yj;
            cur += takeX ? m : -n;
            i += takeX ? 1 : 0;
            j += takeX ? 0 : 1;
            long next = Math.min(x[i], y[j]);
            long abs = Math.abs(cur);
            sup = (next != z && abs > sup) ? abs : sup;
        }
        return sup;
    }

    static double scaled(double d, int n, int m) {
        return d * Math.sqrt(((double) n * m) / ((double) n + m));
    }

    /** Asymptotic p-value P(K &gt; t). */
    public static double pValueAt(double t) {
        if (!(t > 0)) return 1.0;
        if (t < 1.0) return 1.0 - kolmogorovCdfSmall(t);
        return Math.exp(lnPValueAt(t));
    }

    /** ln P(K &gt; t), finite for every finite t. */
    public static double lnPValueAt(double t) {
        if (!(t > 0)) return 0.0;
        if (t < 1.0) return Math.log(1.0 - kolmogorovCdfSmall(t));
        double t2 = t * t;
        // tail = 2 e^{-2t^2} (1 - e^{-6t^2} + e^{-16t^2} - ...), the bracket's k-th term is e^{-2(k^2-1)t^2}
        double rest = 0.0;
        double sign = -1.0;
        for (int k = 2; k < 100; k++) {
            double term = Math.exp(-2.0 * ((double) k * k - 1.0) * t2);
            if (term < 1e-20) break;
            rest += sign * term;
            sign = -sign;
        }
        return LN2 - 2.0 * t2 + Math.log1p(rest);
    }

    /** K(t) = P(K &le; t) by the theta-function series, accurate for 0 &lt; t &lt; 1 (and beyond). */
    static double kolmogorovCdfSmall(double t) {
        double c = -Math.PI * Math.PI / (8.0 * t * t);
        double sum = 0.0;
        for (int k = 1; k < 100; k++) {
            double odd = 2.0 * k - 1.0;
            double term = Math.exp(c * odd * odd);
            sum += term;
            if (term < 1e-20 * sum || term == 0.0) break;
        }
        return Math.sqrt(2.0 * Math.PI) / t * sum;
    }
}
