package dev.clm.features;

import java.util.Set;
import java.util.TreeSet;

/**
 * Features of rolling windows over the close: SMA ratios ({@code sma_ratio_p = close / SMA - 1}),
 * Bollinger %b and width, and close z-scores. One window per distinct period, shared by every
 * feature on that period (SMA 20, Bollinger 20 and z-score 20 read one window); deviations are
 * computed in two passes at the emitted bars ({@link RollingColumn#deviations}). Neutral values:
 * %b 0.5 and z-score 0 without deviation (a window of equal closes has exactly none).
 */
final class PriceWindowFeatures implements ColumnFamily {
    private final RollingColumn[] windows;
    private final double[][] means, stds;
    private final int[] smaWindow, zWindow;
    private final double[][] smaOut, zOut;
    private final int bbWindow;
    private final double[] pctOut, widthOut;
    private final double k;

    PriceWindowFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        Set<Integer> periods = new TreeSet<>();
        Set<Integer> deviation = new TreeSet<>();
        for (int p : c.maPeriods()) periods.add(p);
        periods.add(c.bollingerPeriod());
        deviation.add(c.bollingerPeriod());
        for (int p : c.zscorePeriods()) {
            periods.add(p);
            deviation.add(p);
        }
        windows = new RollingColumn[periods.size()];
        means = new double[windows.length][];
        stds = new double[windows.length][];
        int w = 0;
        for (int p : periods) {
            windows[w] = new RollingColumn(p);
            means[w] = block.column();
            stds[w] = deviation.contains(p) ? block.column() : null;
            w++;
        }
        smaWindow = ColumnFamily.windowsOf(windows, c.maPeriods());
        smaOut = ColumnFamily.outputsOf(block, layout, "sma_ratio_", c.maPeriods());
        zWindow = ColumnFamily.windowsOf(windows, c.zscorePeriods());
        zOut = ColumnFamily.outputsOf(block, layout, "zscore_close_", c.zscorePeriods());
        bbWindow = ColumnFamily.windowOf(windows, c.bollingerPeriod());
        pctOut = block.output(layout, "bb_pct_b_" + c.bollingerPeriod());
        widthOut = block.output(layout, "bb_width_" + c.bollingerPeriod());
        k = c.bollingerK();
    }

    @Override
    public void reset() {
        for (RollingColumn w : windows) w.reset();
    }

    @Override
    public void compute(BarBlock b) {
        int first = b.first(), end = b.end(), e = b.emitSlot();
        double[] close = b.closeCol;
        for (int w = 0; w < windows.length; w++) {
            windows[w].means(b, close, b.closeRuns, first, means[w]);
            if (stds[w] != null) RollingColumn.deviations(b, close, means[w], windows[w].period(), e, end, stds[w]);
        }
        for (int i = 0; i < smaOut.length; i++) {
            double[] out = smaOut[i], mean = means[smaWindow[i]];
            for (int j = e; j < end; j++) out[j] = close[j] / mean[j] - 1;
        }
        double[] mid = means[bbWindow], sd = stds[bbWindow];
        double k = this.k;
        for (int j = e; j < end; j++) {
            pctOut[j] = (close[j] - (mid[j] - k * sd[j])) / (2 * k * sd[j]);
            widthOut[j] = 2 * k * sd[j] / mid[j] * 100;
        }
        Guards.whereZero(sd, e, end, pctOut, 0.5);
        for (int i = 0; i < zOut.length; i++) {
            double[] out = zOut[i], mean = means[zWindow[i]], std = stds[zWindow[i]];
            for (int j = e; j < end; j++) out[j] = (close[j] - mean[j]) / std[j];
            Guards.whereZero(std, e, end, out, 0);
        }
    }
}
