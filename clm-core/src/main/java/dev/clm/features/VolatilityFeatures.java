package dev.clm.features;

/**
 * Realised volatility per period: close-to-close (standard deviation of one-bar log returns,
 * from the segment's second bar on), Parkinson (high/low range) and Garman-Klass (range and
 * open-to-close). A negative Garman-Klass mean (possible on tiny ranges) reads as 0.
 */
final class VolatilityFeatures implements FeatureFamily {
    private static final double PARKINSON_DIVISOR = 4 * Math.log(2);

    private final RollingColumn[] closeToClose, parkinson, garmanKlass;
    private final double[][] ccStd, parkMean, gkMean;
    private final int[] ccCols, parkCols, gkCols;

    VolatilityFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        int[] vp = c.volatilityPeriods();
        closeToClose = new RollingColumn[vp.length];
        parkinson = new RollingColumn[vp.length];
        garmanKlass = new RollingColumn[vp.length];
        ccStd = new double[vp.length][];
        parkMean = new double[vp.length][];
        gkMean = new double[vp.length][];
        ccCols = new int[vp.length];
        parkCols = new int[vp.length];
        gkCols = new int[vp.length];
        for (int i = 0; i < vp.length; i++) {
            closeToClose[i] = new RollingColumn(vp[i], true);
            parkinson[i] = new RollingColumn(vp[i], false);
            garmanKlass[i] = new RollingColumn(vp[i], false);
            ccStd[i] = block.column();
            parkMean[i] = block.column();
            gkMean[i] = block.column();
            ccCols[i] = FeatureFamily.column(layout, "vol_cc_" + vp[i]);
            parkCols[i] = FeatureFamily.column(layout, "vol_parkinson_" + vp[i]);
            gkCols[i] = FeatureFamily.column(layout, "vol_gk_" + vp[i]);
        }
    }

    private double[] ccMeanScratch;

    @Override
    public void reset() {
        for (int i = 0; i < closeToClose.length; i++) {
            closeToClose[i].reset();
            parkinson[i].reset();
            garmanKlass[i].reset();
        }
    }

    @Override
    public void advance(BarBlock b) {
        if (ccMeanScratch == null) ccMeanScratch = b.column();
        int first = b.first(), end = b.end();
        int ccFirst = b.startSlot(1); // the first bar has no one-bar return
        for (int i = 0; i < closeToClose.length; i++) {
            closeToClose[i].meansAndStds(b.r1, b.r1Zeros, ccFirst, end, ccMeanScratch, ccStd[i], null);
            parkinson[i].means(b.parkinson, b.parkinsonZeros, first, end, parkMean[i]);
            garmanKlass[i].means(b.garmanKlass, b.garmanKlassZeros, first, end, gkMean[i]);
        }
    }

    @Override
    public void emit(BarBlock b) {
        float[] out = b.out();
        int[] base = b.rowBase();
        int j0 = b.emitSlot(), n = b.emitted();
        int m = 0;
        for (int i = 0; i < ccCols.length; i++) {
            double[] cc = ccStd[i], pk = parkMean[i], gk = gkMean[i];
            int c1 = ccCols[i], c2 = parkCols[i], c3 = gkCols[i];
            for (int r = 0; r < n; r++) {
                int j = j0 + r;
                double p = pk[j], g = gk[j];
                float f1 = (float) cc[j];
                float f2 = (float) Math.sqrt(p > 0 ? p / PARKINSON_DIVISOR : 0);
                float f3 = (float) Math.sqrt(g > 0 ? g : 0);
                int o = base[r];
                out[o + c1] = f1;
                out[o + c2] = f2;
                out[o + c3] = f3;
                m = Math.max(m, Math.max(BarBlock.exponent(f1), Math.max(BarBlock.exponent(f2), BarBlock.exponent(f3))));
            }
        }
        b.noteExponent(m);
    }
}
