package dev.clm.ensemble;

/**
 * Least squares on the probability simplex: the weights {@code w} minimising
 * {@code sum_i (y_i - sum_j w_j p_ij)^2} subject to {@code w_j >= 0} and {@code sum_j w_j = 1},
 * for blending member forecasts {@code p_.j} (Breiman, "Stacked regressions", Machine Learning
 * 24, 1996, with the sum-to-one constraint of a convex combination).
 *
 * <p>Method: a primal active-set method for the convex quadratic program (Nocedal and Wright,
 * <i>Numerical Optimization</i>, 2nd ed., section 16.5). It starts from equal weights; each
 * step solves the equality-constrained problem on the free weights exactly (KKT system with the
 * sum-to-one multiplier), steps as far towards it as feasibility allows, fixes at zero the
 * weights that reach it, and frees a zero weight whose Lagrange multiplier is negative. The
 * result is the exact minimiser up to rounding (KKT conditions hold to a relative tolerance of
 * 1e-12), deterministic (no randomness, ties broken by the lowest index), and the returned
 * weights are non-negative and sum to 1 to within 1e-15.
 *
 * <p>Collinear members make the minimiser non-unique; a ridge of {@code 1e-12 x} the mean
 * diagonal of {@code P'P} keeps the systems solvable and picks one of the minimisers (how the
 * weight is split between identical members is then arbitrary, the fit is not). Stateless.
 */
public final class SimplexLeastSquares {
    private static final double RIDGE = 1e-12;
    private static final double KKT_TOLERANCE = 1e-12;

    private SimplexLeastSquares() {}

    /**
     * The simplex-constrained least-squares weights.
     *
     * @param predictions {@code predictions[j][i]}: member j's forecast for row i (m >= 1 members, n >= 1 rows)
     * @param y           the targets, n values
     */
    public static double[] solve(double[][] predictions, double[] y) {
        int m = predictions.length;
        if (m == 0) throw new IllegalArgumentException("predictions must have at least one member");
        int n = y.length;
        if (n == 0) throw new IllegalArgumentException("y must have at least one row");
        for (int j = 0; j < m; j++) {
            if (predictions[j].length != n) {
                throw new IllegalArgumentException("predictions[" + j + "] has " + predictions[j].length + " rows, expected " + n);
            }
        }
        double[][] g = new double[m][m];
        double[] c = new double[m];
        for (int j = 0; j < m; j++) {
            double[] pj = predictions[j];
            for (int k = 0; k <= j; k++) {
                double[] pk = predictions[k];
                double s = 0;
                for (int i = 0; i < n; i++) s += pj[i] * pk[i];
                g[j][k] = s / n;
                g[k][j] = s / n;
            }
            double s = 0;
            for (int i = 0; i < n; i++) s += pj[i] * y[i];
            c[j] = s / n;
        }
        return solveQuadratic(g, c);
    }

    /**
     * Minimises {@code w'Gw/2 - c'w} over the simplex, {@code G} symmetric positive semi-definite.
     * {@link #solve} passes {@code G = P'P/n}, {@code c = P'y/n}.
     */
    static double[] solveQuadratic(double[][] gram, double[] c) {
        int m = c.length;
        double meanDiagonal = 0;
        for (int j = 0; j < m; j++) meanDiagonal += gram[j][j];
        meanDiagonal /= m;
        double delta = RIDGE * (meanDiagonal > 0 ? meanDiagonal : 1);
        double[][] g = new double[m][m];
        double scale = 0;
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < m; k++) g[j][k] = gram[j][k];
            g[j][j] += delta;
            scale = Math.max(scale, Math.max(Math.abs(g[j][j]), Math.abs(c[j])));
            if (!Double.isFinite(g[j][j]) || !Double.isFinite(c[j])) {
                throw new IllegalArgumentException("non-finite member forecast statistics for member " + j);
            }
        }
        double tolerance = KKT_TOLERANCE * (scale > 0 ? scale : 1);
        double[] w = new double[m];
        boolean[] free = new boolean[m];
        java.util.Arrays.fill(w, 1.0 / m);
        java.util.Arrays.fill(free, true);
        int maxIterations = 10 * m + 100;
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            double[] z = equalityConstrained(g, c, free);
            int blocking = -1;
            double step = 1;
            for (int j = 0; j < m; j++) {
                if (free[j] && z[j] < 0) {
                    double s = w[j] / (w[j] - z[j]);
                    if (s < step) {
                        step = s;
                        blocking = j;
                    }
                }
            }
            if (blocking < 0) {
                System.arraycopy(z, 0, w, 0, m);
                int entering = mostNegativeMultiplier(g, c, w, free, tolerance);
                if (entering < 0) return normalised(w);
                free[entering] = true;
            } else {
                for (int j = 0; j < m; j++) if (free[j]) w[j] += step * (z[j] - w[j]);
                w[blocking] = 0;
                free[blocking] = false;
                for (int j = 0; j < m; j++) {
                    if (free[j] && w[j] <= 0) {
                        w[j] = 0;
                        free[j] = false;
                    }
                }
            }
        }
        throw new ArithmeticException("simplex least squares did not converge in " + maxIterations + " active-set iterations");
    }

    /** Minimiser over the free weights with the others at zero and the free ones summing to one. */
    private static double[] equalityConstrained(double[][] g, double[] c, boolean[] free) {
        int m = c.length;
        int[] idx = new int[m];
        int k = 0;
        for (int j = 0; j < m; j++) if (free[j]) idx[k++] = j;
        double[] z = new double[m];
        if (k == 1) {
            z[idx[0]] = 1;
            return z;
        }
        double[][] a = new double[k + 1][k + 1];
        double[] b = new double[k + 1];
        for (int r = 0; r < k; r++) {
            for (int s = 0; s < k; s++) a[r][s] = g[idx[r]][idx[s]];
            a[r][k] = 1;
            a[k][r] = 1;
            b[r] = c[idx[r]];
        }
        b[k] = 1;
        double[] x = LinearSystem.solve(a, b);
        for (int r = 0; r < k; r++) z[idx[r]] = x[r];
        return z;
    }

    /**
     * The zero weight whose bound multiplier {@code mu_j = (Gw - c)_j + nu} is most negative
     * (below {@code -tolerance}), or -1 if the KKT conditions hold.
     */
    private static int mostNegativeMultiplier(double[][] g, double[] c, double[] w, boolean[] free, double tolerance) {
        int m = c.length;
        double[] grad = new double[m];
        for (int j = 0; j < m; j++) {
            double s = -c[j];
            for (int k = 0; k < m; k++) s += g[j][k] * w[k];
            grad[j] = s;
        }
        double nu = 0;
        int freeCount = 0;
        for (int j = 0; j < m; j++) {
            if (free[j]) {
                nu -= grad[j];
                freeCount++;
            }
        }
        nu /= freeCount;
        int entering = -1;
        double most = -tolerance;
        for (int j = 0; j < m; j++) {
            if (!free[j]) {
                double mu = grad[j] + nu;
                if (mu < most) {
                    most = mu;
                    entering = j;
                }
            }
        }
        return entering;
    }

    private static double[] normalised(double[] w) {
        double sum = 0;
        for (int j = 0; j < w.length; j++) {
            if (w[j] < 0) w[j] = 0;
            sum += w[j];
        }
        for (int j = 0; j < w.length; j++) w[j] /= sum;
        return w;
    }
}
