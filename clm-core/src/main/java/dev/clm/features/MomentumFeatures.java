package dev.clm.features;

/**
 * EMA ratios ({@code ema_ratio_p = close / EMA - 1}), Wilder RSI per period and MACD line,
 * signal and histogram normalised by the close. The EMAs of the close and RSI's smoothed gains
 * and losses live in the shared {@link EmaBank}; the MACD signal (an EMA of the line, which the
 * bank produces only after the block) is advanced here. Neutral value: RSI 50 without any move.
 */
final class MomentumFeatures implements FeatureFamily {
    private final double[][] emas, gains, losses;
    private final int[] emaCols, rsiCols;
    private final double[] fast, slow, signal;
    private final double signalAlpha;
    private double signalValue;
    private final int macdCol, signalCol, histCol;

    MomentumFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block, EmaBank bank) {
        int[] ma = c.maPeriods();
        emas = new double[ma.length][];
        emaCols = new int[ma.length];
        for (int i = 0; i < ma.length; i++) {
            emas[i] = bank.smoother(block.closeCol, EmaBank.emaAlpha(ma[i]));
            emaCols[i] = FeatureFamily.column(layout, "ema_ratio_" + ma[i]);
        }
        int[] rsi = c.rsiPeriods();
        gains = new double[rsi.length][];
        losses = new double[rsi.length][];
        rsiCols = new int[rsi.length];
        for (int i = 0; i < rsi.length; i++) {
            gains[i] = bank.smoother(block.gain, EmaBank.wilderAlpha(rsi[i]));
            losses[i] = bank.smoother(block.loss, EmaBank.wilderAlpha(rsi[i]));
            rsiCols[i] = FeatureFamily.column(layout, "rsi_" + rsi[i]);
        }
        fast = bank.smoother(block.closeCol, EmaBank.emaAlpha(c.macdFast()));
        slow = bank.smoother(block.closeCol, EmaBank.emaAlpha(c.macdSlow()));
        signal = block.column();
        signalAlpha = EmaBank.emaAlpha(c.macdSignal());
        macdCol = FeatureFamily.column(layout, "macd_norm");
        signalCol = FeatureFamily.column(layout, "macd_signal_norm");
        histCol = FeatureFamily.column(layout, "macd_hist_norm");
    }

    @Override
    public void reset() {}

    @Override
    public void advance(BarBlock b) {
        int j = b.first(), end = b.end();
        double s = signalValue, a = signalAlpha;
        if (j == b.segmentFirstSlot()) {
            s = fast[j] - slow[j];
            signal[j] = s;
            j++;
        }
        for (; j < end; j++) {
            s = s + (fast[j] - slow[j] - s) * a;
            signal[j] = s;
        }
        signalValue = s;
    }

    @Override
    public void emit(BarBlock b) {
        float[] out = b.out();
        int[] base = b.rowBase();
        int j0 = b.emitSlot(), n = b.emitted();
        double[] close = b.closeCol;
        int m = 0;
        for (int i = 0; i < emaCols.length; i++) {
            double[] ema = emas[i];
            int col = emaCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                float f = (float) (close[j] / ema[j] - 1);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        for (int i = 0; i < rsiCols.length; i++) {
            double[] g = gains[i], l = losses[i];
            int col = rsiCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                float f = (float) FeatureKernel.rsi(g[j], l[j]);
                out[base[r] + col] = f;
                m = Math.max(m, BarBlock.exponent(f));
            }
        }
        for (int r = 0; r < n; r++) {
            int j = j0 + r;
            double c = close[j], line = fast[j] - slow[j], sig = signal[j];
            float f1 = (float) (line / c), f2 = (float) (sig / c), f3 = (float) ((line - sig) / c);
            int o = base[r];
            out[o + macdCol] = f1;
            out[o + signalCol] = f2;
            out[o + histCol] = f3;
            m = Math.max(m, Math.max(BarBlock.exponent(f1), Math.max(BarBlock.exponent(f2), BarBlock.exponent(f3))));
        }
        b.noteExponent(m);
    }
}
