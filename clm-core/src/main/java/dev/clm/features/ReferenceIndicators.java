package dev.clm.features;

import dev.clm.api.BarSeries;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The classic indicators as raw double columns, in one pass over one symbol, with the
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
     * {@code withStochasticAndWilliams} is false) over {@code s} in one pass.
     */
    public static ReferenceIndicators compute(BarSeries s, boolean withStochasticAndWilliams) {
        int n = s.size();
        double[] open = s.open(), high = s.high(), low = s.low(), close = s.close(), volume = s.volume();
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

        RollingWindow sma20 = new RollingWindow(20);
        Ema ema20 = Ema.ema(20);
        Ema gain = Ema.wilder(14), loss = Ema.wilder(14);
        Ema fast = Ema.ema(12), slow = Ema.ema(26), signal = Ema.ema(9);
        Ema atr = Ema.wilder(14), plusDm = Ema.wilder(14), minusDm = Ema.wilder(14), dx = Ema.wilder(14);
        RollingExtreme hh = RollingExtreme.highest(14), ll = RollingExtreme.lowest(14);
        RollingWindow kWindow = new RollingWindow(3);
        RollingWindow tpWindow = new RollingWindow(20);
        RollingWindow pos = new RollingWindow(14), neg = new RollingWindow(14);
        double prevClose = 0, prevHigh = 0, prevLow = 0, prevTp = 0, obvValue = 0;
        for (int i = 0; i < n; i++) {
            double o = open[i], h = high[i], l = low[i], c = close[i], v = volume[i];
            boolean first = i == 0;
            sma20.push(c);
            double mid = sma20.mean();
            sma[i] = mid;
            ema[i] = ema20.update(c);
            double change = first ? 0 : c - prevClose;
            rsi[i] = FeatureKernel.rsi(gain.update(change > 0 ? change : 0), loss.update(change < 0 ? -change : 0));
            double line = fast.update(c) - slow.update(c);
            double sig = signal.update(line);
            macd[i] = line;
            macdSignal[i] = sig;
            macdHist[i] = line - sig;
            double sd = sma20.std();
            double up = mid + 2 * sd, lo = mid - 2 * sd;
            bbUpper[i] = up;
            bbLower[i] = lo;
            bbPctB[i] = up == lo ? 0.5 : (c - lo) / (up - lo);
            bbWidth[i] = (up - lo) / mid * 100;
            double tr = first ? h - l : Math.max(Math.max(h - l, Math.abs(h - prevClose)), Math.abs(prevClose - l));
            double a = atr.update(tr);
            atrCol[i] = a;
            double pdm = 0, mdm = 0;
            if (!first) {
                double upMove = h - prevHigh, downMove = prevLow - l;
                if (upMove > downMove && upMove > 0) pdm = upMove;
                if (downMove > upMove && downMove > 0) mdm = downMove;
            }
            double pAvg = plusDm.update(pdm), mAvg = minusDm.update(mdm);
            double pdi = a == 0 ? 0 : pAvg / a * 100;
            double mdi = a == 0 ? 0 : mAvg / a * 100;
            plusDiCol[i] = pdi;
            minusDiCol[i] = mdi;
            double diSum = pdi + mdi;
            adxCol[i] = dx.update(diSum == 0 ? 0 : Math.abs(pdi - mdi) / diSum * 100);
            if (stochKCol != null) {
                hh.push(h);
                ll.push(l);
                double hi = hh.value(), lw = ll.value();
                double k = hi == lw ? 50 : (c - lw) / (hi - lw) * 100;
                kWindow.push(k);
                stochKCol[i] = k;
                stochDCol[i] = kWindow.mean();
                williams[i] = hi == lw ? -50 : (hi - c) / (hi - lw) * -100;
            }
            double tp = (h + l + c) / 3;
            tpWindow.push(tp);
            double tpMean = tpWindow.mean();
            double md = tpWindow.meanAbsDeviation(tpMean);
            cci[i] = md == 0 ? 0 : (tp - tpMean) / (md * 0.015);
            roc[i] = i < 10 ? Double.NaN : (c - close[i - 10]) / close[i - 10] * 100;
            if (!first) obvValue += c > prevClose ? v : c < prevClose ? -v : 0;
            obv[i] = obvValue;
            double flow = tp * v;
            pos.push(!first && tp > prevTp ? flow : 0);
            neg.push(!first && tp < prevTp ? flow : 0);
            mfi[i] = i < 14 ? Double.NaN : FeatureKernel.mfi(pos.sum(), neg.sum());
            prevClose = c;
            prevHigh = h;
            prevLow = l;
            prevTp = tp;
        }
        return new ReferenceIndicators(m);
    }
}
