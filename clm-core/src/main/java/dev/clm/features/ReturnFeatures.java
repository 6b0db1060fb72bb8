package dev.clm.features;

/**
 * Log returns over each return period ({@code log_ret_p}), rates of change in percent ({@code
 * roc_p}) and the lagged one-bar log returns ({@code ret_lag_k}): differences of the log close
 * and close columns against their own history. Stateless.
 */
final class ReturnFeatures implements FeatureFamily {
    private final int[] returnPeriods, returnCols, rocPeriods, rocCols, lagCols;

    ReturnFeatures(FeatureConfig c, FeatureLayout layout) {
        returnPeriods = c.returnPeriods();
        returnCols = new int[returnPeriods.length];
        for (int i = 0; i < returnPeriods.length; i++) returnCols[i] = FeatureFamily.column(layout, "log_ret_" + returnPeriods[i]);
        rocPeriods = c.rocPeriods();
        rocCols = new int[rocPeriods.length];
        for (int i = 0; i < rocPeriods.length; i++) rocCols[i] = FeatureFamily.column(layout, "roc_" + rocPeriods[i]);
        lagCols = new int[c.returnLags()];
        for (int k = 0; k < lagCols.length; k++) lagCols[k] = FeatureFamily.column(layout, "ret_lag_" + k);
    }

    @Override
    public void reset() {}

    @Override
    public void advance(BarBlock b) {}

    @Override
    public void emit(BarBlock b) {
        float[] out = b.out();
        int[] base = b.rowBase();
        int j0 = b.emitSlot(), n = b.emitted();
        double[] logC = b.logClose, close = b.closeCol;
        int m = 0;
        for (int i = 0; i < returnPeriods.length; i++) {
            int p = returnPeriods[i], col = returnCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                float f = (float) (logC[j] - logC[j - p]);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        for (int i = 0; i < rocPeriods.length; i++) {
            int p = rocPeriods[i], col = rocCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                double past = close[j - p];
                float f = (float) ((close[j] - past) / past * 100);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        for (int lag = 0; lag < lagCols.length; lag++) {
            int col = lagCols[lag];
            for (int r = 0; r < n; r++) {
                int j = j0 + r - lag;
                float f = (float) (logC[j] - logC[j - 1]);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        b.noteExponent(m);
    }
}
