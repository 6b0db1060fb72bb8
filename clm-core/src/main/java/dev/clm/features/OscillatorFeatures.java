package dev.clm.features;

/**
 * Stochastic %K and %D, Williams %R and CCI. Highest high / lowest low come from {@link
 * SlidingExtreme} (shared by stochastic and Williams when their periods are equal); %D is a
 * rolling mean of %K; CCI's mean deviation is summed in two passes at the emitted bars ({@link
 * RollingColumn#meanAbsDeviations}). Neutral values: %K 50 and %R -50 with a zero range, CCI 0 with zero mean
 * deviation (as ta4j).
 */
final class OscillatorFeatures implements ColumnFamily {
    private final SlidingExtreme stochHigh, stochLow, willHigh, willLow;
    private final double[] highest, lowest, willHighest, willLowest, kRuns;
    private final RollingColumn kWindow, tpWindow;
    private final double[] tpMean, meanDeviation;
    private final double[] kOut, dOut, willOut, cciOut;
    private final boolean stochastic, williams, cci;

    OscillatorFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        stochastic = c.enabled("stochastic");
        williams = c.enabled("williams");
        cci = c.enabled("cci");
        stochHigh = new SlidingExtreme(c.stochPeriod(), true, block);
        stochLow = new SlidingExtreme(c.stochPeriod(), false, block);
        boolean shared = c.williamsPeriod() == c.stochPeriod();
        willHigh = shared ? null : new SlidingExtreme(c.williamsPeriod(), true, block);
        willLow = shared ? null : new SlidingExtreme(c.williamsPeriod(), false, block);
        highest = block.column();
        lowest = block.column();
        willHighest = shared ? highest : block.column();
        willLowest = shared ? lowest : block.column();
        kRuns = block.historyColumn();
        kWindow = new RollingColumn(c.stochSmooth());
        tpWindow = new RollingColumn(c.cciPeriod());
        tpMean = block.column();
        meanDeviation = block.column();
        kOut = block.historyOutput(layout, "stoch_k_" + c.stochPeriod()); // %D's window reads %K back
        dOut = block.output(layout, "stoch_d_" + c.stochPeriod());
        willOut = block.output(layout, "williams_r_" + c.williamsPeriod());
        cciOut = block.output(layout, "cci_" + c.cciPeriod());
    }

    @Override
    public void reset() {
        kWindow.reset();
        tpWindow.reset();
    }

    @Override
    public void compute(BarBlock b) {
        int first = b.first(), end = b.end(), e = b.emitSlot();
        double[] close = b.closeCol;
        if (stochastic || (williams && willHigh == null)) {
            stochHigh.compute(b, b.highCol, highest);
            stochLow.compute(b, b.lowCol, lowest);
        }
        if (williams && willHigh != null) {
            willHigh.compute(b, b.highCol, willHighest);
            willLow.compute(b, b.lowCol, willLowest);
        }
        if (stochastic) {
            double[] hh = highest, ll = lowest, k = kOut;
            for (int j = first; j < end; j++) k[j] = (close[j] - ll[j]) / (hh[j] - ll[j]) * 100;
            Guards.whereEqual(hh, ll, first, end, k, 50);
            b.equalRuns(k, kRuns);
            kWindow.means(b, k, kRuns, first, dOut);
        }
        if (williams) {
            double[] wh = willHighest, wl = willLowest;
            for (int j = e; j < end; j++) willOut[j] = (wh[j] - close[j]) / (wh[j] - wl[j]) * -100;
            Guards.whereEqual(wh, wl, e, end, willOut, -50);
        }
        if (!cci) return;
        double[] tp = b.typical;
        tpWindow.means(b, tp, b.typicalRuns, first, tpMean);
        RollingColumn.meanAbsDeviations(b, tp, tpMean, tpWindow.period(), e, end, meanDeviation);
        for (int j = e; j < end; j++) cciOut[j] = (tp[j] - tpMean[j]) / (0.015 * meanDeviation[j]);
        Guards.whereZero(meanDeviation, e, end, cciOut, 0);
    }
}
