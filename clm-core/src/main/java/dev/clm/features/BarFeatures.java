package dev.clm.features;

/**
 * Features of the bar itself: high-low range relative to the close, close location within the
 * range (0.5 for a zero range) and, when enabled, time of day and day of week as sine/cosine
 * (UTC; looked up from tables of the exact values per minute and weekday). Stateless.
 */
final class BarFeatures implements FeatureFamily {
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

    private final int rangeCol, locationCol;
    private final boolean time;
    private final int todSinCol, todCosCol, dowSinCol, dowCosCol;

    BarFeatures(FeatureConfig c, FeatureLayout layout) {
        rangeCol = FeatureFamily.column(layout, "hl_range");
        locationCol = FeatureFamily.column(layout, "close_location");
        time = c.timeFeatures();
        todSinCol = time ? FeatureFamily.column(layout, "tod_sin") : -1;
        todCosCol = time ? FeatureFamily.column(layout, "tod_cos") : -1;
        dowSinCol = time ? FeatureFamily.column(layout, "dow_sin") : -1;
        dowCosCol = time ? FeatureFamily.column(layout, "dow_cos") : -1;
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
        double[] close = b.closeCol, high = b.high(), low = b.low();
        int i0 = b.bar(j0);
        int m = 0;
        for (int r = 0; r < n; r++) {
            int i = i0 + r;
            double c = close[j0 + r], h = high[i], l = low[i];
            float range = (float) ((h - l) / c);
            float location = (float) (h == l ? 0.5 : (c - l) / (h - l));
            int o = base[r];
            out[o + rangeCol] = range;
            out[o + locationCol] = location;
            m = Math.max(m, Math.max(BarBlock.exponent(range), BarBlock.exponent(location)));
        }
        b.noteExponent(m);
        if (!time) return;
        long[] ts = b.timestamps();
        for (int r = 0; r < n; r++) {
            long ms = ts[i0 + r];
            int minute = (int) (Math.floorMod(ms, 86_400_000L) / 60_000L);
            int dow = (int) Math.floorMod(Math.floorDiv(ms, 86_400_000L) + 3, 7L); // 1970-01-01 was a Thursday; Monday = 0
            int o = base[r];
            out[o + todSinCol] = (float) TOD_SIN[minute];
            out[o + todCosCol] = (float) TOD_COS[minute];
            out[o + dowSinCol] = (float) DOW_SIN[dow];
            out[o + dowCosCol] = (float) DOW_COS[dow];
        }
    }
}
