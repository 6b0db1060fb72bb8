package dev.clm.stats;

import java.util.Arrays;

/**
 * False-discovery control across the candidates decided together (one per model type in a
 * cycle): the Benjamini–Hochberg step-up rule.
 *
 * <p>Benjamini, Y. and Hochberg, Y. (1995), "Controlling the false discovery rate: a practical and
 * powerful approach to multiple testing", JRSS B 57(1): sort the m p-values, find the largest k
 * with {@code p(k) <= k q / m}, and reject the k hypotheses with the smallest p-values. The
 * expected share of false promotions among promotions is at most q when the tests are
 * independent or positively dependent (Benjamini and Yekutieli 2001, PRDS: one-sided tests
 * whose statistics are positively correlated, as those of model types judged on the same rows
 * of the same market are). When no candidate has skill (the A/A case) every promotion is false
 * and the rule keeps the chance of any promotion in the cycle at q, like Bonferroni; when
 * several have skill it lets each pass at up to q instead of q / m. Stateless.
 */
public final class FalseDiscovery {
    private FalseDiscovery() {}

    /**
     * The Benjamini–Hochberg threshold: a p-value at or below it is a discovery; 0 when there is none.
     *
     * @param pValues one per hypothesis (NaN counts as 1)
     * @param q       the false discovery rate, in (0, 1)
     */
    public static double threshold(double[] pValues, double q) {
        if (!(q > 0 && q < 1)) throw new IllegalArgumentException("q must be in (0, 1), was " + q);
        int m = pValues.length;
        if (m == 0) return 0;
        double[] p = new double[m];
        for (int i = 0; i < m; i++) p[i] = Double.isNaN(pValues[i]) ? 1 : pValues[i];
        Arrays.sort(p);
        for (int k = m; k >= 1; k--) {
            double level = q * k / m;
            if (p[k - 1] <= level) return level;
        }
        return 0;
    }
}
