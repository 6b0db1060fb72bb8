package dev.clm.features;

import dev.clm.api.BarSeries;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classic indicators as raw double columns over one symbol, with the
 * textbook periods: SMA(20), EMA(20), RSI(14), MACD(12, 26, 9) line, signal and histogram,
 * Bollinger(20, 2) upper, lower, %b and width, ATR(14), ADX(14) with +DI/-DI, stochastic
 * %K(14)/%D(3), Williams %R(14), CCI(20), ROC(10), OBV and MFI(14). They are built from the
 * same smoothers and windows as the feature columns of {@link TechnicalFeatureEngineer}, and
 * are what the tests compare with ta4j and the benchmark times against ta4j.
 *
 * <p>Values follow ta4j 0.17's definitions: EMA and Wilder smoothers start at the first value;
 * windows shorter than their period at the start use the bars available; ROC and MFI are NaN
 * until their period is filled. Documented differences (tested explicitly): RSI is 50 (ta4j
 * 0) when there was no move; stochastic %K is 50, Williams %R -50 and %b 0.5 (ta4j NaN) when
 * the range or deviation is zero; MFI uses the plain money-flow ratio, where ta4j clamps both
 * flows to at least 1 (which changes the value only when a flow sum is below 1). The whole
 * series is one segment: gaps are not looked at here.
 *
 * <p>Immutable after {@link #compute}; the arrays returned by {@link #column} are shared.
 */
public final class ReferenceIndicators {
    public static final List<String> ALL = List.of("sma", "ema", "rsi", "macd", "macd_signal", "macd_hist", "bb_upper",
            "bb_lower", "bb_pct_b", "bb_width", "atr", "adx", "plus_di", "minus_di", "stoch_k", "stoch_d", "williams_r",
            "cci", "roc", "obv", "mfi");

    private final Map<String, double[]> columns;

    private ReferenceIndicators(Map<String, double[]> columns) {
        this.columns = Collections.unmodifiableMap(columns);
    }

    /** Column names computed, in order. */
    public List<String> names() {
        return List.copyOf(columns.keySet());
    }

    /** The column {@code name}, one value per bar; throws for a name not computed. */
    public double[] column(String name) {
        double[] c = columns.get(name);
        if (c == null) throw new IllegalArgumentException("no indicator '" + name + "'; computed: " + columns.keySet());
        return c;
    }

    /**
     * Computes every indicator of {@link #ALL} (or all but stochastic and Williams %R when
     * {@code withStochasticAndWilliams} is false) over {@code s}, one pass per indicator family.
     */
    public static ReferenceIndicators compute(BarSeries s, boolean withStochasticAndWilliams) {
        int n = s.size();
        double[] high = s.high(), low = s.low(), close = s.close(), volume = s.volume();
        Map<String, double[]> m = new LinkedHashMap<>();
        for (String name : ALL) {
            if (!withStochasticAndWilliams && (name.startsWith("stoch") || name.startsWith("williams"))) continue;
            m.put(name, new double[n]);
        }
        double[] sma = m.get("sma"), ema = m.get("ema"), rsi = m.get("rsi"), macd = m.get("macd"), macdSignal = m.get("macd_signal"),
                macdHist = m.get("macd_hist"), bbUpper = m.get("bb_upper"), bbLower = m.get("bb_lower"), bbPctB = m.get("bb_pct_b"),
                bbWidth = m.get("bb_width"), atrCol = m.get("atr"), adxCol = m.get("adx"), plusDiCol = m.get("plus_di"),
                minusDiCol = m.get("minus_di"), stochKCol = m.get("stoch_k"), stochDCol = m.get("stoch_d"),
                williams = m.get("williams_r"), cci = m.get("cci"), roc = m.get("roc"), obv = m.get("obv"), mfi = m.get("mfi");

        // One loop per indicator family: each stays small enough for the JIT to inline its
        // windows and smoothers (one loop over everything did not).
        bollinger(close, sma, bbUpper, bbLower, bbPctB, bbWidth);
        ema(close, ema);
        rsi(close, rsi);
        macd(close, macd, macdSignal, macdHist);
        trend(high, low, close, atrCol, adxCol, plusDiCol, minusDiCol);
        if (stochKCol != null) stochastic(high, low, close, stochKCol, stochDCol, williams);
        cci(high, low, close, cci);
        roc(close, roc);
        obv(close, volume, obv);
        mfi(high, low, close, volume, mfi);
        return new ReferenceIndicators(m);
    }

    private static void bollinger(double[] close, double[] sma, double[] upper, double[] lower, double[] pctB, double[] width) {
        RollingWindow sma20 = new RollingWindow(20);
        for (int i = 0; i < close.length; i++) {
            double c = close[i];
            sma20.push(c);
            double mid = sma20.mean();
            sma[i] = mid;
            double sd = sma20.std();
            double up = mid + 2 * sd, lo = mid - 2 * sd;
            upper[i] = up;
            lower[i] = lo;
            pctB[i] = up == lo ? 0.5 : (c - lo) / (up - lo);
            width[i] = (up - lo) / mid * 100;
        }
    }

    private static void ema(double[] close, double[] ema) {
        Ema ema20 = Ema.ema(20);
        for (int i = 0; i < close.length; i++) ema[i] = ema20.update(close[i]);
    }

    private static void rsi(double[] close, double[] rsi) {
        Ema gain = Ema.wilder(14), loss = Ema.wilder(14);
        for (int i = 0; i < close.length; i++) {
            double change = i == 0 ? 0 : close[i] - close[i - 1];
            // max(change, 0) is "change > 0 ? change : 0" also for a -0.0 change (both give +0.0), without a branch
            rsi[i] = FeatureKernel.rsi(gain.update(Math.max(change, 0.0)), loss.update(Math.max(-change, 0.0)));
        }
    }

    private static void macd(double[] close, double[] macd, double[] macdSignal, double[] macdHist) {
        Ema fast = Ema.ema(12), slow = Ema.ema(26), signal = Ema.ema(9);
        for (int i = 0; i < close.length; i++) {
            double c = close[i];
            double line = fast.update(c) - slow.update(c);
            double sig = signal.update(line);
            macd[i] = line;
            macdSignal[i] = sig;
            macdHist[i] = line - sig;
        }
    }

    private static void trend(double[] high, double[] low, double[] close, double[] atrCol, double[] adxCol, double[] plusDiCol,
                              double[] minusDiCol) {
        Ema atr = Ema.wilder(14), plusDm = Ema.wilder(14), minusDm = Ema.wilder(14), dx = Ema.wilder(14);
        for (int i = 0; i < close.length; i++) {
            double h = high[i], l = low[i];
            boolean first = i == 0;
            double prevClose = first ? 0 : close[i - 1];
            double tr = first ? h - l : Math.max(Math.max(h - l, Math.abs(h - prevClose)), Math.abs(prevClose - l));
            double a = atr.update(tr);
            atrCol[i] = a;
            double pdm = 0, mdm = 0;
            if (!first) {
                double upMove = h - high[i - 1], downMove = low[i - 1] - l;
                pdm = BranchFree.keepIf(upMove > downMove, Math.max(upMove, 0.0));     // up > down && up > 0 ? up : 0
                mdm = BranchFree.keepIf(downMove > upMove, Math.max(downMove, 0.0));
            }
            double pAvg = plusDm.update(pdm), mAvg = minusDm.update(mdm);
            double pdi = a == 0 ? 0 : pAvg / a * 100;
            double mdi = a == 0 ? 0 : mAvg / a * 100;
            plusDiCol[i] = pdi;
            minusDiCol[i] = mdi;
            double diSum = pdi + mdi;
            adxCol[i] = dx.update(diSum == 0 ? 0 : Math.abs(pdi - mdi) / diSum * 100);
        }
    }

    private static void stochastic(double[] high, double[] low, double[] close, double[] stochK, double[] stochD, double[] williams) {
        RollingExtreme hh = RollingExtreme.highest(14), ll = RollingExtreme.lowest(14);
        RollingWindow kWindow = new RollingWindow(3);
        for (int i = 0; i < close.length; i++) {
            double c = close[i];
            hh.push(high[i]);
            ll.push(low[i]);
            double hi = hh.value(), lw = ll.value();
            double k = hi == lw ? 50 : (c - lw) / (hi - lw) * 100;
            kWindow.push(k);
            stochK[i] = k;
            stochD[i] = kWindow.mean();
            williams[i] = hi == lw ? -50 : (hi - c) / (hi - lw) * -100;
        }
    }

    private static void cci(double[] high, double[] low, double[] close, double[] cci) {
        RollingWindow tpWindow = new RollingWindow(20);
        for (int i = 0; i < close.length; i++) {
            double tp = (high[i] + low[i] + close[i]) / 3;
            tpWindow.push(tp);
            double tpMean = tpWindow.mean();
            double md = tpWindow.meanAbsDeviation(tpMean);
            cci[i] = md == 0 ? 0 : (tp - tpMean) / (md * 0.015);
        }
    }

    private static void roc(double[] close, double[] roc) {
        for (int i = 0; i < close.length; i++) roc[i] = i < 10 ? Double.NaN : (close[i] - close[i - 10]) / close[i - 10] * 100;
    }

    private static void obv(double[] close, double[] volume, double[] obv) {
        double obvValue = 0;
        for (int i = 0; i < close.length; i++) {
            if (i > 0) {
                double c = close[i], pc = close[i - 1];
                // c > pc ? v : c < pc ? -v : 0, branch-free (NaN-free inputs: != is "less or greater")
                obvValue += BranchFree.keepIf(c != pc, BranchFree.negateIf(c < pc, volume[i]));
            }
            obv[i] = obvValue;
        }
    }

    private static void mfi(double[] high, double[] low, double[] close, double[] volume, double[] mfi) {
        RollingWindow pos = new RollingWindow(14), neg = new RollingWindow(14); // sums only: no squares
        double prevTp = 0;
        for (int i = 0; i < close.length; i++) {
            double tp = (high[i] + low[i] + close[i]) / 3;
            double flow = tp * volume[i];
            pos.push(BranchFree.keepIf(i > 0 & tp > prevTp, flow));
            neg.push(BranchFree.keepIf(i > 0 & tp < prevTp, flow));
            mfi[i] = i < 14 ? Double.NaN : FeatureKernel.mfi(pos.sum(), neg.sum());
            prevTp = tp;
        }
    }
}
