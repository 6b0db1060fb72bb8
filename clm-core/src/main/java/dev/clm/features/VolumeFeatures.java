package dev.clm.features;

import java.util.Set;
import java.util.TreeSet;

/**
 * Features of rolling windows over the volume: volume z-scores, volume ratios ({@code volume /
 * mean volume}), OBV normalised by the window's volume ({@code obv_norm_p}: signed volume sum /
 * volume sum) and MFI. One volume window per distinct period, shared by every feature on it.
 * Neutral values: z-score 0 without deviation, volume ratio 1 and OBV-norm 0 without volume,
 * MFI 50 without money flow.
 */
final class VolumeFeatures implements FeatureFamily {
    private final RollingColumn[] windows;
    private final double[][] means, stds;
    private final double[] volumeSum;
    private final int obvWindow;
    private final int[] zWindow, zCols, ratioWindow, ratioCols;
    private final RollingColumn obvSignedWindow, posWindow, negWindow;
    private final double[] obvSignedSum, posSum, negSum;
    private final int obvCol, mfiCol;

    VolumeFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        Set<Integer> periods = new TreeSet<>();
        periods.add(c.obvPeriod());
        for (int p : c.zscorePeriods()) periods.add(p);
        for (int p : c.volumeRatioPeriods()) periods.add(p);
        Set<Integer> zscore = new TreeSet<>();
        for (int p : c.zscorePeriods()) zscore.add(p);
        windows = new RollingColumn[periods.size()];
        means = new double[windows.length][];
        stds = new double[windows.length][];
        int w = 0;
        for (int p : periods) {
            // The OBV window also needs its sum: a window read for two outputs keeps squares and
            // runs the mean/deviation/sum loop (squares change no mean or sum).
            boolean ratio = contains(c.volumeRatioPeriods(), p);
            boolean squares = zscore.contains(p) || (p == c.obvPeriod() && ratio);
            windows[w] = new RollingColumn(p, squares);
            means[w] = block.column();
            stds[w] = squares ? block.column() : null;
            w++;
        }
        obvWindow = indexOf(c.obvPeriod());
        volumeSum = block.column();
        int[] zp = c.zscorePeriods();
        zWindow = new int[zp.length];
        zCols = new int[zp.length];
        for (int i = 0; i < zp.length; i++) {
            zWindow[i] = indexOf(zp[i]);
            zCols[i] = FeatureFamily.column(layout, "zscore_volume_" + zp[i]);
        }
        int[] vr = c.volumeRatioPeriods();
        ratioWindow = new int[vr.length];
        ratioCols = new int[vr.length];
        for (int i = 0; i < vr.length; i++) {
            ratioWindow[i] = indexOf(vr[i]);
            ratioCols[i] = FeatureFamily.column(layout, "volume_ratio_" + vr[i]);
        }
        obvSignedWindow = new RollingColumn(c.obvPeriod(), false);
        obvSignedSum = block.column();
        posWindow = new RollingColumn(c.mfiPeriod(), false);
        negWindow = new RollingColumn(c.mfiPeriod(), false);
        posSum = block.column();
        negSum = block.column();
        obvCol = FeatureFamily.column(layout, "obv_norm_" + c.obvPeriod());
        mfiCol = FeatureFamily.column(layout, "mfi_" + c.mfiPeriod());
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) if (x == v) return true;
        return false;
    }

    private int indexOf(int period) {
        for (int w = 0; w < windows.length; w++) if (windows[w].period() == period) return w;
        throw new IllegalStateException("no window of " + period);
    }

    @Override
    public void reset() {
        for (RollingColumn w : windows) w.reset();
        obvSignedWindow.reset();
        posWindow.reset();
        negWindow.reset();
    }

    @Override
    public void advance(BarBlock b) {
        int first = b.first(), end = b.end();
        for (int w = 0; w < windows.length; w++) {
            double[] sum = w == obvWindow ? volumeSum : null;
            if (stds[w] != null) windows[w].meansAndStds(b.volumeCol, b.volumeZeros, first, end, means[w], stds[w], sum);
            else if (sum != null) windows[w].sums(b.volumeCol, b.volumeZeros, first, end, sum);
            else windows[w].means(b.volumeCol, b.volumeZeros, first, end, means[w]);
        }
        obvSignedWindow.sums(b.obvSigned, b.obvSignedZeros, first, end, obvSignedSum);
        posWindow.sums(b.flowPos, b.flowPosZeros, first, end, posSum);
        negWindow.sums(b.flowNeg, b.flowNegZeros, first, end, negSum);
    }

    @Override
    public void emit(BarBlock b) {
        float[] out = b.out();
        int[] base = b.rowBase();
        int j0 = b.emitSlot(), n = b.emitted();
        double[] volume = b.volumeCol;
        int m = 0;
        for (int i = 0; i < zCols.length; i++) {
            double[] mean = means[zWindow[i]], std = stds[zWindow[i]];
            int col = zCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                double sd = std[j];
                float f = (float) (sd == 0 ? 0 : (volume[j] - mean[j]) / sd);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        for (int i = 0; i < ratioCols.length; i++) {
            double[] mean = means[ratioWindow[i]];
            int col = ratioCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                double mv = mean[j];
                float f = (float) (mv <= 0 ? 1 : volume[j] / mv);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        for (int r = 0; r < n; r++) {
            int j = j0 + r;
            double vs = volumeSum[j];
            float obv = (float) (vs <= 0 ? 0 : obvSignedSum[j] / vs);
            float mfi = (float) FeatureKernel.mfi(posSum[j], negSum[j]);
            int o = base[r];
            out[o + obvCol] = obv;
            out[o + mfiCol] = mfi;
            m = Math.max(m, Math.max(BarBlock.exponent(obv), BarBlock.exponent(mfi)));
        }
        b.noteExponent(m);
    }
}
