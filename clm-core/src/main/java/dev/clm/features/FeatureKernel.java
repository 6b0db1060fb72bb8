package dev.clm.features;

import dev.clm.api.BarSeries;

/**
 * Streaming computation of every feature of a {@link FeatureLayout} over one symbol: {@link
 * #reset()} at the start of each segment, {@link #update(int)} once per bar in time order,
 * {@link #write(int, float[], int)} for bars that become dataset rows. Every value at bar t is
 * a function of bars {@code <= t} of the current segment only.
 *
 * <p>All state lives in primitive arrays and a fixed set of small helper objects created in
 * the constructor: nothing is allocated per bar. Not thread-safe; one instance per series per
 * call.
 *
 * <p>Degenerate denominators get the neutral value of their indicator instead of NaN, so a
 * flat outage bar never produces an undefined row: RSI 50 when there was no move; stochastic
 * %K 50, Williams %R -50, Bollinger %b 0.5, close location 0.5 and z-scores 0 when the range or
 * deviation is zero; CCI 0 with zero mean deviation (as ta4j); MFI 50 without money flow; ADX
 * and DI 0 with zero range (as ta4j); volume ratio 1 and OBV-norm 0 without volume.
 */
final class FeatureKernel {
    private static final double LN2 = Math.log(2);
    private static final double GK_C = 2 * LN2 - 1;
    private static final double[] TOD_SIN = new double[1440];
    private static final double[] TOD_COS = new double[1440];
    private static final double[] DOW_SIN = new double[7];
    private static final double[] DOW_COS = new double[7];

    static {
        for (int m = 0; m < 1440; m++) {
            TOD_SIN[m] = Math.sin(2 * Math.PI * m / 1440.0);
            TOD_COS[m] = Math.cos(2 * Math.PI * m / 1440.0);
        }
        for (int d = 0; d < 7; d++) {
            DOW_SIN[d] = Math.sin(2 * Math.PI * d / 7.0);
            DOW_COS[d] = Math.cos(2 * Math.PI * d / 7.0);
        }
    }

    private final long[] ts;
    private final double[] open, high, low, close, volume;
    private final int columns;

    private final int[] returnPeriods, maPeriods, rocPeriods;
    private final int returnLags;
    private final boolean timeFeatures;
    private final double bollingerK;

    // History ring of close and log close (power-of-two capacity, indexed by segment position).
    private final double[] closeRing, logRing;
    private final int ringMask;

    private final RollingWindow[] smaWindows;
    private final Ema[] emas;
    private final Ema[] rsiGain, rsiLoss;
    private final Ema macdFast, macdSlow, macdSignal;
    private final RollingWindow bollinger;
    private final Ema atr;
    private final Ema adxTr, adxPlusDm, adxMinusDm, adxDx;
    private final RollingExtreme stochHigh, stochLow, willHigh, willLow;
    private final RollingWindow stochK;
    private final RollingWindow cciTp;
    private final RollingWindow obvSigned, obvVolume;
    private final RollingWindow mfiPos, mfiNeg;
    private final RollingWindow[] volCc, volPark, volGk;
    private final RollingWindow[] zClose, zVolume;
    private final RollingWindow[] volumeRatio;

    // Segment state.
    private int k;             // bars consumed in the current segment
    private double prevClose, prevHigh, prevLow, prevTp;
    private double plusDi, minusDi;
    private double kValue;

