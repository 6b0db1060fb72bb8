package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The column-wise kernel reproduces the per-bar reference kernel ({@link RowFeatureKernel}) bit for bit: on real files and
 * several symbols at once, with default, lagged and custom configs, labelled and for
 * prediction, with gaps, zero prices and rows dropped for non-finite values, and with short
 * blocks (every block boundary a chance to lose state). Features, labels, label ends,
 * timestamps and symbol ids must be equal as arrays ({@link Arrays#equals}: float bit patterns).
 * One level deeper, every feature's double value before the cast must be equal too: a changed
 * operation order can hide in the float rounding.
 */
class ColumnKernelRegressionTest {
    static final FeatureConfig DEFAULTS = FeatureConfig.defaults();
    static final FeatureConfig LAGS = FeatureConfig.builder().returnLags(16).build();
    /** Every period moved, shared windows split and merged differently, no time features, a tight gap limit. */
    static final FeatureConfig CUSTOM = FeatureConfig.builder()
            .horizon(5).returnPeriods(1, 2, 7, 60).maPeriods(3, 7, 30, 90).rsiPeriods(2, 30).macd(5, 35, 5)
            .bollingerPeriod(30).bollingerK(2.5).atrPeriod(10).adxPeriod(20).stochPeriod(9).stochSmooth(5).williamsPeriod(21)
            .cciPeriod(14).rocPeriods(1, 50).obvPeriod(7).mfiPeriod(30).volatilityPeriods(2, 60).zscorePeriods(7, 30)
            .volumeRatioPeriods(7, 50).timeFeatures(false).returnLags(3).maxGapBars(3).smoothingWarmupFactor(1).build();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gemini_1h/BTCUSD_gemini_1h.csv", "binance_spot_1h/BTCUSDT_1h.csv", "fx_1h/EURUSD_1h.csv",
            "stocks_daily/NVDA_1d.csv", "binance_spot_5m/DOGEUSDT_5m.csv"})
    @DisplayName("one real file: every config, labelled and for prediction, default and short blocks")
    void realFile(String file) {
        BarSeries s = TechnicalFeatureEngineerTest.shared(file);
        MarketData data = MarketData.of(s.sliceRows(0, Math.min(s.size(), 30_000)));
        for (FeatureConfig c : List.of(DEFAULTS, LAGS, CUSTOM)) assertSame(c, data);
    }

    @Test
    @DisplayName("several symbols with overlapping and equal timestamps merge in the same order")
    void severalSymbols() {
        MarketData data = new MarketData(List.of(
                slice("binance_spot_1h/BTCUSDT_1h.csv", 30_000, 8_000),
                slice("binance_spot_1h/ETHUSDT_1h.csv", 30_000, 8_000),
                slice("binance_perp_1h/BTCUSDT_PERP_1h.csv", 0, 6_000),
                slice("gemini_1h/BTCUSD_gemini_1h.csv", 38_000, 7_000),
                slice("fx_1h/EURUSD_1h.csv", 0, 5_000)));
        for (FeatureConfig c : List.of(DEFAULTS, LAGS, CUSTOM)) assertSame(c, data);
    }

    @Test
    @DisplayName("more symbols than run at once (they go in groups) still give the same matrix")
    void manySymbols() {
        String[] files = {"binance_spot_1h/BTCUSDT_1h.csv", "binance_spot_1h/ETHUSDT_1h.csv", "binance_perp_1h/SOLUSDT_PERP_1h.csv",
                "binance_spot_5m/ADAUSDT_5m.csv", "gemini_1h/BTCUSD_gemini_1h.csv"};
        List<BarSeries> series = new java.util.ArrayList<>();
        for (int i = 0; series.size() < FeatureMatrixBuilder.MAX_CONCURRENT + 6; i++) {
            BarSeries s = slice(files[i % files.length], 20_000 + 700 * (i / files.length), 600);
            series.add(new BarSeries(s.symbol() + "#" + i, s.timestamps(), s.open(), s.high(), s.low(), s.close(), s.volume()));
        }
        assertSame(DEFAULTS, new MarketData(series));
    }

    @Test
    @DisplayName("timestamps spanning nearly all of long (too far apart for packed merge keys) merge in the same order")
    void extremeTimestamps() {
        BarSeries a = slice("binance_spot_1h/BTCUSDT_1h.csv", 30_000, 2_000);
        BarSeries b = slice("binance_spot_1h/ETHUSDT_1h.csv", 30_000, 2_000);
        BarSeries late = shifted(a, Long.MAX_VALUE - 1_000_000_000L - a.timestamps()[a.size() - 1]);
        BarSeries early = shifted(b, Long.MIN_VALUE + 1_000_000_000L - b.timestamps()[0]);
        BarSeries middle = slice("binance_spot_1h/ETHUSDT_1h.csv", 32_000, 2_000);
        assertSame(DEFAULTS, new MarketData(List.of(late, early, middle)));
    }

    private static BarSeries shifted(BarSeries s, long by) {
        long[] ts = s.timestamps().clone();
        for (int i = 0; i < ts.length; i++) ts[i] += by;
        return new BarSeries(s.symbol() + "+" + by, ts, s.open(), s.high(), s.low(), s.close(), s.volume());
    }

    @Test
    @DisplayName("zero prices, gaps and extreme bars (rows with a non-finite feature are dropped) are handled alike")
    void damagedSeries() {
        BarSeries s = slice("binance_spot_1h/ETHUSDT_1h.csv", 20_000, 6_000);
        long[] ts = s.timestamps().clone();
        double[] o = s.open().clone(), h = s.high().clone(), l = s.low().clone(), c = s.close().clone(), v = s.volume().clone();
        for (int i = 1500; i < ts.length; i++) ts[i] += 100L * 3_600_000; // a 100-hour gap
        o[2500] = h[2500] = l[2500] = c[2500] = 0;                       // a zero-price bar ends a segment
        for (int i = 3500; i < 3510; i++) {                              // prices a float cannot hold: ATR and friends overflow
            h[i] *= 1e36;
            o[i] *= 1e36;
            c[i] *= 1e36;
        }
        v[4000] = 0;
        v[4001] = 0;
        BarSeries damaged = new BarSeries("damaged", ts, o, h, l, c, v);
        Dataset d = new TechnicalFeatureEngineer(DEFAULTS).transform(MarketData.of(damaged));
        assertThat(d.rows()).as("some rows dropped for non-finite values, most kept")
                .isLessThan(ts.length - 3 * 312).isGreaterThan(ts.length / 2);
        for (FeatureConfig cfg : List.of(DEFAULTS, LAGS, CUSTOM)) assertSame(cfg, MarketData.of(damaged));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gemini_1h/BTCUSD_gemini_1h.csv", "binance_spot_1h/BTCUSDT_1h.csv", "fx_1h/EURUSD_1h.csv"})
    @DisplayName("every double before its cast to float is the same, so no operation order changed (floats can hide that)")
    void doublesBeforeTheCast(String file) {
        BarSeries s = slice(file, 0, 20_000);
        for (FeatureConfig c : List.of(DEFAULTS, LAGS, CUSTOM)) {
            FeatureLayout layout = FeatureLayout.of(c);
            int cols = layout.columns(), warmup = layout.maxWarmup();
            Segments seg = Segments.of(s, c.maxGapBars());
            for (int blockBars : new int[] {FeatureKernel.BLOCK_BARS, 1}) {
                FeatureKernel kernel = new FeatureKernel(c, layout, new ScratchColumns(FeatureKernel.slots(c, blockBars)), blockBars);
                RowFeatureKernel reference = new RowFeatureKernel(c, layout, s);
                float[] ignored = new float[cols];
                for (int g = 0; g < seg.count(); g++) {
                    int a = seg.start(g), b = seg.end(g);
                    if (a + warmup >= b) continue;
                    double[][] want = new double[b - a - warmup][];
                    reference.reset();
                    for (int t = a; t < b; t++) {
                        reference.update(t);
                        if (t >= a + warmup) {
                            reference.write(t, ignored, 0);
                            want[t - a - warmup] = reference.written.clone();
                        }
                    }
                    int[] seen = {0};
                    kernel.computeSegment(s, a, b, a + warmup, (values, firstSlot, firstBar, rows) -> {
                        for (int r = 0; r < rows; r++) {
                            int t = firstBar + r;
                            assertThat(t).isEqualTo(a + warmup + seen[0]);
                            double[] w = want[t - a - warmup];
                            for (int col = 0; col < cols; col++) {
                                double got = values[col][firstSlot + r];
                                if (Double.doubleToLongBits(got) != Double.doubleToLongBits(w[col])) {
                                    throw new AssertionError(file + " bar " + t + " " + layout.names().get(col) + ": got " + got + ", want "
                                            + w[col] + " (blocks of " + blockBars + ", config " + c.toMap() + ")");
                                }
                            }
                            seen[0]++;
                        }
                    });
                    assertThat(seen[0]).isEqualTo(want.length);
                }
            }
        }
    }

    private static BarSeries slice(String file, int from, int rows) {
        BarSeries s = TechnicalFeatureEngineerTest.shared(file);
        return s.sliceRows(from, Math.min(s.size(), from + rows));
    }

    private static void assertSame(FeatureConfig c, MarketData data) {
        for (boolean labelled : new boolean[] {true, false}) {
            RowReferenceEngineer.Matrix want = RowReferenceEngineer.transform(c, data, labelled);
            for (int blockBars : new int[] {FeatureKernel.BLOCK_BARS, 1}) {
                TechnicalFeatureEngineer fe = new TechnicalFeatureEngineer(c, blockBars);
                Dataset got = labelled ? fe.transform(data) : fe.transformForPrediction(data);
                String what = (labelled ? "transform" : "transformForPrediction") + ", blocks of " + blockBars + ", config " + c.toMap();
                assertThat(got.timestamps()).as("timestamps, " + what).isEqualTo(want.timestamps());
                assertThat(got.symbolIds()).as("symbol ids, " + what).isEqualTo(want.symbolIds());
                assertThat(got.labelEndTimestamps()).as("label ends, " + what).isEqualTo(want.labelEnds());
                assertThat(Arrays.equals(got.labels(), want.labels())).as("labels, " + what).isTrue();
                if (!Arrays.equals(got.features(), want.features())) throw new AssertionError(firstDifference(got, want, what));
            }
        }
    }

    private static String firstDifference(Dataset got, RowReferenceEngineer.Matrix want, String what) {
        int cols = got.columns();
        for (int i = 0; i < got.features().length; i++) {
            if (Float.floatToIntBits(got.features()[i]) != Float.floatToIntBits(want.features()[i])) {
                return "feature " + got.featureNames().get(i % cols) + " row " + i / cols + ": got " + got.features()[i] + ", want "
                        + want.features()[i] + " (" + what + ")";
            }
        }
        return "features differ (" + what + ")";
    }
}
