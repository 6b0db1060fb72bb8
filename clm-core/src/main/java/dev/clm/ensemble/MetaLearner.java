package dev.clm.ensemble;

/**
 * The stacking meta-learners, fitted on the members' out-of-fold forecasts. Member forecasts
 * are standardised before fitting (so the penalty {@code lambda} is scale-free: with
 * uncorrelated members a coefficient shrinks by about {@code 1 / (1 + lambda)}), and the fitted
 * coefficients are mapped back to the raw forecast scale. A member whose forecasts are constant
 * on the fit rows gets coefficient 0. The intercept is not penalised. Deterministic.
 */
public enum MetaLearner {
    /**
     * Ridge regression of the forward return on the member forecasts:
     * {@code min (1/n) sum (y - b - z'c)^2 + lambda ||c||^2}; identity link.
     */
    RIDGE,
    /**
     * L2-penalised logistic regression of the direction ({@code y > 0}) on the member forecasts,
     * fitted by Newton's method: {@code min -(1/n) loglik + (lambda/2) ||c||^2}; the forecast is
     * {@code (2 P(up) - 1) * mean|y|} ({@link Combination.Link#DIRECTION_PROBABILITY}).
     */
    LOGISTIC;

    private static final int MAX_NEWTON_STEPS = 100;

    /** The name used in parameters ({@code ridge}, {@code logistic}). */
    public String paramName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The meta-learner named {@code name} ({@code ridge} or {@code logistic}). */
    public static MetaLearner fromParam(String name) {
        for (MetaLearner m : values()) if (m.paramName().equals(name)) return m;
        throw new IllegalArgumentException("ensemble parameter 'meta' must be 'ridge' or 'logistic', was '" + name + "'");
    }

    /**
     * Fits the combination.
     *
     * @param predictions {@code predictions[j][i]}: member j's out-of-fold forecast for row i
     * @param y           forward returns, one per row
     * @param lambda      penalty, >= 0 (logistic needs > 0 if the directions are separable)
     */
    public Combination fit(double[][] predictions, double[] y, double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) throw new IllegalArgumentException("lambda must be finite and >= 0, was " + lambda);
        int m = predictions.length;
        int n = y.length;
        if (m == 0 || n < 2) throw new IllegalArgumentException("need at least one member and two rows, got " + m + " and " + n);
        double[] mean = new double[m];
        double[] sd = new double[m];
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += predictions[j][i];
            mean[j] = s / n;
            double v = 0;
            for (int i = 0; i < n; i++) {
                double d = predictions[j][i] - mean[j];
                v += d * d;
            }
            sd[j] = Math.sqrt(v / n);
        }
        double[][] z = new double[m][n];
        for (int j = 0; j < m; j++) {
            if (!(sd[j] > 0)) continue; // constant forecast: its column stays zero and so does its coefficient
            for (int i = 0; i < n; i++) z[j][i] = (predictions[j][i] - mean[j]) / sd[j];
        }
        double[] beta = this == RIDGE ? ridge(z, y, lambda) : logistic(z, y, lambda);
        double intercept = beta[m];
        double[] raw = new double[m];
        for (int j = 0; j < m; j++) {
            if (!(sd[j] > 0)) continue;
            raw[j] = beta[j] / sd[j];
            intercept -= raw[j] * mean[j];
        }
        if (this == RIDGE) return new Combination(Combination.Link.IDENTITY, intercept, raw, 1);
        double meanAbs = 0;
        for (double v : y) meanAbs += Math.abs(v);
        meanAbs /= n;
        return new Combination(Combination.Link.DIRECTION_PROBABILITY, intercept, raw, meanAbs > 0 ? meanAbs : Double.MIN_NORMAL);
    }

    /** Coefficients on standardised columns, then the intercept. */
    private static double[] ridge(double[][] z, double[] y, double lambda) {
        int m = z.length, n = y.length;
        double yMean = 0;
        for (double v : y) yMean += v;
        yMean /= n;
        double[][] a = new double[m][m];
        double[] b = new double[m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k <= j; k++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += z[j][i] * z[k][i];
                a[j][k] = s / n;
                a[k][j] = s / n;
            }
            double s = 0;
            for (int i = 0; i < n; i++) s += z[j][i] * (y[i] - yMean);
            b[j] = s / n;
            // a zero column (constant member) gets a unit diagonal so the system stays regular; its b is 0
            a[j][j] += lambda + (a[j][j] == 0 ? 1 : 1e-12);
        }
        double[] c = LinearSystem.solve(a, b);
        double[] out = new double[m + 1];
        System.arraycopy(c, 0, out, 0, m);
        out[m] = yMean; // standardised columns have mean zero
        return out;
    }

    private static double[] logistic(double[][] z, double[] y, double lambda) {
        int m = z.length, n = y.length;
        int p = m + 1; // coefficients then intercept
        double[] beta = new double[p];
        double ups = 0;
        for (double v : y) if (v > 0) ups++;
        double base = Math.min(Math.max(ups / n, 1e-6), 1 - 1e-6);
        beta[m] = Math.log(base / (1 - base));
        double[] x = new double[p];
        for (int step = 0; step < MAX_NEWTON_STEPS; step++) {
            double[] grad = new double[p];
            double[][] hess = new double[p][p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) x[j] = z[j][i];
                x[m] = 1;
                double s = 0;
                for (int j = 0; j < p; j++) s += beta[j] * x[j];
                double prob = 1 / (1 + Math.exp(-s));
                double r = prob - (y[i] > 0 ? 1 : 0);
                double w = prob * (1 - prob);
                for (int j = 0; j < p; j++) {
                    grad[j] += r * x[j] / n;
                    for (int k = 0; k <= j; k++) hess[j][k] += w * x[j] * x[k] / n;
                }
            }
            for (int j = 0; j < p; j++) for (int k = 0; k < j; k++) hess[k][j] = hess[j][k];
            for (int j = 0; j < m; j++) {
                grad[j] += lambda * beta[j];
                hess[j][j] += lambda + (hess[j][j] == 0 ? 1 : 1e-12);
            }
            hess[m][m] += 1e-12;
            double[] delta = LinearSystem.solve(hess, grad);
            double largest = 0;
            for (int j = 0; j < p; j++) {
                beta[j] -= delta[j];
                largest = Math.max(largest, Math.abs(delta[j]));
            }
            if (largest < 1e-10) return beta;
        }
        throw new ArithmeticException("logistic meta-learner did not converge in " + MAX_NEWTON_STEPS
                + " Newton steps (directions separable? raise meta_lambda, was " + lambda + ")");
    }
}