    FeatureKernel(FeatureConfig c, FeatureLayout layout, BarSeries s) {
        ts = s.timestamps();
        open = s.open();
        high = s.high();
        low = s.low();
        close = s.close();
        volume = s.volume();
        columns = layout.columns();
        returnPeriods = c.returnPeriods();
        maPeriods = c.maPeriods();
        rocPeriods = c.rocPeriods();
        returnLags = c.returnLags();
        timeFeatures = c.timeFeatures();
        bollingerK = c.bollingerK();

        int lookback = 1 + returnLags;
        for (int p : returnPeriods) lookback = Math.max(lookback, p);
        for (int p : rocPeriods) lookback = Math.max(lookback, p);
        int cap = Integer.highestOneBit(lookback + 1) << 1;
        closeRing = new double[cap];
        logRing = new double[cap];
        ringMask = cap - 1;

        smaWindows = new RollingWindow[maPeriods.length];
        emas = new Ema[maPeriods.length];
        for (int i = 0; i < maPeriods.length; i++) {
            smaWindows[i] = new RollingWindow(maPeriods[i]);
            emas[i] = Ema.ema(maPeriods[i]);
        }
        int[] rsi = c.rsiPeriods();
        rsiGain = new Ema[rsi.length];
        rsiLoss = new Ema[rsi.length];
        for (int i = 0; i < rsi.length; i++) {
            rsiGain[i] = Ema.wilder(rsi[i]);
            rsiLoss[i] = Ema.wilder(rsi[i]);
        }
        macdFast = Ema.ema(c.macdFast());
        macdSlow = Ema.ema(c.macdSlow());
        macdSignal = Ema.ema(c.macdSignal());
        bollinger = new RollingWindow(c.bollingerPeriod());
        atr = Ema.wilder(c.atrPeriod());
        adxTr = Ema.wilder(c.adxPeriod());
        adxPlusDm = Ema.wilder(c.adxPeriod());
        adxMinusDm = Ema.wilder(c.adxPeriod());
        adxDx = Ema.wilder(c.adxPeriod());
        stochHigh = RollingExtreme.highest(c.stochPeriod());
        stochLow = RollingExtreme.lowest(c.stochPeriod());
        willHigh = RollingExtreme.highest(c.williamsPeriod());
        willLow = RollingExtreme.lowest(c.williamsPeriod());
        stochK = new RollingWindow(c.stochSmooth());
        cciTp = new RollingWindow(c.cciPeriod());
        obvSigned = new RollingWindow(c.obvPeriod());
        obvVolume = new RollingWindow(c.obvPeriod());
        mfiPos = new RollingWindow(c.mfiPeriod());
        mfiNeg = new RollingWindow(c.mfiPeriod());
        int[] vp = c.volatilityPeriods();
        volCc = new RollingWindow[vp.length];
        volPark = new RollingWindow[vp.length];
        volGk = new RollingWindow[vp.length];
        for (int i = 0; i < vp.length; i++) {
            volCc[i] = new RollingWindow(vp[i]);
            volPark[i] = new RollingWindow(vp[i]);
            volGk[i] = new RollingWindow(vp[i]);
        }
        int[] zp = c.zscorePeriods();
        zClose = new RollingWindow[zp.length];
        zVolume = new RollingWindow[zp.length];
        for (int i = 0; i < zp.length; i++) {
            zClose[i] = new RollingWindow(zp[i]);
            zVolume[i] = new RollingWindow(zp[i]);
        }
        int[] vr = c.volumeRatioPeriods();
        volumeRatio = new RollingWindow[vr.length];
        for (int i = 0; i < vr.length; i++) volumeRatio[i] = new RollingWindow(vr[i]);
    }

    /** Starts a new segment: forgets all history (warm-up restarts). */
    void reset() {
        k = 0;
        for (RollingWindow w : smaWindows) w.reset();
        for (Ema e : emas) e.reset();
        for (Ema e : rsiGain) e.reset();
        for (Ema e : rsiLoss) e.reset();
        macdFast.reset();
        macdSlow.reset();
        macdSignal.reset();
        bollinger.reset();
        atr.reset();
        adxTr.reset();
        adxPlusDm.reset();
        adxMinusDm.reset();
        adxDx.reset();
        stochHigh.reset();
        stochLow.reset();
        willHigh.reset();
        willLow.reset();
        stochK.reset();
        cciTp.reset();
        obvSigned.reset();
        obvVolume.reset();
        mfiPos.reset();
        mfiNeg.reset();
        for (RollingWindow w : volCc) w.reset();
        for (RollingWindow w : volPark) w.reset();
        for (RollingWindow w : volGk) w.reset();
        for (RollingWindow w : zClose) w.reset();
        for (RollingWindow w : zVolume) w.reset();
        for (RollingWindow w : volumeRatio) w.reset();
    }

