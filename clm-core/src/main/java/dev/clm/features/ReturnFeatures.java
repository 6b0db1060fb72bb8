package dev.clm.features;

/**
 * Log returns over each return period ({@code log_ret_p}), rates of change in percent ({@code
 * roc_p}) and the lagged one-bar log returns ({@code ret_lag_k}): differences of the log close
 * and close columns against their own history. Stateless.
 */
final class ReturnFeatures implements ColumnFamily {
    private final int[] returnPeriods, rocPeriods;
    private final double[][] returns, rocs, lags;

    ReturnFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        returnPeriods = c.returnPeriods();
        returns = new double[returnPeriods.length][];
        for (int i = 0; i < returnPeriods.length; i++) returns[i] = block.output(layout, "log_ret_" + returnPeriods[i]);
        rocPeriods = c.rocPeriods();
        rocs = new double[rocPeriods.length][];
        for (int i = 0; i < rocPeriods.length; i++) rocs[i] = block.output(layout, "roc_" + rocPeriods[i]);
        lags = new double[c.returnLags()][];
        for (int k = 0; k < lags.length; k++) lags[k] = block.output(layout, "ret_lag_" + k);
    }

    @Override
    public void reset() {}

    @Override
    public void compute(BarBlock b) {
        int e = b.emitSlot(), end = b.end();
        double[] logC = b.logClose, close = b.closeCol;
        for (int i = 0; i < returnPeriods.length; i++) {
            double[] out = returns[i];
            int p = returnPeriods[i];
            for (int j = e; j < end; j++) out[j] = logC[j] - logC[j - p];
        }
        // The close p bars back copied to the same slots first: a loop reading one double[] at j - p and
        // writing another at j is not vectorised (see RollingColumn#deviations), and this one divides.
        double[] back = b.lagColumns()[0];
        for (int i = 0; i < rocPeriods.length; i++) {
            double[] out = rocs[i];
            int p = rocPeriods[i];
            System.arraycopy(close, e - p, back, e, end - e);
            for (int j = e; j < end; j++) out[j] = (close[j] - back[j]) / back[j] * 100;
        }
        for (int lag = 0; lag < lags.length; lag++) {
            double[] out = lags[lag];
            for (int j = e; j < end; j++) out[j] = logC[j - lag] - logC[j - lag - 1];
        }
    }
}
