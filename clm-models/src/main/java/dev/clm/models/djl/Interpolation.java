package dev.clm.models.djl;

/**
 * Linear interpolation as a matrix: {@code knots (batch, n) x matrix(n, m) -> (batch, m)},
 * end points aligned (output 0 = knot 0, output m-1 = knot n-1). One knot means a constant.
 * Used by N-HiTS to expand its coarse backcast/forecast coefficients to full resolution.
 */
public final class Interpolation {
    private Interpolation() {}

    /** Row-major {@code n x m} weights; each output column sums to 1. */
    public static float[] linearMatrix(int n, int m) {
        if (n < 1 || m < 1) throw new IllegalArgumentException("interpolation needs n >= 1 and m >= 1, got n=" + n + ", m=" + m);
        float[] w = new float[n * m];
        for (int j = 0; j < m; j++) {
            if (n == 1) {
                w[j] = 1f;
                continue;
            }
            double t = m == 1 ? 0 : (double) j * (n - 1) / (m - 1);
            int i0 = (int) Math.floor(t);
            if (i0 >= n - 1) {
                w[(n - 1) * m + j] = 1f;
                continue;
            }
            double frac = t - i0;
            w[i0 * m + j] += (float) (1 - frac);
            w[(i0 + 1) * m + j] += (float) frac;
        }
        return w;
    }
}
