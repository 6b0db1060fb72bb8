package dev.clm.features;

import java.util.Set;
import java.util.TreeSet;

/**
 * Features of rolling windows over the volume: volume z-scores, volume ratios ({@code volume /
 * mean volume}), OBV normalised by the window's volume ({@code obv_norm_p}: signed volume sum /
 * volume sum, computed as the ratio of the two windows' means) and MFI (positive / negative
 * money flow, likewise). One volume window per distinct period, shared by every feature on it;
 * deviations in two passes at the emitted bars. Neutral values: z-score 0 without deviation,
 * volume ratio 1 and OBV-norm 0 without volume, MFI 50 without money flow.
 */
final class VolumeFeatures implements ColumnFamily {
    private final RollingColumn[] windows;
    private final double[][] means, stds;
    private final int obvWindow;
    private final int[] zWindow, ratioWindow;
    private final double[][] zOut, ratioOut;
    private final RollingColumn obvSignedWindow, posWindow, negWindow;
    private final double[] obvSignedMean, posMean, negMean;
    private final double[] obvOut, mfiOut;
    private final boolean obv, mfi;

    VolumeFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        obv = c.enabled("obv");
        mfi = c.enabled("mfi");
        Set<Integer> periods = new TreeSet<>();
        if (obv) periods.add(c.obvPeriod());
        for (int p : c.zscorePeriods()) periods.add(p);
        for (int p : c.volumeRatioPeriods()) periods.add(p);
        Set<Integer> zscore = new TreeSet<>();
        for (int p : c.zscorePeriods()) zscore.add(p);
        windows = new RollingColumn[periods.size()];
        means = new double[windows.length][];
        stds = new double[windows.length][];
        int w = 0;
        for (int p : periods) {
            windows[w] = new RollingColumn(p);
            means[w] = block.column();
            stds[w] = zscore.contains(p) ? block.column() : null;
            w++;
        }
        obvWindow = obv ? ColumnFamily.windowOf(windows, c.obvPeriod()) : -1;
        zWindow = ColumnFamily.windowsOf(windows, c.zscorePeriods());
        zOut = ColumnFamily.outputsOf(block, layout, "zscore_volume_", c.zscorePeriods());
        ratioWindow = ColumnFamily.windowsOf(windows, c.volumeRatioPeriods());
        ratioOut = ColumnFamily.outputsOf(block, layout, "volume_ratio_", c.volumeRatioPeriods());
        obvSignedWindow = new RollingColumn(c.obvPeriod());
        obvSignedMean = block.column();
        posWindow = new RollingColumn(c.mfiPeriod());
        negWindow = new RollingColumn(c.mfiPeriod());
        posMean = block.column();
        negMean = block.column();
        obvOut = block.output(layout, "obv_norm_" + c.obvPeriod());
        mfiOut = block.output(layout, "mfi_" + c.mfiPeriod());
    }

    @Override
    public void reset() {
        for (RollingColumn w : windows) w.reset();
        obvSignedWindow.reset();
        posWindow.reset();
        negWindow.reset();
    }

    @Override
    public void compute(BarBlock b) {
        int first = b.first(), end = b.end(), e = b.emitSlot();
        double[] volume = b.volumeCol;
        for (int w = 0; w < windows.length; w++) {
            if (obv && w == obvWindow) { // OBV's two windows (signed volume, volume) in one loop
                windows[w].meansWith(obvSignedWindow, b, first, volume, b.volumeRuns, means[w], b.obvSigned, b.obvSignedRuns,
                        obvSignedMean);
            } else {
                windows[w].means(b, volume, b.volumeRuns, first, means[w]);
            }
            if (stds[w] != null) RollingColumn.deviations(b, volume, means[w], windows[w].period(), e, end, stds[w]);
        }
        if (mfi) posWindow.meansWith(negWindow, b, first, b.flowPos, b.flowPosRuns, posMean, b.flowNeg, b.flowNegRuns, negMean);

        for (int i = 0; i < zOut.length; i++) {
            double[] out = zOut[i], mean = means[zWindow[i]], std = stds[zWindow[i]];
            for (int j = e; j < end; j++) out[j] = (volume[j] - mean[j]) / std[j];
            Guards.whereZero(std, e, end, out, 0);
        }
        for (int i = 0; i < ratioOut.length; i++) {
            double[] out = ratioOut[i], mean = means[ratioWindow[i]];
            for (int j = e; j < end; j++) out[j] = volume[j] / mean[j];
            for (int j = e; j < end; j++) if (mean[j] <= 0) out[j] = 1;
        }
        if (obv) {
            double[] vm = means[obvWindow], signed = obvSignedMean;
            for (int j = e; j < end; j++) obvOut[j] = signed[j] / vm[j];
            for (int j = e; j < end; j++) if (vm[j] <= 0) obvOut[j] = 0;
        }
        if (mfi) {
            double[] pos = posMean, neg = negMean;
            for (int j = e; j < end; j++) mfiOut[j] = 100 - 100 / (1 + pos[j] / neg[j]);
            // FeatureKernel.mfi's special cases: no negative flow, or a negative positive flow.
            for (int j = e; j < end; j++) if (!(neg[j] > 0) || pos[j] < 0) mfiOut[j] = FeatureKernel.mfi(pos[j], neg[j]);
        }
    }
}
