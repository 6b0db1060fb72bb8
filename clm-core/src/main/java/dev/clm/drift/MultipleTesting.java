package dev.clm.drift;

import java.util.Arrays;

/**
 * Corrections of a family of p-values, in log space so underflowed p-values still rank.
 *
 * <p>Notes. {@link Correction#BENJAMINI_HOCHBERG} (Benjamini and Hochberg 1995) returns the
 * BH-adjusted p-values q_(i) = min_{j&ge;i} p_(j) m / j; rejecting q &lt; alpha controls the
 * false discovery rate at alpha, and when no feature drifted (the daily case for a healthy
 * model) the chance of flagging any feature at all is at most alpha, for independent or
 * positively dependent tests. {@link Correction#BONFERRONI} multiplies by m (family-wise,
 * stricter, loses power with 50+ features). {@link Correction#NONE} leaves them.
 */
public final class MultipleTesting {
    private MultipleTesting() {}

    /** How p-values of one check are corrected for the number of features tested. */
    public enum Correction { BENJAMINI_HOCHBERG, BONFERRONI, NONE }

    /** Adjusted ln p-values (each &le; 0) for the given ln p-values. */
    public static double[] adjustLn(double[] lnP, Correction correction) {
        int m = lnP.length;
        double[] out = new double[m];
        switch (correction) {
            case NONE -> System.arraycopy(lnP, 0, out, 0, m);
            case BONFERRONI -> {
                double lnM = Math.log(m);
                for (int i = 0; i < m; i++) out[i] = Math.min(0.0, lnP[i] + lnM);
            }
            case BENJAMINI_HOCHBERG -> {
                Integer[] order = new Integer[m];
                for (int i = 0; i < m; i++) order[i] = i;
                Arrays.sort(order, (x, y) -> Double.compare(lnP[x], lnP[y]));
                double running = 0.0;
                for (int rank = m; rank >= 1; rank--) {
                    int idx = order[rank - 1];
                    double q = lnP[idx] + Math.log((double) m / rank);
                    running = Math.min(running, q);
                    out[idx] = running;
                }
            }
        }
        return out;
    }
}
