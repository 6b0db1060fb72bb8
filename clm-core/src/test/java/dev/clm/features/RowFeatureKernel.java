package dev.clm.features;

import dev.clm.api.BarSeries;

/**
 * A per-bar feature kernel (the one clm used before the column-wise {@link FeatureKernel},
 * with the same window rules: rebase bars, equal-run windows, two-pass deviations), the
 * reference the column kernel must match bit for bit ({@link ColumnKernelRegressionTest}).
 * Test-only.
 *
 * <p>Streaming computation of every feature of a {@link FeatureLayout} over one symbol: {@link
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
final class RowFeatureKernel {
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

    // Windows over close and over volume, one per distinct period (SMA, Bollinger and z-score share them).
    private final RollingWindow[] closeWindows, volumeWindows;
    private final RollingWindow[] smaWindows;
    private final Ema[] emas;
    private final Ema[] rsiGain, rsiLoss;
    private final Ema macdFast, macdSlow, macdSignal;
    private final RollingWindow bollinger;
    private final Ema atr;
    private final Ema adxTr, adxPlusDm, adxMinusDm, adxDx;
    private final RollingExtreme stochHigh, stochLow, willHigh, willLow;
    private final boolean sharedExtremes;
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

    RowFeatureKernel(FeatureConfig c, FeatureLayout layout, BarSeries s) {
        ts = s.timestamps();
        open = s.open();
        high = s.high();
        low = s.low();
        close = s.close();
        volume = s.volume();
        columns = layout.columns();
        written = new double[columns];
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

        java.util.Map<Integer, RollingWindow> byClose = new java.util.TreeMap<>();
        java.util.Map<Integer, RollingWindow> byVolume = new java.util.TreeMap<>();
        java.util.Set<Integer> closeStd = new java.util.HashSet<>();
        closeStd.add(c.bollingerPeriod());
        java.util.Set<Integer> volumeStd = new java.util.HashSet<>();
        for (int p : c.zscorePeriods()) {
            closeStd.add(p);
            volumeStd.add(p);
        }
        smaWindows = new RollingWindow[maPeriods.length];
        emas = new Ema[maPeriods.length];
        for (int i = 0; i < maPeriods.length; i++) {
            smaWindows[i] = window(byClose, maPeriods[i], closeStd);
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
        bollinger = window(byClose, c.bollingerPeriod(), closeStd);
        atr = Ema.wilder(c.atrPeriod());
        adxTr = Ema.wilder(c.adxPeriod());
        adxPlusDm = Ema.wilder(c.adxPeriod());
        adxMinusDm = Ema.wilder(c.adxPeriod());
        adxDx = Ema.wilder(c.adxPeriod());
        stochHigh = RollingExtreme.highest(c.stochPeriod());
        stochLow = RollingExtreme.lowest(c.stochPeriod());
        sharedExtremes = c.williamsPeriod() == c.stochPeriod();
        willHigh = sharedExtremes ? stochHigh : RollingExtreme.highest(c.williamsPeriod());
        willLow = sharedExtremes ? stochLow : RollingExtreme.lowest(c.williamsPeriod());
        stochK = new RollingWindow(c.stochSmooth());
        cciTp = new RollingWindow(c.cciPeriod());
        obvSigned = new RollingWindow(c.obvPeriod());
        obvVolume = window(byVolume, c.obvPeriod(), volumeStd);
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
            zClose[i] = window(byClose, zp[i], closeStd);
            zVolume[i] = window(byVolume, zp[i], volumeStd);
        }
        int[] vr = c.volumeRatioPeriods();
        volumeRatio = new RollingWindow[vr.length];
        for (int i = 0; i < vr.length; i++) volumeRatio[i] = window(byVolume, vr[i], volumeStd);
        closeWindows = byClose.values().toArray(new RollingWindow[0]);
        volumeWindows = byVolume.values().toArray(new RollingWindow[0]);
    }

    private static RollingWindow window(java.util.Map<Integer, RollingWindow> shared, int period, java.util.Set<Integer> needStd) {
        return shared.computeIfAbsent(period, p -> new RollingWindow(p));
    }

    /** Starts a new segment: forgets all history (warm-up restarts). */
    void reset() {
        k = 0;
        for (RollingWindow w : closeWindows) w.reset();
        for (RollingWindow w : volumeWindows) w.reset();
        for (Ema e : emas) e.reset();
        for (Ema e : rsiGain) e.reset();
        for (Ema e : rsiLoss) e.reset();
        macdFast.reset();
        macdSlow.reset();
        macdSignal.reset();
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
        mfiPos.reset();
        mfiNeg.reset();
        for (RollingWindow w : volCc) w.reset();
        for (RollingWindow w : volPark) w.reset();
        for (RollingWindow w : volGk) w.reset();
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
        boolean rb = !first && BarBlock.isRebaseBar(ts[i - 1], ts[i]);

        for (RollingWindow w : closeWindows) w.push(c, rb);
        for (RollingWindow w : volumeWindows) w.push(v, rb);
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
        if (!sharedExtremes) {
            willHigh.push(h);
            willLow.push(l);
        }
        double hh = stochHigh.value(), ll = stochLow.value();
        kValue = hh == ll ? 50 : (c - ll) / (hh - ll) * 100;
        stochK.push(kValue, rb);

        double tp = (h + l + c) / 3;
        cciTp.push(tp, rb);
        obvSigned.push(first || c == prevClose ? 0 : (c > prevClose ? v : -v), rb);
        double flow = tp * v;
        mfiPos.push(!first && tp > prevTp ? flow : 0, rb);
        mfiNeg.push(!first && tp < prevTp ? flow : 0, rb);

        double hl = Math.log(h / l);
        double co = Math.log(c / open[i]);
        double park = hl * hl;
        double gk = 0.5 * park - GK_C * co * co;
        double r1 = first ? 0 : logC - logRing[(k - 1) & ringMask];
        for (int j = 0; j < volCc.length; j++) {
            if (!first) volCc[j].push(r1, rb);
            volPark[j].push(park, rb);
            volGk[j].push(gk, rb);
        }

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
    /** Sum of {@code x * 0} over the values written for the current row: 0 iff every value is finite. */
    private float check;

    /** The double value of each column of the last row written, before its cast (added for the double-level regression test). */
    final double[] written;
    private int writtenCount;

    private float f(double v) {
        written[writtenCount++] = v;
        float x = (float) v;
        check += x * 0f; // NaN for a NaN or infinite x, 0 otherwise: checks the row without reading it back
        return x;
    }

    boolean write(int i, float[] out, int offset) {
        writtenCount = 0;
        int o = offset;
        int t = k - 1;
        double c = close[i], h = high[i], l = low[i], v = volume[i];
        double logC = logRing[t & ringMask];
        for (int p : returnPeriods) out[o++] = f(logC - logRing[(t - p) & ringMask]);
        for (RollingWindow w : smaWindows) out[o++] = f(c / w.mean() - 1);
        for (Ema e : emas) out[o++] = f(c / e.value() - 1);
        for (int j = 0; j < rsiGain.length; j++) out[o++] = f(rsi(rsiGain[j].value(), rsiLoss[j].value()));
        double line = macdFast.value() - macdSlow.value();
        double signal = macdSignal.value();
        out[o++] = f(line / c);
        out[o++] = f(signal / c);
        out[o++] = f((line - signal) / c);
        double mid = bollinger.mean();
        double sd = bollinger.std();
        out[o++] = f(sd == 0 ? 0.5 : (c - (mid - bollingerK * sd)) / (2 * bollingerK * sd));
        out[o++] = f(2 * bollingerK * sd / mid * 100);
        double a = atr.value();
        out[o++] = f(a);
        out[o++] = f(a / c * 100);
        out[o++] = f(adxDx.value());
        out[o++] = f(plusDi);
        out[o++] = f(minusDi);
        out[o++] = f(kValue);
        out[o++] = f(stochK.mean());
        double wh = willHigh.value(), wl = willLow.value();
        out[o++] = f(wh == wl ? -50 : (wh - c) / (wh - wl) * -100);
        double tp = (h + l + c) / 3;
        double tpMean = cciTp.mean();
        double md = cciTp.meanAbsDeviation(tpMean);
        out[o++] = f(md == 0 ? 0 : (tp - tpMean) / (0.015 * md));
        for (int p : rocPeriods) {
            double past = closeRing[(t - p) & ringMask];
            out[o++] = f((c - past) / past * 100);
        }
        double volMean = obvVolume.mean();
        out[o++] = f(volMean <= 0 ? 0 : obvSigned.mean() / volMean);
        out[o++] = f(mfi(mfiPos.mean(), mfiNeg.mean()));
        for (int j = 0; j < volCc.length; j++) {
            out[o++] = f(volCc[j].std());
            double pk = volPark[j].mean();
            out[o++] = f(Math.sqrt(pk > 0 ? pk / (4 * LN2) : 0));
            double g = volGk[j].mean();
            out[o++] = f(Math.sqrt(g > 0 ? g : 0));
        }
        for (int j = 0; j < zClose.length; j++) {
            out[o++] = f(zscore(c, zClose[j]));
            out[o++] = f(zscore(v, zVolume[j]));
        }
        for (RollingWindow w : volumeRatio) {
            double m = w.mean();
            out[o++] = f(m <= 0 ? 1 : v / m);
        }
        out[o++] = f((h - l) / c);
        out[o++] = f(h == l ? 0.5 : (c - l) / (h - l));
        if (timeFeatures) {
            long ms = ts[i];
            int minute = (int) (Math.floorMod(ms, 86_400_000L) / 60_000L);
            int dow = (int) Math.floorMod(Math.floorDiv(ms, 86_400_000L) + 3, 7L); // 1970-01-01 was a Thursday; Monday = 0
            out[o++] = f(TOD_SIN[minute]);
            out[o++] = f(TOD_COS[minute]);
            out[o++] = f(DOW_SIN[dow]);
            out[o++] = f(DOW_COS[dow]);
        }
        for (int lag = 0; lag < returnLags; lag++) {
            out[o++] = f(logRing[(t - lag) & ringMask] - logRing[(t - lag - 1) & ringMask]);
        }
        if (o - offset != columns) throw new IllegalStateException("feature kernel wrote " + (o - offset) + " columns, layout has " + columns);
        boolean finite = check == 0;
        check = 0;
        return finite;
    }

    static double rsi(double avgGain, double avgLoss) {
        if (avgLoss == 0) return avgGain == 0 ? 50 : 100;
        return 100 - 100 / (1 + avgGain / avgLoss);
    }

    static double mfi(double positiveFlow, double negativeFlow) {
        if (!(negativeFlow > 0)) return positiveFlow > 0 ? 100 : 50;
        if (positiveFlow < 0) positiveFlow = 0;
        return 100 - 100 / (1 + positiveFlow / negativeFlow);
    }

    private static double zscore(double x, RollingWindow w) {
        double sd = w.std();
        return sd == 0 ? 0 : (x - w.mean()) / sd;
    }
}
