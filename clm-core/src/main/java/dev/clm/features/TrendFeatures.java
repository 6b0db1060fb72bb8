package dev.clm.features;

/**
 * ATR (absolute and in percent of the close) and ADX with +DI / -DI, all Wilder-smoothed. The
 * smoothed true range and directional movements live in the shared {@link EmaBank}; the DI
 * values and the smoothed DX (which need the bank's output) are advanced here. Neutral values
 * as ta4j: DI 0 with zero range, DX 0 when both DI are 0.
 */
final class TrendFeatures implements FeatureFamily {
    private final double[] atr, trAvg, plusAvg, minusAvg;
    private final double[] plusDi, minusDi, adx;
    private final double dxAlpha;
    private double adxValue;
    private final int atrCol, atrPctCol, adxCol, plusCol, minusCol;

    TrendFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block, EmaBank bank) {
        atr = bank.smoother(block.trueRange, EmaBank.wilderAlpha(c.atrPeriod()));
        trAvg = bank.smoother(block.trueRange, EmaBank.wilderAlpha(c.adxPeriod()));
        plusAvg = bank.smoother(block.plusDm, EmaBank.wilderAlpha(c.adxPeriod()));
        minusAvg = bank.smoother(block.minusDm, EmaBank.wilderAlpha(c.adxPeriod()));
        plusDi = block.column();
        minusDi = block.column();
        adx = block.column();
        dxAlpha = EmaBank.wilderAlpha(c.adxPeriod());
        atrCol = FeatureFamily.column(layout, "atr_" + c.atrPeriod());
        atrPctCol = FeatureFamily.column(layout, "atr_pct_" + c.atrPeriod());
        adxCol = FeatureFamily.column(layout, "adx_" + c.adxPeriod());
        plusCol = FeatureFamily.column(layout, "plus_di_" + c.adxPeriod());
        minusCol = FeatureFamily.column(layout, "minus_di_" + c.adxPeriod());
    }

    @Override
    public void reset() {}

    @Override
    public void advance(BarBlock b) {
        int first = b.first(), end = b.end();
        for (int j = first; j < end; j++) {
            double t = trAvg[j];
            plusDi[j] = t == 0 ? 0 : plusAvg[j] / t * 100;
            minusDi[j] = t == 0 ? 0 : minusAvg[j] / t * 100;
        }
        int j = first;
        double v = adxValue, a = dxAlpha;
        if (j == b.segmentFirstSlot()) {
            v = dx(plusDi[j], minusDi[j]);
            adx[j] = v;
            j++;
        }
        for (; j < end; j++) {
            v = v + (dx(plusDi[j], minusDi[j]) - v) * a;
            adx[j] = v;
        }
        adxValue = v;
    }

    private static double dx(double plus, double minus) {
        double sum = plus + minus;
        return sum == 0 ? 0 : Math.abs(plus - minus) / sum * 100;
    }

    @Override
    public void emit(BarBlock b) {
        float[] out = b.out();
        int[] base = b.rowBase();
        int j0 = b.emitSlot(), n = b.emitted();
        double[] close = b.closeCol;
        int m = 0;
        for (int r = 0; r < n; r++) {
            int j = j0 + r;
            double a = atr[j];
            float f1 = (float) a, f2 = (float) (a / close[j] * 100);
            float f3 = (float) adx[j], f4 = (float) plusDi[j], f5 = (float) minusDi[j];
            int o = base[r];
            out[o + atrCol] = f1;
            out[o + atrPctCol] = f2;
            out[o + adxCol] = f3;
            out[o + plusCol] = f4;
            out[o + minusCol] = f5;
            m = Math.max(m, Math.max(Math.max(BarBlock.exponent(f1), BarBlock.exponent(f2)),
                    Math.max(BarBlock.exponent(f3), Math.max(BarBlock.exponent(f4), BarBlock.exponent(f5)))));
        }
        b.noteExponent(m);
    }
}