    /** Segment-relative position of the last bar consumed (0 = segment start). */
    int position() {
        return k - 1;
    }

    /** Consumes bar {@code i} (prices must be > 0: zero-price bars end segments before they get here). */
    void update(int i) {
        double c = close[i], h = high[i], l = low[i], v = volume[i];
        double logC = Math.log(c);
        int slot = k & ringMask;
        closeRing[slot] = c;
        logRing[slot] = logC;
        boolean first = k == 0;

        for (RollingWindow w : smaWindows) w.push(c);
        for (Ema e : emas) e.update(c);

        double change = first ? 0 : c - prevClose;
        double gain = change > 0 ? change : 0;
        double loss = change < 0 ? -change : 0;
        for (int j = 0; j < rsiGain.length; j++) {
            rsiGain[j].update(gain);
            rsiLoss[j].update(loss);
        }

        double line = macdFast.update(c) - macdSlow.update(c);
        macdSignal.update(line);
        bollinger.push(c);

        double tr;
        if (first) {
            tr = h - l;
        } else {
            tr = Math.max(Math.max(h - l, Math.abs(h - prevClose)), Math.abs(prevClose - l));
        }
        atr.update(tr);
        double trAvg = adxTr.update(tr);
        double plusDm = 0, minusDm = 0;
        if (!first) {
            double up = h - prevHigh;
            double down = prevLow - l;
            if (up > down && up > 0) plusDm = up;
            if (down > up && down > 0) minusDm = down;
        }
        double pdm = adxPlusDm.update(plusDm);
        double mdm = adxMinusDm.update(minusDm);
        plusDi = trAvg == 0 ? 0 : pdm / trAvg * 100;
        minusDi = trAvg == 0 ? 0 : mdm / trAvg * 100;
        double diSum = plusDi + minusDi;
        adxDx.update(diSum == 0 ? 0 : Math.abs(plusDi - minusDi) / diSum * 100);

        stochHigh.push(h);
        stochLow.push(l);
        willHigh.push(h);
        willLow.push(l);
        double hh = stochHigh.value(), ll = stochLow.value();
        kValue = hh == ll ? 50 : (c - ll) / (hh - ll) * 100;
        stochK.push(kValue);

        double tp = (h + l + c) / 3;
        cciTp.push(tp);
        obvSigned.push(first || c == prevClose ? 0 : (c > prevClose ? v : -v));
        obvVolume.push(v);
        double flow = tp * v;
        mfiPos.push(!first && tp > prevTp ? flow : 0);
        mfiNeg.push(!first && tp < prevTp ? flow : 0);

        double hl = Math.log(h / l);
        double co = Math.log(c / open[i]);
        double park = hl * hl;
        double gk = 0.5 * park - GK_C * co * co;
        double r1 = first ? 0 : logC - logRing[(k - 1) & ringMask];
        for (int j = 0; j < volCc.length; j++) {
            if (!first) volCc[j].push(r1);
            volPark[j].push(park);
            volGk[j].push(gk);
        }
        for (int j = 0; j < zClose.length; j++) {
            zClose[j].push(c);
            zVolume[j].push(v);
        }
        for (RollingWindow w : volumeRatio) w.push(v);

        prevClose = c;
        prevHigh = h;
        prevLow = l;
        prevTp = tp;
        k++;
    }

