package dev.clm.ensemble;

/** Dense Gaussian elimination with partial pivoting, for the small systems of the ensemble fits. */
final class LinearSystem {
    private LinearSystem() {}

    /**
     * Solves {@code a x = b} ({@code a} is n x n). {@code a} and {@code b} are overwritten.
     *
     * @throws ArithmeticException if {@code a} is singular to working precision
     */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double scale = 0;
        for (double[] row : a) for (double v : row) scale = Math.max(scale, Math.abs(v));
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
            if (!(Math.abs(a[pivot][col]) > 1e-300 && Math.abs(a[pivot][col]) > scale * 1e-15)) {
                throw new ArithmeticException("singular system at column " + col + " of " + n);
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            double tb = b[col];
            b[col] = b[pivot];
            b[pivot] = tb;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                if (f == 0) continue;
                for (int c = col; c < n; c++) a[r][c] -= f * a[col][c];
                b[r] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = b[r];
            for (int c = r + 1; c < n; c++) s -= a[r][c] * x[c];
            x[r] = s / a[r][r];
        }
        return x;
    }
}
