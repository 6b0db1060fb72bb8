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
    private final double[] highest, lowest, willHighest, willLowest, kZeros;
    private final RollingColumn kWindow, tpWindow;
    private final double[] tpMean, meanDeviation;
    private final double[] ring;
    private int ringPos;
    private final double[] kOut, dOut, willOut, cciOut;

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
        kZeros = block.historyColumn();
        kWindow = new RollingColumn(c.stochSmooth(), false);
        tpWindow = new RollingColumn(c.cciPeriod(), false);
        tpMean = block.column();
        meanDeviation = block.column();
        ring = new double[c.cciPeriod()];
        kOut = block.historyOutput(FeatureFamily.column(layout, "stoch_k_" + c.stochPeriod())); // %D's window reads %K back
        dOut = block.output(FeatureFamily.column(layout, "stoch_d_" + c.stochPeriod()));
        willOut = block.output(FeatureFamily.column(layout, "williams_r_" + c.williamsPeriod()));
        cciOut = block.output(FeatureFamily.column(layout, "cci_" + c.cciPeriod()));
    }

    @Override
    public void reset() {
        kWindow.reset();
        tpWindow.reset();
        ringPos = 0;
    }

    @Override
    public void compute(BarBlock b) {
        int first = b.first(), end = b.end(), e = b.emitSlot();
        double[] close = b.closeCol;
        stochHigh.compute(b, b.highCol, highest);
        stochLow.compute(b, b.lowCol, lowest);
        if (willHigh != null) {
            willHigh.compute(b, b.highCol, willHighest);
            willLow.compute(b, b.lowCol, willLowest);
        }
        double[] hh = highest, ll = lowest, k = kOut;
        for (int j = first; j < end; j++) k[j] = (close[j] - ll[j]) / (hh[j] - ll[j]) * 100;
        Guards.whereEqual(hh, ll, first, end, k, 50);
        b.zeroRuns(k, kZeros);
        kWindow.means(k, kZeros, first, end, dOut);
        double[] wh = willHighest, wl = willLowest;
        for (int j = e; j < end; j++) willOut[j] = (wh[j] - close[j]) / (wh[j] - wl[j]) * -100;
        Guards.whereEqual(wh, wl, e, end, willOut, -50);

        double[] tp = b.typical;
        tpWindow.means(tp, b.noZeros, first, end, tpMean);
        // CCI's mean deviation, over the window in RollingWindow's ring order, at emitted bars only.
        double[] buf = ring;
        int pos = ringPos, p = buf.length;
        for (int j = first; j < end; j++) {
            buf[pos] = tp[j];
            pos = pos + 1 == p ? 0 : pos + 1;
            if (j >= e) meanDeviation[j] = meanAbsDeviation(buf, tpMean[j]);
        }
        ringPos = pos;
        for (int j = e; j < end; j++) cciOut[j] = (tp[j] - tpMean[j]) / (0.015 * meanDeviation[j]);
        Guards.whereZero(meanDeviation, e, end, cciOut, 0);
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