    /**
     * Writes the features of the bar last passed to {@link #update(int)} (index {@code i}) to
     * {@code out[offset .. offset + columns)}; returns false when a value is not finite (the
     * caller drops the row).
     */
    boolean write(int i, float[] out, int offset) {
        int o = offset;
        int t = k - 1;
        double c = close[i], h = high[i], l = low[i], v = volume[i];
        double logC = logRing[t & ringMask];
        for (int p : returnPeriods) out[o++] = (float) (logC - logRing[(t - p) & ringMask]);
        for (RollingWindow w : smaWindows) out[o++] = (float) (c / w.mean() - 1);
        for (Ema e : emas) out[o++] = (float) (c / e.value() - 1);
        for (int j = 0; j < rsiGain.length; j++) out[o++] = (float) rsi(rsiGain[j].value(), rsiLoss[j].value());
        double line = macdFast.value() - macdSlow.value();
        double signal = macdSignal.value();
        out[o++] = (float) (line / c);
        out[o++] = (float) (signal / c);
        out[o++] = (float) ((line - signal) / c);
        double mid = bollinger.mean();
        double sd = bollinger.std();
        out[o++] = (float) (sd == 0 ? 0.5 : (c - (mid - bollingerK * sd)) / (2 * bollingerK * sd));
        out[o++] = (float) (2 * bollingerK * sd / mid * 100);
        double a = atr.value();
        out[o++] = (float) a;
        out[o++] = (float) (a / c * 100);
        out[o++] = (float) adxDx.value();
        out[o++] = (float) plusDi;
        out[o++] = (float) minusDi;
        out[o++] = (float) kValue;
        out[o++] = (float) stochK.mean();
        double wh = willHigh.value(), wl = willLow.value();
        out[o++] = (float) (wh == wl ? -50 : (wh - c) / (wh - wl) * -100);
        double tp = (h + l + c) / 3;
        double tpMean = cciTp.mean();
        double md = cciTp.meanAbsDeviation(tpMean);
        out[o++] = (float) (md == 0 ? 0 : (tp - tpMean) / (0.015 * md));
        for (int p : rocPeriods) {
            double past = closeRing[(t - p) & ringMask];
            out[o++] = (float) ((c - past) / past * 100);
        }
        double volSum = obvVolume.sum();
        out[o++] = (float) (volSum <= 0 ? 0 : obvSigned.sum() / volSum);
        out[o++] = (float) mfi(mfiPos.sum(), mfiNeg.sum());
        for (int j = 0; j < volCc.length; j++) {
            out[o++] = (float) volCc[j].std();
            out[o++] = (float) Math.sqrt(volPark[j].mean() / (4 * LN2));
            double g = volGk[j].mean();
            out[o++] = (float) Math.sqrt(g > 0 ? g : 0);
        }
        for (int j = 0; j < zClose.length; j++) {
            out[o++] = (float) zscore(c, zClose[j]);
            out[o++] = (float) zscore(v, zVolume[j]);
        }
        for (RollingWindow w : volumeRatio) {
            double m = w.mean();
            out[o++] = (float) (m <= 0 ? 1 : v / m);
        }
        out[o++] = (float) ((h - l) / c);
        out[o++] = (float) (h == l ? 0.5 : (c - l) / (h - l));
        if (timeFeatures) {
            long ms = ts[i];
            int minute = (int) (Math.floorMod(ms, 86_400_000L) / 60_000L);
            int dow = (int) Math.floorMod(Math.floorDiv(ms, 86_400_000L) + 3, 7L); // 1970-01-01 was a Thursday; Monday = 0
            out[o++] = (float) TOD_SIN[minute];
            out[o++] = (float) TOD_COS[minute];
            out[o++] = (float) DOW_SIN[dow];
            out[o++] = (float) DOW_COS[dow];
        }
        for (int lag = 0; lag < returnLags; lag++) {
            out[o++] = (float) (logRing[(t - lag) & ringMask] - logRing[(t - lag - 1) & ringMask]);
        }
        if (o - offset != columns) throw new IllegalStateException("feature kernel wrote " + (o - offset) + " columns, layout has " + columns);
        boolean finite = true;
        for (int j = offset; j < o; j++) finite &= Float.isFinite(out[j]);
        return finite;
    }

    static double rsi(double avgGain, double avgLoss) {
        if (avgLoss == 0) return avgGain == 0 ? 50 : 100;
        return 100 - 100 / (1 + avgGain / avgLoss);
    }

    static double mfi(double positiveFlow, double negativeFlow) {
        if (negativeFlow == 0) return positiveFlow == 0 ? 50 : 100;
        return 100 - 100 / (1 + positiveFlow / negativeFlow);
    }

    private static double zscore(double x, RollingWindow w) {
        double sd = w.std();
        return sd == 0 ? 0 : (x - w.mean()) / sd;
    }
}
