package dev.clm.stats;

import org.apache.commons.math3.distribution.BinomialDistribution;

/**
 * Exact McNemar test on paired hits: of the discordant pairs (one side right, the other
 * wrong), is the challenger right more often than a fair coin would say?
 *
 * <p>Notes: McNemar, Q. (1947), "Note on the sampling error of the difference between
 * correlated proportions or percentages", Psychometrika 12(2). Under H0 (equal hit rates)
 * the number {@code b} of pairs where only the challenger is right, given {@code b + c}
 * discordant pairs, is Binomial(b + c, 1/2); the one-sided p-value is {@code P(X >= b)}.
 * The exact binomial avoids the chi-square approximation's trouble with few discordant pairs.
 *
 * <p>Stateless and thread-safe.
 */
public final class PairedHitTest {
    private PairedHitTest() {}

    /**
     * @param challengerOnly pairs where only the challenger is right (b)
     * @param referenceOnly  pairs where only the reference is right (c)
     */
    public record Result(long challengerOnly, long referenceOnly, double pValueGreater) {}

    public static Result test(long challengerOnly, long referenceOnly) {
        if (challengerOnly < 0 || referenceOnly < 0) {
            throw new IllegalArgumentException("discordant counts must be >= 0, were " + challengerOnly + " and " + referenceOnly);
        }
        return new Result(challengerOnly, referenceOnly, binomialUpperTail(challengerOnly, challengerOnly + referenceOnly, 0.5));
    }

    /** {@code P(X >= k)} for X ~ Binomial(n, p); 1 when n = 0 (no evidence). */
    public static double binomialUpperTail(long k, long n, double p) {
        if (n == 0 || k <= 0) return 1.0;
        if (k > n) return 0.0;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("n too large for the exact binomial: " + n);
        BinomialDistribution b = new BinomialDistribution(null, (int) n, p);
        return DieboldMariano.clamp01(1.0 - b.cumulativeProbability((int) k - 1));
    }

    /** {@code P(X <= k)} for X ~ Binomial(n, p); 1 when n = 0. */
    public static double binomialLowerTail(long k, long n, double p) {
        if (n == 0 || k >= n) return 1.0;
        if (k < 0) return 0.0;
        BinomialDistribution b = new BinomialDistribution(null, (int) n, p);
        return DieboldMariano.clamp01(b.cumulativeProbability((int) k));
    }
}
