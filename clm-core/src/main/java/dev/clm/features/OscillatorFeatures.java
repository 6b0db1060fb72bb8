package dev.clm.features;

/**
 * Stochastic %K and %D, Williams %R and CCI. Highest high / lowest low come from {@link
 * SlidingExtreme} (shared by stochastic and Williams when their periods are equal); %D is a
 * rolling mean of %K; CCI's mean deviation is summed over a ring in {@link RollingWindow}'s slot
 * order at each emitted bar. Neutral values: %K 50 and %R -50 with a zero range, CCI 0 with zero mean
 * deviation (as ta4j).
 */
final class OscillatorFeatures implements FeatureFamily {
    private final SlidingExtreme stochHigh, stochLow, willHigh, willLow;
    private final double[] highest, lowest, willHighest, willLowest, kValue, kZeros, dValue;
    private final RollingColumn kWindow, tpWindow;
    private final double[] tpMean, meanDeviation;
    private final double[] ring;
    private int ringPos;
    private final int kCol, dCol, willCol, cciCol;

    OscillatorFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        stochHigh = new SlidingExtreme(c.stochPeriod(), true, block);
        stochLow = new SlidingExtreme(c.stochPeriod(), false, block);
        boolean shared = c.williamsPeriod() == c.stochPeriod();
        willHigh = shared ? null : new SlidingExtreme(c.williamsPeriod(), true, block);
        willLow = shared ? null : new SlidingExtreme(c.williamsPeriod(), false, block);
        highest = block.column();
        lowest = block.column();
        willHighest = shared ? highest : block.column();
        willLowest = shared ? lowest : block.column();
        kValue = block.column();
        kZeros = block.column();
        dValue = block.column();
        kWindow = new RollingColumn(c.stochSmooth(), false);
        tpWindow = new RollingColumn(c.cciPeriod(), false);
        tpMean = block.column();
        meanDeviation = block.column();
        ring = new double[c.cciPeriod()];
        kCol = FeatureFamily.column(layout, "stoch_k_" + c.stochPeriod());
        dCol = FeatureFamily.column(layout, "stoch_d_" + c.stochPeriod());
        willCol = FeatureFamily.column(layout, "williams_r_" + c.williamsPeriod());
        cciCol = FeatureFamily.column(layout, "cci_" + c.cciPeriod());
    }

    @Override
    public double[][] historyColumns() {
        return new double[][] {kValue, kZeros};
    }

    @Override
    public void reset() {
        kWindow.reset();
        tpWindow.reset();
        ringPos = 0;
    }

    @Override
    public void advance(BarBlock b) {
        int first = b.first(), end = b.end();
        double[] close = b.closeCol;
        stochHigh.compute(b, b.highCol, highest);
        stochLow.compute(b, b.lowCol, lowest);
        if (willHigh != null) {
            willHigh.compute(b, b.highCol, willHighest);
            willLow.compute(b, b.lowCol, willLowest);
        }
        for (int j = first; j < end; j++) {
            double hh = highest[j], ll = lowest[j];
            kValue[j] = hh == ll ? 50 : (close[j] - ll) / (hh - ll) * 100;
        }
        b.zeroRuns(kValue, kZeros);
        kWindow.means(kValue, kZeros, first, end, dValue);
        tpWindow.means(b.typical, b.noZeros, first, end, tpMean);
        // CCI's mean deviation, over the window in RollingWindow's ring order, at emitted bars only.
        double[] tp = b.typical, buf = ring;
        int emit = b.emitSlot(), pos = ringPos, p = buf.length;
        for (int j = first; j < end; j++) {
            buf[pos] = tp[j];
            pos = pos + 1 == p ? 0 : pos + 1;
            if (j >= emit) meanDeviation[j] = meanAbsDeviation(buf, tpMean[j]);
        }
        ringPos = pos;
    }

    @Override
    public void emit(BarBlock b) {
        float[] out = b.out();
        int[] base = b.rowBase();
        int j0 = b.emitSlot(), n = b.emitted();
        double[] close = b.closeCol, tp = b.typical;
        int m = 0;
        for (int r = 0; r < n; r++) {
            int j = j0 + r;
            double wh = willHighest[j], wl = willLowest[j], md = meanDeviation[j];
            float k = (float) kValue[j], d = (float) dValue[j];
            float w = (float) (wh == wl ? -50 : (wh - close[j]) / (wh - wl) * -100);
            float cci = (float) (md == 0 ? 0 : (tp[j] - tpMean[j]) / (0.015 * md));
            int o = base[r];
            out[o + kCol] = k;
            out[o + dCol] = d;
            out[o + willCol] = w;
            out[o + cciCol] = cci;
            m = Math.max(m, Math.max(Math.max(BarBlock.exponent(k), BarBlock.exponent(d)),
                    Math.max(BarBlock.exponent(w), BarBlock.exponent(cci))));
        }
        b.noteExponent(m);
    }

    /** {@link RollingWindow#meanAbsDeviation} of a full window, same summation order. */
    private static double meanAbsDeviation(double[] buf, double center) {
        int count = buf.length;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            s0 += Math.abs(buf[i] - center);
            s1 += Math.abs(buf[i + 1] - center);
            s2 += Math.abs(buf[i + 2] - center);
            s3 += Math.abs(buf[i + 3] - center);
        }
        for (; i < count; i++) s0 += Math.abs(buf[i] - center);
        return ((s0 + s1) + (s2 + s3)) * (1.0 / count);
    }
}
