package dev.clm.features;

/**
 * EMA ratios ({@code ema_ratio_p = close / EMA - 1}), Wilder RSI per period and MACD line,
 * signal and histogram normalised by the close. The EMAs of the close and RSI's smoothed gains
 * and losses live in the shared {@link EmaBank}; so is the MACD signal (an EMA of the line,
 * fast - slow, which the bank advances in the loop that computes them). Neutral value: RSI 50 without any move.
 */
final class MomentumFeatures implements ColumnFamily {
    private final double[][] emas, gains, losses;
    private final double[][] emaOut, rsiOut;
    private final double[] fast, slow, signal;
    private final double[] macdOut, signalOut, histOut;
    private final boolean macd;

    MomentumFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block, EmaBank bank) {
        int[] ma = c.maPeriods();
        emas = new double[ma.length][];
        emaOut = new double[ma.length][];
        for (int i = 0; i < ma.length; i++) {
            emas[i] = bank.smoother(block.closeCol, EmaBank.emaAlpha(ma[i]));
            emaOut[i] = block.output(layout, "ema_ratio_" + ma[i]);
        }
        int[] rsi = c.rsiPeriods();
        gains = new double[rsi.length][];
        losses = new double[rsi.length][];
        rsiOut = new double[rsi.length][];
        for (int i = 0; i < rsi.length; i++) {
            gains[i] = bank.smoother(block.gain, EmaBank.wilderAlpha(rsi[i]));
            losses[i] = bank.smoother(block.loss, EmaBank.wilderAlpha(rsi[i]));
            rsiOut[i] = block.output(layout, "rsi_" + rsi[i]);
        }
        macd = c.enabled("macd");
        fast = macd ? bank.smoother(block.closeCol, EmaBank.emaAlpha(c.macdFast())) : null;
        slow = macd ? bank.smoother(block.closeCol, EmaBank.emaAlpha(c.macdSlow())) : null;
        // The signal line, an EMA of fast - slow, is advanced by the bank in the same loop as fast and slow.
        signal = macd ? bank.differenceSmoother(fast, slow, EmaBank.emaAlpha(c.macdSignal())) : null;
        macdOut = block.output(layout, "macd_norm");
        signalOut = block.output(layout, "macd_signal_norm");
        histOut = block.output(layout, "macd_hist_norm");
    }

    @Override
    public void reset() {}

    @Override
    public void compute(BarBlock b) {
        int e = b.emitSlot(), end = b.end();
        double[] close = b.closeCol;
        for (int i = 0; i < emaOut.length; i++) {
            double[] out = emaOut[i], ema = emas[i];
            for (int j = e; j < end; j++) out[j] = close[j] / ema[j] - 1;
        }
        for (int i = 0; i < rsiOut.length; i++) {
            double[] out = rsiOut[i], g = gains[i], l = losses[i];
            for (int j = e; j < end; j++) out[j] = 100 - 100 / (1 + g[j] / l[j]);
            for (int j = e; j < end; j++) if (l[j] == 0) out[j] = g[j] == 0 ? 50 : 100; // as FeatureKernel.rsi
        }
        if (!macd) return;
        double[] f = fast, s = slow, sig = signal;
        for (int j = e; j < end; j++) {
            double line = f[j] - s[j], c = close[j];
            macdOut[j] = line / c;
            signalOut[j] = sig[j] / c;
            histOut[j] = (line - sig[j]) / c;
        }
    }
}
