package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.MarketData;
import dev.clm.data.CsvDataClient;
import dev.clm.data.SharedData;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TechnicalFeatureEngineerTest {
    static final List<String> DEFAULT_NAMES = List.of(
            "log_ret_1", "log_ret_3", "log_ret_6", "log_ret_12", "log_ret_24", "log_ret_48",
            "sma_ratio_5", "sma_ratio_10", "sma_ratio_20", "sma_ratio_50", "sma_ratio_100",
            "ema_ratio_5", "ema_ratio_10", "ema_ratio_20", "ema_ratio_50", "ema_ratio_100",
            "rsi_7", "rsi_14", "rsi_21", "macd_norm", "macd_signal_norm", "macd_hist_norm",
            "bb_pct_b_20", "bb_width_20", "atr_14", "atr_pct_14", "adx_14", "plus_di_14", "minus_di_14",
            "stoch_k_14", "stoch_d_14", "williams_r_14", "cci_20", "roc_10", "roc_20", "obv_norm_20", "mfi_14",
            "vol_cc_10", "vol_parkinson_10", "vol_gk_10", "vol_cc_30", "vol_parkinson_30", "vol_gk_30",
            "zscore_close_20", "zscore_volume_20", "zscore_close_50", "zscore_volume_50",
            "volume_ratio_5", "volume_ratio_20", "hl_range", "close_location",
            "tod_sin", "tod_cos", "dow_sin", "dow_cos");

    static BarSeries shared(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1).replace(".csv", "");
        return CsvDataClient.read(SharedData.file(relative), name, CsvDataClient.InvalidRowPolicy.FAIL);
    }

    static void assertAllFinite(Dataset d) {
        for (int i = 0; i < d.features().length; i++) {
            if (!Float.isFinite(d.features()[i])) {
                throw new AssertionError("feature " + d.featureNames().get(i % d.columns()) + " row " + i / d.columns() + " = " + d.features()[i]);
            }
        }
    }

    private final TechnicalFeatureEngineer fe = new TechnicalFeatureEngineer();

    @Test
    @DisplayName("the default config has the 55 documented features, unique names, warm-up 300, horizon 12")
    void defaultFeatures() {
        assertThat(fe.featureNames()).containsExactlyElementsOf(DEFAULT_NAMES);
        assertThat(new HashSet<>(fe.featureNames())).hasSize(55);
        assertThat(fe.warmupBars()).isEqualTo(300);
        assertThat(fe.horizon()).isEqualTo(12);
        assertThat(fe.featureWarmup("ema_ratio_100")).isEqualTo(300);
        assertThat(fe.featureWarmup("log_ret_48")).isEqualTo(48);
        assertThat(fe.featureWarmup("adx_14")).isEqualTo(84);
        assertThat(fe.featureWarmup("tod_sin")).isZero();
    }

    @Test
    @DisplayName("every file in ../shared/data transforms to finite features and labels (gemini open = 0, outages, gaps)")
    void everySharedFileTransforms() {
        MarketData all = CsvDataClient.builder().directory(SharedData.dir()).build().loadAll();
        for (BarSeries s : all.series()) {
            Dataset d = fe.transform(MarketData.of(s));
            Segments seg = Segments.of(s, fe.featureConfig().maxGapBars());
            int expected = 0;
            for (int g = 0; g < seg.count(); g++) expected += Math.max(0, seg.end(g) - seg.start(g) - fe.warmupBars() - fe.horizon());
            // no row dropped for an undefined value: flat outage bars get neutral values, not NaN
            assertThat(d.rows()).as(s.symbol()).isEqualTo(expected).isGreaterThan(1000);
            assertAllFinite(d);
            d.requireFiniteLabels(s.symbol());
            for (int i = 1; i < d.rows(); i++) assertThat(d.timestamps()[i]).isGreaterThan(d.timestamps()[i - 1]);
        }
    }

    @Nested
    @DisplayName("labels")
    class LabelRows {
        private final BarSeries btc = shared("binance_spot_5m/BTCUSDT_5m.csv").sliceRows(0, 2000);

        @Test
        @DisplayName("label = log(close[t+12] / close[t]); labelEnd = time of bar t+12; last 12 bars carry no label")
        void forwardReturn() {
            Dataset d = fe.transform(MarketData.of(btc));
            int w = fe.warmupBars();
            assertThat(d.rows()).isEqualTo(2000 - w - 12);
            for (int r = 0; r < d.rows(); r++) {
                int t = w + r;
                assertThat(d.timestamps()[r]).isEqualTo(btc.timestamps()[t]);
                assertThat(d.labelEndTimestamps()[r]).isEqualTo(btc.timestamps()[t + 12]);
                assertThat((double) d.labels()[r]).isCloseTo(Labels.forwardLogReturn(btc.close(), t, 12),
                        org.assertj.core.data.Offset.offset(1e-7));
            }
            assertThat(d.timestamps()[d.rows() - 1]).isEqualTo(btc.timestamps()[2000 - 13]);
        }

        @Test
        @DisplayName("prediction rows include the newest bar; unknown labels are NaN and the features equal the labelled rows'")
        void predictionRows() {
            Dataset p = fe.transformForPrediction(MarketData.of(btc));
            Dataset d = fe.transform(MarketData.of(btc));
            assertThat(p.rows()).isEqualTo(d.rows() + 12);
            assertThat(p.timestamps()[p.rows() - 1]).isEqualTo(btc.timestamps()[1999]);
            for (int r = p.rows() - 12; r < p.rows(); r++) assertThat(p.labels()[r]).isNaN();
            assertThat(p.slice(0, d.rows())).isEqualTo(d);
            assertThat(Labels.direction(0.01)).isEqualTo(1);
            assertThat(Labels.direction(-0.01)).isEqualTo(-1);
            assertThat(Labels.direction(Double.NaN)).isZero();
        }
    }

    @Nested
    @DisplayName("several symbols")
    class MultiSymbol {
        @Test
        @DisplayName("rows merged in time order; each symbol's rows equal its own single-symbol transform")
        void mergedByTimeNeverAcross() {
            BarSeries btc = shared("binance_spot_1h/BTCUSDT_1h.csv").sliceRows(30_000, 34_000);
            BarSeries eth = shared("binance_spot_1h/ETHUSDT_1h.csv").sliceRows(31_000, 35_000);
            BarSeries spy = shared("stocks_daily/SPY_1d.csv");
            Dataset d = fe.transform(MarketData.of(btc, eth, spy));
            assertThat(d.symbols()).containsExactly("BTCUSDT_1h", "ETHUSDT_1h", "SPY_1d");
            for (int i = 1; i < d.rows(); i++) assertThat(d.timestamps()[i]).isGreaterThanOrEqualTo(d.timestamps()[i - 1]);
            int cols = d.columns();
            int total = 0;
            for (int si = 0; si < 3; si++) {
                BarSeries s = List.of(btc, eth, spy).get(si);
                Dataset single = fe.transform(MarketData.of(s));
                total += single.rows();
                int k = 0;
                for (int r = 0; r < d.rows(); r++) {
                    if (d.symbolIds()[r] != si) continue;
                    assertThat(d.timestamps()[r]).isEqualTo(single.timestamps()[k]);
                    assertThat(d.labels()[r]).isEqualTo(single.labels()[k]);
                    for (int c = 0; c < cols; c++) assertThat(d.feature(r, c)).isEqualTo(single.feature(k, c));
                    k++;
                }
                assertThat(k).isEqualTo(single.rows());
            }
            assertThat(d.rows()).isEqualTo(total);
        }
    }

    @Nested
    @DisplayName("gap policy")
    class Gaps {
        private BarSeries withGap(int before, int missing, int after) {
            int n = before + after;
            long[] ts = new long[n];
            double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
            SplittableRandom rnd = new SplittableRandom(7);
            double price = 100;
            for (int i = 0; i < n; i++) {
                ts[i] = 1_600_000_000_000L + (i < before ? i : i + missing) * 3_600_000L;
                double next = price * Math.exp(0.01 * (rnd.nextDouble() - 0.5));
                o[i] = price;
                c[i] = next;
                h[i] = Math.max(price, next) * 1.002;
                l[i] = Math.min(price, next) * 0.998;
                v[i] = 10 + rnd.nextDouble();
                price = next;
            }
            return new BarSeries("GAP", ts, o, h, l, c, v);
        }

        @Test
        @DisplayName("a gap longer than maxGapBars restarts the warm-up, and no label spans it")
        void longGapRestartsWarmup() {
            BarSeries s = withGap(1000, 100, 1000); // 100 missing hours > 72
            Dataset d = fe.transform(MarketData.of(s));
            int w = fe.warmupBars();
            assertThat(d.rows()).isEqualTo(2 * (1000 - w - 12));
            long gapEnd = s.timestamps()[1000];
            for (int r = 0; r < d.rows(); r++) {
                if (d.timestamps()[r] < gapEnd) assertThat(d.labelEndTimestamps()[r]).isLessThan(gapEnd);
            }
            assertThat(d.timestamps()[1000 - w - 12]).isEqualTo(s.timestamps()[1000 + w]);
            assertThat(fe.qualityReport(MarketData.of(s)).symbols().get(0).warmupRestarts()).isEqualTo(1);
        }

        @Test
        @DisplayName("a gap within the limit is kept: indicators continue across it")
        void shortGapKept() {
            BarSeries s = withGap(1000, 10, 1000);
            Dataset d = fe.transform(MarketData.of(s));
            assertThat(d.rows()).isEqualTo(2000 - fe.warmupBars() - 12);
            TechnicalFeatureEngineer strict = new TechnicalFeatureEngineer(FeatureConfig.builder().maxGapBars(5).build());
            assertThat(strict.transform(MarketData.of(s)).rows()).isEqualTo(2 * (1000 - fe.warmupBars() - 12));
        }

        @Test
        @DisplayName("a zero-price bar (gemini's first row) is left out; features stay finite")
        void zeroPriceBar() {
            BarSeries gemini = shared("gemini_1h/BTCUSD_gemini_1h.csv").sliceRows(0, 1000);
            assertThat(gemini.open()[0]).isZero();
            Dataset d = fe.transformForPrediction(MarketData.of(gemini));
            assertAllFinite(d);
            assertThat(d.timestamps()[0]).isEqualTo(gemini.timestamps()[1 + fe.warmupBars()]);
        }
    }

    @Nested
    @DisplayName("input validation")
    class Validation {
        @Test
        void emptyData() {
            assertThatThrownBy(() -> fe.transform(new MarketData(List.of()))).isInstanceOf(InvalidDataException.class).hasMessageContaining("empty");
            BarSeries empty = new BarSeries("E", new long[0], new double[0], new double[0], new double[0], new double[0], new double[0]);
            assertThatThrownBy(() -> fe.transform(MarketData.of(empty))).isInstanceOf(InvalidDataException.class).hasMessageContaining("empty");
        }

        @Test
        @DisplayName("fewer bars than warm-up + horizon + 1 names the symbol and the minimum")
        void tooFewRows() {
            BarSeries s = shared("stocks_daily/GOOG_1d.csv").sliceRows(0, 312);
            assertThatThrownBy(() -> fe.transform(MarketData.of(s))).isInstanceOfSatisfying(InvalidDataException.class, e -> {
                assertThat(e.symbol()).isEqualTo("GOOG_1d");
                assertThat(e.field()).isEqualTo("rows");
                assertThat(e.getMessage()).contains("313");
            });
            assertThat(fe.transformForPrediction(MarketData.of(s)).rows()).isEqualTo(12);
        }

        @Test
        @DisplayName("arrays changed after the series was built are re-validated: NaN close names symbol, row and field")
        void mutatedAfterConstruction() {
            BarSeries s = shared("stocks_daily/GOOG_1d.csv").sliceRows(0, 1000);
            s.close()[500] = Double.NaN;
            assertThatThrownBy(() -> fe.transform(MarketData.of(s))).isInstanceOfSatisfying(InvalidDataException.class, e -> {
                assertThat(e.symbol()).isEqualTo("GOOG_1d");
                assertThat(e.row()).isEqualTo(500);
                assertThat(e.field()).isEqualTo("close");
            });
            BarSeries t = shared("stocks_daily/GOOG_1d.csv").sliceRows(0, 1000);
            t.timestamps()[600] = t.timestamps()[599];
            assertThatThrownBy(() -> fe.transform(MarketData.of(t))).isInstanceOf(InvalidDataException.class).hasMessageContaining("duplicate timestamp");
            BarSeries u = shared("stocks_daily/GOOG_1d.csv").sliceRows(0, 1000);
            u.high()[700] = u.low()[700] / 2;
            assertThatThrownBy(() -> fe.transform(MarketData.of(u))).isInstanceOf(InvalidDataException.class).hasMessageContaining("high");
        }
    }

    @Nested
    @DisplayName("configuration")
    class Configuration {
        @Test
        @DisplayName("config() round-trips through FeatureConfig.fromMap to the same features")
        void roundTrip() {
            FeatureConfig custom = FeatureConfig.builder().horizon(6).maPeriods(7, 30).rsiPeriods(9).returnLags(4)
                    .volatilityPeriods(15).timeFeatures(false).maxGapBars(10).bollingerK(2.5).build();
            TechnicalFeatureEngineer a = new TechnicalFeatureEngineer(custom);
            Map<String, String> recorded = a.config();
            TechnicalFeatureEngineer b = TechnicalFeatureEngineer.fromConfig(recorded);
            assertThat(b.featureConfig()).isEqualTo(custom);
            assertThat(b.featureNames()).isEqualTo(a.featureNames());
            assertThat(FeatureConfig.fromMap(FeatureConfig.defaults().toMap())).isEqualTo(FeatureConfig.defaults());
            assertThat(FeatureConfig.fromMap(Map.of())).isEqualTo(FeatureConfig.defaults());
            MarketData data = MarketData.of(shared("binance_spot_5m/ETHUSDT_5m.csv").sliceRows(0, 3000));
            assertThat(b.transform(data)).isEqualTo(a.transform(data));
            assertThat(a.transform(data).labelEndTimestamps()[0] - a.transform(data).timestamps()[0]).isEqualTo(6 * 300_000L);
        }

        @Test
        void badValuesRejected() {
            assertThatThrownBy(() -> FeatureConfig.builder().horizon(0)).hasMessageContaining("horizon").hasMessageContaining("was 0");
            assertThatThrownBy(() -> FeatureConfig.builder().maPeriods(5, 5)).hasMessageContaining("twice");
            assertThatThrownBy(() -> FeatureConfig.builder().macd(26, 12, 9)).hasMessageContaining("macdFast");
            assertThatThrownBy(() -> FeatureConfig.fromMap(Map.of("colour", "red"))).hasMessageContaining("unknown key 'colour'");
            assertThatThrownBy(() -> FeatureConfig.fromMap(Map.of("horizon", "x"))).hasMessageContaining("'horizon'");
            assertThatThrownBy(() -> FeatureConfig.fromMap(Map.of("engine", "other"))).hasMessageContaining("engine");
        }

        @Test
        @DisplayName("returnLags N appends ret_lag_0..N-1 = log(close[t-k] / close[t-k-1])")
        void returnLags() {
            TechnicalFeatureEngineer lagged = new TechnicalFeatureEngineer(FeatureConfig.builder().returnLags(64).build());
            List<String> names = lagged.featureNames();
            assertThat(names.subList(55, 55 + 64)).first().isEqualTo("ret_lag_0");
            assertThat(names.get(names.size() - 1)).isEqualTo("ret_lag_63");
            BarSeries s = shared("binance_spot_5m/SOLUSDT_5m.csv").sliceRows(0, 1000);
            Dataset d = lagged.transformForPrediction(MarketData.of(s));
            int w = lagged.warmupBars();
            double[] c = s.close();
            for (int r = 0; r < d.rows(); r += 37) {
                int t = w + r;
                for (int k = 0; k < 64; k++) {
                    assertThat((double) d.feature(r, d.featureIndex("ret_lag_" + k)))
                            .isCloseTo(Math.log(c[t - k] / c[t - k - 1]), org.assertj.core.data.Offset.offset(1e-7));
                }
            }
            TechnicalFeatureEngineer onlyLags = new TechnicalFeatureEngineer(FeatureConfig.builder().returnLags(200).build());
            assertThat(onlyLags.warmupBars()).isEqualTo(300);
            TechnicalFeatureEngineer longLags = new TechnicalFeatureEngineer(FeatureConfig.builder().returnLags(400).build());
            assertThat(longLags.warmupBars()).isEqualTo(400);
        }
    }
}
