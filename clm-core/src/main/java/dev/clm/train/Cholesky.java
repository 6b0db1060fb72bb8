package dev.clm.train;

/** Solves a symmetric positive-definite system by Cholesky decomposition (small dense matrices). */
final class Cholesky {
    private Cholesky() {}

    /** Solves {@code a x = b}; {@code a} is overwritten with its factor. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        for (int j = 0; j < n; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) d -= a[j][k] * a[j][k];
            if (!(d > 0)) throw new ArithmeticException("matrix is not positive definite at column " + j);
            double l = Math.sqrt(d);
            a[j][j] = l;
            for (int i = j + 1; i < n; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= a[i][k] * a[j][k];
                a[i][j] = s / l;
            }
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= a[i][k] * y[k];
            y[i] = s / a[i][i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= a[k][i] * x[k];
            x[i] = s / a[i][i];
        }
        return x;
    }
}
