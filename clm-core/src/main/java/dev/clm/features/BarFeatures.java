package dev.clm.features;

/**
 * Features of the bar itself: high-low range relative to the close, close location within the
 * range (0.5 for a zero range) and, when enabled, time of day and day of week as sine/cosine
 * (UTC; looked up from tables of the exact values per minute and weekday). Stateless.
 */
final class BarFeatures implements ColumnFamily {
    private static final double[] TOD_SIN = new double[1440];
    private static final double[] TOD_COS = new double[1440];
    private static final double[] DOW_SIN = new double[7];
    private static final double[] DOW_COS = new double[7];

    static {
        for (int m = 0; m < 1440; m++) {
            TOD_SIN[m] = Math.sin(2 * Math.PI * m / 1440.0);
            TOD_COS[m] = Math.cos(2 * Math.PI * m / 1440.0);
        }
        for (int d = 0; d < 7; d++) {
            DOW_SIN[d] = Math.sin(2 * Math.PI * d / 7.0);
            DOW_COS[d] = Math.cos(2 * Math.PI * d / 7.0);
        }
    }

    private final double[] rangeOut, locationOut;
    private final boolean time, bar;
    private final double[] todSin, todCos, dowSin, dowCos;

    BarFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        rangeOut = block.output(layout, "hl_range");
        locationOut = block.output(layout, "close_location");
        time = c.timeFeatures();
        bar = c.enabled("bar");
        todSin = time ? block.output(layout, "tod_sin") : null;
        todCos = time ? block.output(layout, "tod_cos") : null;
        dowSin = time ? block.output(layout, "dow_sin") : null;
        dowCos = time ? block.output(layout, "dow_cos") : null;
    }

    @Override
    public void reset() {}

    @Override
    public void compute(BarBlock b) {
        int e = b.emitSlot(), end = b.end();
        double[] close = b.closeCol, high = b.highCol, low = b.lowCol;
        if (bar) {
            for (int j = e; j < end; j++) {
                rangeOut[j] = (high[j] - low[j]) / close[j];
                locationOut[j] = (close[j] - low[j]) / (high[j] - low[j]);
            }
            Guards.whereEqual(high, low, e, end, locationOut, 0.5);
        }
        if (!time) return;
        long[] ts = b.timestamps();
        for (int j = e, i = b.bar(e); j < end; j++, i++) {
            long ms = ts[i];
            int minute = (int) (Math.floorMod(ms, 86_400_000L) / 60_000L);
            int dow = (int) Math.floorMod(Math.floorDiv(ms, 86_400_000L) + 3, 7L); // 1970-01-01 was a Thursday; Monday = 0
            todSin[j] = TOD_SIN[minute];
            todCos[j] = TOD_COS[minute];
            dowSin[j] = DOW_SIN[dow];
            dowCos[j] = DOW_COS[dow];
        }
    }
}
