package dev.clm.features;

/**
 * Realised volatility per period: close-to-close (standard deviation of one-bar log returns,
 * from the segment's second bar on), Parkinson (high/low range) and Garman-Klass (range and
 * open-to-close). A negative Garman-Klass mean (possible on tiny ranges) reads as 0.
 */
final class VolatilityFeatures implements ColumnFamily {
    private static final double PARKINSON_DIVISOR = 4 * Math.log(2);

    private final RollingColumn[] closeToClose, parkinson, garmanKlass;
    private final double[][] parkMean, gkMean;
    private final double[] ccMean;
    private final double[][] ccOut, parkOut, gkOut;

    VolatilityFeatures(FeatureConfig c, FeatureLayout layout, BarBlock block) {
        int[] vp = c.volatilityPeriods();
        closeToClose = new RollingColumn[vp.length];
        parkinson = new RollingColumn[vp.length];
        garmanKlass = new RollingColumn[vp.length];
        parkMean = new double[vp.length][];
        gkMean = new double[vp.length][];
        ccMean = block.column();
        ccOut = new double[vp.length][];
        parkOut = new double[vp.length][];
        gkOut = new double[vp.length][];
        for (int i = 0; i < vp.length; i++) {
            closeToClose[i] = new RollingColumn(vp[i]);
            parkinson[i] = new RollingColumn(vp[i]);
            garmanKlass[i] = new RollingColumn(vp[i]);
            parkMean[i] = block.column();
            gkMean[i] = block.column();
            ccOut[i] = block.output(layout, "vol_cc_" + vp[i]);
            parkOut[i] = block.output(layout, "vol_parkinson_" + vp[i]);
            gkOut[i] = block.output(layout, "vol_gk_" + vp[i]);
        }
    }

    @Override
    public void reset() {
        for (int i = 0; i < closeToClose.length; i++) {
            closeToClose[i].reset();
            parkinson[i].reset();
            garmanKlass[i].reset();
        }
    }

    @Override
    public void compute(BarBlock b) {
        int first = b.first(), end = b.end(), e = b.emitSlot();
        int ccFirst = b.startSlot(1); // the first bar has no one-bar return
        for (int i = 0; i < closeToClose.length; i++) {
            closeToClose[i].means(b, b.r1, b.r1Runs, ccFirst, ccMean);
            RollingColumn.deviations(b, b.r1, ccMean, closeToClose[i].period(), e, end, ccOut[i]);
            parkinson[i].means(b, b.parkinson, b.parkinsonRuns, first, parkMean[i]);
            garmanKlass[i].means(b, b.garmanKlass, b.garmanKlassRuns, first, gkMean[i]);
            // The means are finite (|log(h/l)| and |log(c/o)| stay below 1500 for any doubles), so max(x, 0) is
            // exactly "x > 0 ? x : 0" here, -0.0 included, and the loops vectorise.
            double[] pk = parkMean[i], gk = gkMean[i], po = parkOut[i], go = gkOut[i];
            for (int j = e; j < end; j++) po[j] = Math.sqrt(Math.max(pk[j] / PARKINSON_DIVISOR, 0.0));
            for (int j = e; j < end; j++) go[j] = Math.sqrt(Math.max(gk[j], 0.0));
        }
    }
}
