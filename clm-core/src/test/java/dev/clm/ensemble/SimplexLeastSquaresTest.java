package dev.clm.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SimplexLeastSquaresTest {

    static double objective(double[][] p, double[] y, double[] w) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double f = 0;
            for (int j = 0; j < w.length; j++) f += w[j] * p[j][i];
            s += (y[i] - f) * (y[i] - f);
        }
        return s / y.length;
    }

    /** Correlated member forecasts of different quality, some biased: optimum sometimes inside, sometimes on a face. */
    static double[][] members(SplittableRandom r, double[] y, int m) {
        double[][] p = new double[m][y.length];
        double[] common = new double[y.length];
        for (int i = 0; i < y.length; i++) common[i] = r.nextGaussian();
        for (int j = 0; j < m; j++) {
            double skill = r.nextDouble();
            double bias = r.nextDouble() < 0.3 ? r.nextGaussian() : 0;
            double scale = 0.2 + 2 * r.nextDouble();
            for (int i = 0; i < y.length; i++) {
                p[j][i] = scale * (skill * y[i] + (1 - skill) * (0.5 * common[i] + r.nextGaussian())) + bias;
            }
        }
        return p;
    }

    /** Best point of a grid of step 1/steps over the simplex in m = 2, 3 or 4 dimensions. */
    static double[] gridArgmin(double[][] p, double[] y, int steps) {
        int m = p.length;
        double best = Double.POSITIVE_INFINITY;
        double[] arg = null;
        int[] a = new int[m];
        if (m == 2) {
            for (a[0] = 0; a[0] <= steps; a[0]++) {
                double[] w = {a[0] / (double) steps, (steps - a[0]) / (double) steps};
                double f = objective(p, y, w);
                if (f < best) { best = f; arg = w; }
            }
        } else if (m == 3) {
            for (a[0] = 0; a[0] <= steps; a[0]++) for (a[1] = 0; a[0] + a[1] <= steps; a[1]++) {
                double[] w = {a[0] / (double) steps, a[1] / (double) steps, (steps - a[0] - a[1]) / (double) steps};
                double f = objective(p, y, w);
                if (f < best) { best = f; arg = w; }
            }
        } else {
            for (a[0] = 0; a[0] <= steps; a[0]++) for (a[1] = 0; a[0] + a[1] <= steps; a[1]++)
                for (a[2] = 0; a[0] + a[1] + a[2] <= steps; a[2]++) {
                    double[] w = {a[0] / (double) steps, a[1] / (double) steps, a[2] / (double) steps,
                            (steps - a[0] - a[1] - a[2]) / (double) steps};
                    double f = objective(p, y, w);
                    if (f < best) { best = f; arg = w; }
                }
        }
        return arg;
    }

    @Test
    @DisplayName("matches a brute-force grid over the simplex on 60 random small problems (m = 2, 3, 4)")
    void matchesBruteForceGrid() {
        SplittableRandom r = new SplittableRandom(7);
        int boundary = 0;
        for (int problem = 0; problem < 60; problem++) {
            int m = 2 + problem % 3;
            int steps = m == 2 ? 2000 : m == 3 ? 200 : 40;
            double[] y = new double[80];
            for (int i = 0; i < y.length; i++) y[i] = r.nextGaussian();
            double[][] p = members(r, y, m);
            double[] w = SimplexLeastSquares.solve(p, y);
            double[] grid = gridArgmin(p, y, steps);
            double sum = 0;
            for (double v : w) {
                assertThat(v).isGreaterThanOrEqualTo(0);
                sum += v;
                if (v == 0) boundary++;
            }
            assertThat(sum).isCloseTo(1, within(1e-12));
            // never worse than any grid point, and the grid's best point is within a grid cell of the exact one
            assertThat(objective(p, y, w)).isLessThanOrEqualTo(objective(p, y, grid) + 1e-12);
            for (int j = 0; j < m; j++) assertThat(w[j]).as("problem %d member %d", problem, j).isCloseTo(grid[j], within(2.0 / steps));
        }
        assertThat(boundary).as("some optima lie on a face of the simplex (a zero weight)").isGreaterThan(5);
    }

    @Test
    @DisplayName("KKT conditions hold: equal gradient on the used members, no better direction towards an unused one")
    void satisfiesKkt() {
        SplittableRandom r = new SplittableRandom(11);
        for (int problem = 0; problem < 40; problem++) {
            int m = 2 + problem % 7;
            double[] y = new double[200];
            for (int i = 0; i < y.length; i++) y[i] = 0.01 * r.nextGaussian();
            double[][] p = members(r, y, m);
            for (double[] pj : p) for (int i = 0; i < pj.length; i++) pj[i] *= 0.01; // return-sized forecasts
            double[] w = SimplexLeastSquares.solve(p, y);
            double[] grad = new double[m];
            for (int i = 0; i < y.length; i++) {
                double f = 0;
                for (int j = 0; j < m; j++) f += w[j] * p[j][i];
                for (int j = 0; j < m; j++) grad[j] += 2 * (f - y[i]) * p[j][i] / y.length;
            }
            double level = Double.POSITIVE_INFINITY, scale = 0;
            for (int j = 0; j < m; j++) {
                if (w[j] > 0) level = Math.min(level, grad[j]);
                scale = Math.max(scale, Math.abs(grad[j]));
            }
            for (int j = 0; j < m; j++) {
                if (w[j] > 0) assertThat(grad[j]).isCloseTo(level, within(1e-9 * Math.max(scale, 1e-6)));
                else assertThat(grad[j]).isGreaterThanOrEqualTo(level - 1e-9 * Math.max(scale, 1e-6));
            }
        }
    }

    @Test
    void exactCasesAndDegenerateMembers() {
        double[] y = {1, 2, 3, 4};
        // a perfect member takes all the weight
        double[] w = SimplexLeastSquares.solve(new double[][] {{0, 0, 0, 0}, {1, 2, 3, 4}, {4, 3, 2, 1}}, y);
        assertThat(w[1]).isCloseTo(1, within(1e-9));
        // y is exactly 0.3 a + 0.7 b
        double[] a = {1, -1, 2, 0.5}, b = {0, 3, -1, 2};
        double[] yy = new double[4];
        for (int i = 0; i < 4; i++) yy[i] = 0.3 * a[i] + 0.7 * b[i];
        double[] w2 = SimplexLeastSquares.solve(new double[][] {a, b}, yy);
        assertThat(w2[0]).isCloseTo(0.3, within(1e-9));
        assertThat(w2[1]).isCloseTo(0.7, within(1e-9));
        // identical members: the split between them is arbitrary, the fit is that of the member alone
        double[] w3 = SimplexLeastSquares.solve(new double[][] {a, a.clone()}, y);
        assertThat(w3[0] + w3[1]).isCloseTo(1, within(1e-12));
        assertThat(w3[0]).isGreaterThanOrEqualTo(0);
        assertThat(w3[1]).isGreaterThanOrEqualTo(0);
        assertThat(objective(new double[][] {a, a}, y, w3)).isCloseTo(objective(new double[][] {a}, y, new double[] {1}), within(1e-12));
        assertThat(SimplexLeastSquares.solve(new double[][] {a}, y)).containsExactly(1.0);
        // deterministic
        assertThat(SimplexLeastSquares.solve(new double[][] {a, b}, y)).containsExactly(SimplexLeastSquares.solve(new double[][] {a, b}, y));
    }
}
