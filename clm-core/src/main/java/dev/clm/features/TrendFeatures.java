package dev.clm.features;

/**
 * ATR (absolute and in percent of the close) and ADX with +DI / -DI, all Wilder-smoothed. The
 * smoothed true range and directional movements live in the shared {@link EmaBank}; the DI
 * values and the smoothed DX (which need the bank's output) are advanced here. Neutral values
 * as ta4j: DI 0 with zero range, DX 0 when both DI are 0.
 */
final class TrendFeatures implements ColumnFamily {
    private final double[] atr, trAvg, plusAvg, minusAvg;
    private final double[] dx;
    private final double dxAlpha;
    private double adxValue;
    private final double[] atrOut, atrPctOut, adxOut, plusOut, minusOut;
    private final boolean atrOn, adxOn;

    TrendFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block, EmaBank bank) {
        atrOn = c.enabled("atr");
        adxOn = c.enabled("adx");
        atr = atrOn ? bank.smoother(block.trueRange, EmaBank.wilderAlpha(c.atrPeriod())) : null;
        trAvg = adxOn ? bank.smoother(block.trueRange, EmaBank.wilderAlpha(c.adxPeriod())) : null;
        plusAvg = adxOn ? bank.smoother(block.plusDm, EmaBank.wilderAlpha(c.adxPeriod())) : null;
        minusAvg = adxOn ? bank.smoother(block.minusDm, EmaBank.wilderAlpha(c.adxPeriod())) : null;
        dx = block.column();
        dxAlpha = EmaBank.wilderAlpha(c.adxPeriod());
        atrOut = block.output(layout, "atr_" + c.atrPeriod());
        atrPctOut = block.output(layout, "atr_pct_" + c.atrPeriod());
        adxOut = block.output(layout, "adx_" + c.adxPeriod());
        plusOut = block.output(layout, "plus_di_" + c.adxPeriod());
        minusOut = block.output(layout, "minus_di_" + c.adxPeriod());
    }

    @Override
    public void reset() {}

    @Override
    public void compute(BarBlock b) {
        int first = b.first(), end = b.end(), e = b.emitSlot();
        if (adxOn) adx(b, first, end);
        if (!atrOn) return;
        double[] close = b.closeCol;
        for (int j = e; j < end; j++) {
            atrOut[j] = atr[j];
            atrPctOut[j] = atr[j] / close[j] * 100;
        }
    }

    private void adx(BarBlock b, int first, int end) {
        double[] plus = plusOut, minus = minusOut, t = trAvg;
        // DI for every bar (the ADX smooths them all), then DX from them.
        for (int j = first; j < end; j++) {
            plus[j] = plusAvg[j] / t[j] * 100;
            minus[j] = minusAvg[j] / t[j] * 100;
        }
        for (int j = first; j < end; j++) {
            if (t[j] == 0) {
                plus[j] = 0;
                minus[j] = 0;
            }
        }
        for (int j = first; j < end; j++) {
            double sum = plus[j] + minus[j];
            dx[j] = Math.abs(plus[j] - minus[j]) / sum * 100;
        }
        for (int j = first; j < end; j++) if (plus[j] + minus[j] == 0) dx[j] = 0;
        int j = first;
        double v = adxValue, a = dxAlpha;
        if (j == b.segmentFirstSlot()) {
            v = dx[j];
            adxOut[j] = v;
            j++;
        }
        for (; j < end; j++) {
            v = v + (dx[j] - v) * a;
            adxOut[j] = v;
        }
        adxValue = v;
    }
}
