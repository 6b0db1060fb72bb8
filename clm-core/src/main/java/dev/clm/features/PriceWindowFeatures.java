package dev.clm.features;

import java.util.Map;
import java.util.TreeMap;

/**
 * Features of rolling windows over the close: SMA ratios ({@code sma_ratio_p = close / SMA - 1}),
 * Bollinger %b and width, and close z-scores. One window per distinct period, shared by every
 * feature on that period (SMA 20, Bollinger 20 and z-score 20 read one window); windows that
 * feed a deviation keep sums of squares. Neutral values: %b 0.5 and z-score 0 without deviation.
 */
final class PriceWindowFeatures implements FeatureFamily {
    private final RollingColumn[] windows;
    private final double[][] means, stds;
    private final int[] smaWindow, smaCols, zWindow, zCols;
    private final int bbWindow, bbPctCol, bbWidthCol;
    private final double k;

    PriceWindowFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        Map<Integer, Boolean> squares = new TreeMap<>();
        for (int p : c.maPeriods()) squares.merge(p, false, Boolean::logicalOr);
        squares.merge(c.bollingerPeriod(), true, Boolean::logicalOr);
        for (int p : c.zscorePeriods()) squares.merge(p, true, Boolean::logicalOr);
        windows = new RollingColumn[squares.size()];
        means = new double[windows.length][];
        stds = new double[windows.length][];
        int w = 0;
        for (Map.Entry<Integer, Boolean> e : squares.entrySet()) {
            windows[w] = new RollingColumn(e.getKey(), e.getValue());
            means[w] = block.column();
            stds[w] = e.getValue() ? block.column() : null;
            w++;
        }
        int[] ma = c.maPeriods();
        smaWindow = new int[ma.length];
        smaCols = new int[ma.length];
        for (int i = 0; i < ma.length; i++) {
            smaWindow[i] = indexOf(ma[i]);
            smaCols[i] = FeatureFamily.column(layout, "sma_ratio_" + ma[i]);
        }
        int[] zp = c.zscorePeriods();
        zWindow = new int[zp.length];
        zCols = new int[zp.length];
        for (int i = 0; i < zp.length; i++) {
            zWindow[i] = indexOf(zp[i]);
            zCols[i] = FeatureFamily.column(layout, "zscore_close_" + zp[i]);
        }
        bbWindow = indexOf(c.bollingerPeriod());
        bbPctCol = FeatureFamily.column(layout, "bb_pct_b_" + c.bollingerPeriod());
        bbWidthCol = FeatureFamily.column(layout, "bb_width_" + c.bollingerPeriod());
        k = c.bollingerK();
    }

    private int indexOf(int period) {
        for (int w = 0; w < windows.length; w++) if (windows[w].period() == period) return w;
        throw new IllegalStateException("no window of " + period);
    }

    @Override
    public void reset() {
        for (RollingColumn w : windows) w.reset();
    }

    @Override
    public void advance(BarBlock b) {
        int first = b.first(), end = b.end();
        for (int w = 0; w < windows.length; w++) {
            if (stds[w] == null) windows[w].means(b.closeCol, b.noZeros, first, end, means[w]);
            else windows[w].meansAndStds(b.closeCol, b.noZeros, first, end, means[w], stds[w], null);
        }
    }

    @Override
    public void emit(BarBlock b) {
        float[] out = b.out();
        int[] base = b.rowBase();
        int j0 = b.emitSlot(), n = b.emitted();
        double[] close = b.closeCol;
        int m = 0;
        for (int i = 0; i < smaCols.length; i++) {
            double[] mean = means[smaWindow[i]];
            int col = smaCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                float f = (float) (close[j] / mean[j] - 1);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        double[] mid = means[bbWindow], sdCol = stds[bbWindow];
        for (int r = 0; r < n; r++) {
            int j = j0 + r;
            double c = close[j], md = mid[j], sd = sdCol[j];
            float pct = (float) (sd == 0 ? 0.5 : (c - (md - k * sd)) / (2 * k * sd));
            float width = (float) (2 * k * sd / md * 100);
            out[base[r] + bbPctCol] = pct;
            out[base[r] + bbWidthCol] = width;
            m = Math.max(m, Math.max(BarBlock.exponent(pct), BarBlock.exponent(width)));
        }
        for (int i = 0; i < zCols.length; i++) {
            double[] mean = means[zWindow[i]], std = stds[zWindow[i]];
            int col = zCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                double sd = std[j];
                float f = (float) (sd == 0 ? 0 : (close[j] - mean[j]) / sd);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        b.noteExponent(m);
    }
}
