package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import dev.clm.data.CsvDataClient;
import dev.clm.data.SharedData;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.CCIIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.StochasticOscillatorDIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.WilliamsRIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.adx.MinusDIIndicator;
import org.ta4j.core.indicators.adx.PlusDIIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandWidthIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.bollinger.PercentBIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

/**
 * Every indicator family ta4j 0.17 also has, checked on real BTC bars to 1e-9 relative, and the
 * definitional differences checked explicitly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Ta4jCrossCheckTest {
    private static final double REL = 1e-9;
    private static final int BARS = 12_000;

    private BarSeries btc;
    private ReferenceIndicators ours;
    private Map<String, Indicator<Num>> ta4j;

    /** A ta4j DoubleNum series with the same bars. */
    static org.ta4j.core.BarSeries toTa4j(BarSeries s) {
        org.ta4j.core.BarSeries t = new BaseBarSeriesBuilder().withName(s.symbol()).withNumTypeOf(DoubleNum.class).build();
        for (int i = 0; i < s.size(); i++) {
            t.addBar(Duration.ofMinutes(1), Instant.ofEpochMilli(s.timestamps()[i]).atZone(ZoneOffset.UTC),
                    s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i]);
        }
        return t;
    }

    /** The ta4j indicators matching {@link ReferenceIndicators#ALL}. */
    static Map<String, Indicator<Num>> ta4jIndicators(org.ta4j.core.BarSeries t, boolean withStochasticAndWilliams) {
        ClosePriceIndicator close = new ClosePriceIndicator(t);
        Map<String, Indicator<Num>> m = new LinkedHashMap<>();
        SMAIndicator sma = new SMAIndicator(close, 20);
        m.put("sma", sma);
        m.put("ema", new EMAIndicator(close, 20));
        m.put("rsi", new RSIIndicator(close, 14));
        MACDIndicator macd = new MACDIndicator(close, 12, 26);
        m.put("macd", macd);
        m.put("macd_signal", macd.getSignalLine(9));
        m.put("macd_hist", macd.getHistogram(9));
        BollingerBandsMiddleIndicator mid = new BollingerBandsMiddleIndicator(sma);
        StandardDeviationIndicator sd = new StandardDeviationIndicator(close, 20);
        BollingerBandsUpperIndicator up = new BollingerBandsUpperIndicator(mid, sd);
        BollingerBandsLowerIndicator lo = new BollingerBandsLowerIndicator(mid, sd);
        m.put("bb_upper", up);
        m.put("bb_lower", lo);
        m.put("bb_pct_b", new PercentBIndicator(close, 20, 2.0));
        m.put("bb_width", new BollingerBandWidthIndicator(up, mid, lo));
        m.put("atr", new ATRIndicator(t, 14));
        m.put("adx", new ADXIndicator(t, 14));
        m.put("plus_di", new PlusDIIndicator(t, 14));
        m.put("minus_di", new MinusDIIndicator(t, 14));
        if (withStochasticAndWilliams) {
            StochasticOscillatorKIndicator k = new StochasticOscillatorKIndicator(t, 14);
            m.put("stoch_k", k);
            m.put("stoch_d", new StochasticOscillatorDIndicator(k));
            m.put("williams_r", new WilliamsRIndicator(t, 14));
        }
        m.put("cci", new CCIIndicator(t, 20));
        m.put("roc", new ROCIndicator(close, 10));
        m.put("obv", new OnBalanceVolumeIndicator(t));
        m.put("mfi", new MoneyFlowIndexIndicator(t, 14));
        return m;
    }

    @BeforeAll
    void load() {
        BarSeries full = CsvDataClient.read(SharedData.file("binance_perp_1h/BTCUSDT_PERP_1h.csv"), "BTCUSDT_PERP_1h",
                CsvDataClient.InvalidRowPolicy.FAIL);
        btc = full.sliceRows(0, BARS);
        ours = ReferenceIndicators.compute(btc, true);
        ta4j = ta4jIndicators(toTa4j(btc), true);
        // ta4j's recursive indicators are cheapest evaluated in index order.
        for (Indicator<Num> ind : ta4j.values()) for (int i = 0; i < BARS; i++) ind.getValue(i);
    }

    private static double scale(double[] v) {
        double[] abs = Arrays.stream(v).filter(Double::isFinite).map(Math::abs).sorted().toArray();
        return abs.length == 0 ? 1 : abs[abs.length / 2];
    }

    /** Compares from index 30 on (after ta4j's own partial-window start-up) to 1e-9 relative; returns the count compared. */
    private int compare(String name) {
        double[] mine = ours.column(name);
        Indicator<Num> theirs = ta4j.get(name);
        double floor = REL * scale(mine); // absolute floor for values crossing zero (MACD histogram, CCI, ...)
        int compared = 0;
        for (int i = 30; i < BARS; i++) {
            double t = theirs.getValue(i).doubleValue();
            double o = mine[i];
            if (Double.isNaN(t)) continue; // ta4j undefined: checked in DefinitionalDifferences
            if (name.equals("mfi") && mfiClampBites(i)) continue; // definitional difference: see mfiClamp()
            double tol = Math.max(REL * Math.max(Math.abs(t), Math.abs(o)), floor);
            assertThat(Math.abs(o - t)).as("%s at bar %d: ours %s, ta4j %s", name, i, o, t).isLessThanOrEqualTo(tol);
            compared++;
        }
        return compared;
    }

    /** True when ta4j's clamp of a money-flow sum to >= 1 changes its MFI at bar i (a flow sum below 1). */
    private boolean mfiClampBites(int i) {
        double pos = 0, neg = 0;
        for (int j = i - 13; j <= i; j++) {
            double tp = (btc.high()[j] + btc.low()[j] + btc.close()[j]) / 3;
            double prev = (btc.high()[j - 1] + btc.low()[j - 1] + btc.close()[j - 1]) / 3;
            double flow = tp * btc.volume()[j];
            if (tp > prev) pos += flow; else if (tp < prev) neg += flow;
        }
        return pos < 1 || neg < 1;
    }

    @Test
    @DisplayName("SMA, EMA, RSI, MACD (line, signal, histogram) match ta4j to 1e-9")
    void trendAndMomentum() {
        for (String n : new String[] {"sma", "ema", "rsi", "macd", "macd_signal", "macd_hist"}) assertThat(compare(n)).isGreaterThan(BARS - 40);
    }

    @Test
    @DisplayName("Bollinger upper, lower, %b, width and ATR match ta4j to 1e-9")
    void bandsAndRange() {
        for (String n : new String[] {"bb_upper", "bb_lower", "bb_pct_b", "bb_width", "atr"}) assertThat(compare(n)).isGreaterThan(BARS - 40);
    }

    @Test
    @DisplayName("ADX, +DI, -DI (Wilder smoothing) match ta4j to 1e-9")
    void adx() {
        for (String n : new String[] {"adx", "plus_di", "minus_di"}) assertThat(compare(n)).isGreaterThan(BARS - 40);
    }

    @Test
    @DisplayName("stochastic %K/%D and Williams %R match ta4j to 1e-9 wherever ta4j defines them")
    void oscillators() {
        for (String n : new String[] {"stoch_k", "stoch_d", "williams_r"}) assertThat(compare(n)).isGreaterThan(BARS - 100);
    }

    @Test
    @DisplayName("CCI, ROC, OBV, MFI match ta4j to 1e-9")
    void cciRocObvMfi() {
        for (String n : new String[] {"cci", "roc", "obv"}) assertThat(compare(n)).isGreaterThan(BARS - 40);
        assertThat(compare("mfi")).isGreaterThan(BARS - 100);
    }

    @Nested
    @DisplayName("the feature columns are the reference indicators")
    class FeatureColumns {
        @Test
        @DisplayName("feature values equal the ta4j-checked indicators (float precision) on every row")
        void featuresMatchReference() {
            TechnicalFeatureEngineer fe = new TechnicalFeatureEngineer();
            Dataset d = fe.transformForPrediction(MarketData.of(btc));
            int first = fe.warmupBars();
            assertThat(d.rows()).isEqualTo(BARS - first);
            double[] c = btc.close();
            Map<String, java.util.function.IntToDoubleFunction> expected = new LinkedHashMap<>();
            expected.put("sma_ratio_20", i -> c[i] / ours.column("sma")[i] - 1);
            expected.put("ema_ratio_20", i -> c[i] / ours.column("ema")[i] - 1);
            expected.put("rsi_14", i -> ours.column("rsi")[i]);
            expected.put("macd_norm", i -> ours.column("macd")[i] / c[i]);
            expected.put("macd_signal_norm", i -> ours.column("macd_signal")[i] / c[i]);
            expected.put("macd_hist_norm", i -> ours.column("macd_hist")[i] / c[i]);
            expected.put("bb_pct_b_20", i -> ours.column("bb_pct_b")[i]);
            expected.put("bb_width_20", i -> ours.column("bb_width")[i]);
            expected.put("atr_14", i -> ours.column("atr")[i]);
            expected.put("atr_pct_14", i -> ours.column("atr")[i] / c[i] * 100);
            expected.put("adx_14", i -> ours.column("adx")[i]);
            expected.put("plus_di_14", i -> ours.column("plus_di")[i]);
            expected.put("minus_di_14", i -> ours.column("minus_di")[i]);
            expected.put("stoch_k_14", i -> ours.column("stoch_k")[i]);
            expected.put("stoch_d_14", i -> ours.column("stoch_d")[i]);
            expected.put("williams_r_14", i -> ours.column("williams_r")[i]);
            expected.put("cci_20", i -> ours.column("cci")[i]);
            expected.put("roc_10", i -> ours.column("roc")[i]);
            expected.put("mfi_14", i -> ours.column("mfi")[i]);
            for (var e : expected.entrySet()) {
                int col = d.featureIndex(e.getKey());
                assertThat(col).as(e.getKey()).isGreaterThanOrEqualTo(0);
                double[] all = new double[d.rows()];
                for (int r = 0; r < d.rows(); r++) all[r] = e.getValue().applyAsDouble(first + r);
                double floor = 1e-6 * scale(all);
                for (int r = 0; r < d.rows(); r++) {
                    double want = all[r];
                    double got = d.feature(r, col);
                    assertThat(Math.abs(got - want)).as("%s row %d: %s vs %s", e.getKey(), r, got, want)
                            .isLessThanOrEqualTo(Math.max(1e-6 * Math.abs(want), floor));
                }
            }
        }
    }

    @Nested
    @DisplayName("definitional differences from ta4j, tested explicitly")
    class DefinitionalDifferences {
        /** 40 identical flat bars (an exchange outage): no move, zero range, zero deviation. */
        private BarSeries flat() {
            int n = 40;
            long[] ts = new long[n];
            double[] p = new double[n], v = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = 1_600_000_000_000L + i * 3_600_000L;
                p[i] = 100;
                v[i] = 0.5;
            }
            return new BarSeries("FLAT", ts, p, p.clone(), p.clone(), p.clone(), v);
        }

        @Test
        @DisplayName("no move: RSI 50 (ta4j 0); zero range: %K 50, %R -50, %b 0.5 (ta4j NaN); CCI 0 like ta4j")
        void flatMarket() {
            BarSeries s = flat();
            ReferenceIndicators r = ReferenceIndicators.compute(s, true);
            Map<String, Indicator<Num>> t = ta4jIndicators(toTa4j(s), true);
            int i = 30;
            assertThat(t.get("rsi").getValue(i).doubleValue()).isZero();
            assertThat(r.column("rsi")[i]).isEqualTo(50);
            assertThat(t.get("stoch_k").getValue(i).isNaN()).isTrue();
            assertThat(r.column("stoch_k")[i]).isEqualTo(50);
            assertThat(t.get("williams_r").getValue(i).isNaN()).isTrue();
            assertThat(r.column("williams_r")[i]).isEqualTo(-50);
            assertThat(t.get("bb_pct_b").getValue(i).isNaN()).isTrue();
            assertThat(r.column("bb_pct_b")[i]).isEqualTo(0.5);
            assertThat(t.get("cci").getValue(i).doubleValue()).isZero();
            assertThat(r.column("cci")[i]).isZero();
            // the rest agree on the flat market too
            for (String n : new String[] {"sma", "ema", "macd", "atr", "adx", "plus_di", "obv", "roc"}) {
                assertThat(r.column(n)[i]).as(n).isEqualTo(t.get(n).getValue(i).doubleValue());
            }
        }

        @Test
        @DisplayName("MFI: plain money-flow ratio; ta4j clamps each flow sum to >= 1, which differs only for tiny flows")
        void mfiClamp() {
            int n = 30;
            long[] ts = new long[n];
            double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = 1_600_000_000_000L + i * 3_600_000L;
                c[i] = 1 + (i % 3 == 0 ? 0.02 : -0.01) * (i % 5);
                o[i] = c[i];
                h[i] = c[i] + 0.01;
                l[i] = c[i] - 0.01;
                v[i] = 0.001; // flows far below 1
            }
            BarSeries tiny = new BarSeries("TINY", ts, o, h, l, c, v);
            double mine = ReferenceIndicators.compute(tiny, false).column("mfi")[n - 1];
            double theirs = ta4jIndicators(toTa4j(tiny), false).get("mfi").getValue(n - 1).doubleValue();
            assertThat(theirs).isEqualTo(50.0); // both sums clamped to 1
            assertThat(mine).isNotEqualTo(50.0).isBetween(0.0, 100.0);
            // Scaled to realistic volumes the clamp no longer bites and both agree.
            double[] big = new double[n];
            Arrays.fill(big, 1e6);
            BarSeries real = new BarSeries("REAL", ts, o, h, l, c, big);
            double m2 = ReferenceIndicators.compute(real, false).column("mfi")[n - 1];
            double t2 = ta4jIndicators(toTa4j(real), false).get("mfi").getValue(n - 1).doubleValue();
            assertThat(m2).isCloseTo(t2, org.assertj.core.data.Offset.offset(1e-9 * Math.abs(t2)));
            assertThat(m2).isCloseTo(mine, org.assertj.core.data.Offset.offset(1e-9)); // MFI is scale-free without the clamp
        }
    }
}
