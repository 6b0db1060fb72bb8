package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import dev.clm.data.CsvDataClient;
import dev.clm.data.SharedData;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every {@link FeatureFamily} must keep, checked on real candles from
 * {@code ../shared/data}: extend it with the family and its factory (shipped in clm-core's
 * test-jar). A family that keeps recursive state seeded at the segment start (an EMA) names
 * those columns in {@link #recursiveColumns()}: they must converge, not be equal, across starts.
 */
public abstract class FeatureFamilyContract {
    /** Files the checks run on: crypto perpetuals, Gemini (zero price, outages), daily stocks, FX with weekend gaps. */
    static final String[] FILES = {"binance_perp_1h/NEARUSDT_PERP_1h.csv", "gemini_1h/BTCUSD_gemini_1h.csv",
            "stocks_daily/NVDA_1d.csv", "fx_1h/EURUSD_1h.csv"};

    /** The family under test (a fresh instance each call). */
    protected abstract FeatureFamily family();

    /** The factory that rebuilds it from its recorded parameters. */
    protected abstract FeatureFamily.Factory factory();

    /** Columns seeded at the segment start (recursive smoothers): they converge across starts instead of being equal. */
    protected Set<String> recursiveColumns() {
        return Set.of();
    }

    /** The engineer under test: a small built-in config plus the family. */
    protected TechnicalFeatureEngineer engineer() {
        FeatureConfig small = FeatureConfig.builder().returnPeriods(1).maPeriods(5).rsiPeriods(7).rocPeriods().volatilityPeriods()
                .zscorePeriods().volumeRatioPeriods().disable("macd", "adx", "atr").build();
        return TechnicalFeatureEngineer.builder().config(small).family(family()).build();
    }

    static BarSeries shared(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1).replace(".csv", "");
        return CsvDataClient.read(SharedData.file(relative), name, CsvDataClient.InvalidRowPolicy.FAIL);
    }

    private int[] familyColumns(Dataset d) {
        List<String> cols = family().columns();
        int[] idx = new int[cols.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = d.featureIndex(cols.get(i));
            assertThat(idx[i]).as("column " + cols.get(i) + " in the matrix").isGreaterThanOrEqualTo(0);
        }
        return idx;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1, 2, 3})
    @DisplayName("no look-ahead: changing, cutting or gapping the bars after t never changes the family's values at or before t")
    public void futureNeverChangesThePast(int file) {
        TechnicalFeatureEngineer fe = engineer();
        BarSeries full = shared(FILES[file]);
        BarSeries base = full.sliceRows(0, Math.min(full.size(), 3000));
        Dataset reference = fe.transformForPrediction(MarketData.of(base));
        int[] cols = familyColumns(reference);
        SplittableRandom rnd = new SplittableRandom(17 + file);
        for (int trial = 0; trial < 6; trial++) {
            int cut = fe.warmupBars() + 20 + rnd.nextInt(base.size() - fe.warmupBars() - 40);
            for (int mode = 0; mode < 3; mode++) {
                BarSeries changed = mode == 2 ? base.sliceRows(0, cut + 1) : perturbAfter(base, cut, mode == 1, rnd);
                Dataset other = fe.transformForPrediction(MarketData.of(changed));
                int rows = reference.indexAtOrAfter(base.timestamps()[cut] + 1);
                assertThat(other.rows()).isGreaterThanOrEqualTo(rows);
                for (int r = 0; r < rows; r++) {
                    assertThat(other.timestamps()[r]).isEqualTo(reference.timestamps()[r]);
                    for (int c : cols) {
                        if (Float.floatToIntBits(reference.feature(r, c)) != Float.floatToIntBits(other.feature(r, c))) {
                            throw new AssertionError(FILES[file] + " mode " + mode + " cut " + cut + ": " + reference.featureNames().get(c)
                                    + " at row " + r + " changed from " + reference.feature(r, c) + " to " + other.feature(r, c));
                        }
                    }
                }
            }
        }
    }

    private static BarSeries perturbAfter(BarSeries s, int cut, boolean gap, SplittableRandom rnd) {
        int n = s.size();
        long[] ts = s.timestamps().clone();
        double[] o = s.open().clone(), h = s.high().clone(), l = s.low().clone(), c = s.close().clone(), v = s.volume().clone();
        for (int i = cut + 1; i < n; i++) {
            double f = Math.exp(0.2 * (rnd.nextDouble() - 0.5));
            o[i] *= f;
            c[i] *= Math.exp(0.2 * (rnd.nextDouble() - 0.5));
            h[i] = Math.max(Math.max(o[i], c[i]), h[i] * f) * 1.01;
            l[i] = Math.min(Math.min(o[i], c[i]), l[i] * f) * 0.99;
            v[i] = v[i] * 3 * rnd.nextDouble();
            if (gap) ts[i] += 1000L * 86_400_000L;
        }
        return new BarSeries(s.symbol(), ts, o, h, l, c, v);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1, 2, 3})
    @DisplayName("where the series starts changes no value at a common row (recursive columns: to float resolution after 3,000 bars)")
    public void startOffsetInvariance(int file) {
        TechnicalFeatureEngineer fe = engineer();
        BarSeries full = shared(FILES[file]);
        int n = Math.min(full.size(), 6000);
        Dataset reference = fe.transformForPrediction(MarketData.of(full.sliceRows(0, n)));
        int[] cols = familyColumns(reference);
        for (int offset : new int[] {1, 5, 64, 250}) {
            BarSeries s = full.sliceRows(offset, n);
            Dataset d = fe.transformForPrediction(MarketData.of(s));
            long converged = s.timestamps()[Math.min(s.size() - 1, 3000)];
            int base = reference.indexAtOrAfter(d.timestamps()[0]);
            for (int r = 0; r < d.rows(); r++) {
                assertThat(reference.timestamps()[base + r]).isEqualTo(d.timestamps()[r]);
                for (int c : cols) {
                    String name = d.featureNames().get(c);
                    float want = reference.feature(base + r, c), got = d.feature(r, c);
                    boolean ok = recursiveColumns().contains(name)
                            ? d.timestamps()[r] < converged || Math.abs(want - got) <= 2 * Math.ulp(Math.max(Math.abs(want), Math.abs(got)))
                            : Float.floatToIntBits(want) == Float.floatToIntBits(got);
                    if (!ok) {
                        throw new AssertionError(FILES[file] + " start " + offset + ": " + name + " at " + d.timestamps()[r] + " is " + got
                                + ", from start 0 " + want);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {0, 1, 2, 3})
    @DisplayName("warm-up honoured: the first row of each segment is its longest enabled warm-up in, and every value is finite")
    public void warmupHonoured(int file) {
        TechnicalFeatureEngineer fe = engineer();
        FeatureFamily f = family();
        int longest = 0;
        for (int i = 0; i < f.columns().size(); i++) longest = Math.max(longest, f.warmup(i));
        assertThat(fe.warmupBars()).isGreaterThanOrEqualTo(longest);
        for (int i = 0; i < f.columns().size(); i++) assertThat(fe.featureWarmup(f.columns().get(i))).isEqualTo(f.warmup(i));
        BarSeries s = shared(FILES[file]);
        s = s.sliceRows(0, Math.min(s.size(), 4000));
        Dataset d = fe.transformForPrediction(MarketData.of(s));
        Segments seg = Segments.of(s, fe.featureConfig().maxGapBars());
        int first = 0;
        while (seg.end(first) - seg.start(first) <= fe.warmupBars()) first++;
        assertThat(d.timestamps()[0]).isEqualTo(s.timestamps()[seg.start(first) + fe.warmupBars()]);
        for (float v : d.features()) assertThat(Float.isFinite(v)).isTrue();
    }

    @org.junit.jupiter.api.Test
    @DisplayName("config round trip: fromConfig rebuilds the family by its registered name, and the matrix is identical")
    public void configRoundTrip() {
        TechnicalFeatureEngineer fe = engineer();
        Map<String, String> recorded = fe.config();
        assertThat(recorded.get(TechnicalFeatureEngineer.FAMILIES_KEY)).contains(family().name());
        TechnicalFeatureEngineer again = TechnicalFeatureEngineer.fromConfig(recorded, Map.of(family().name(), factory()));
        assertThat(again.featureNames()).isEqualTo(fe.featureNames());
        assertThat(again.config()).isEqualTo(recorded);
        BarSeries s = shared(FILES[0]).sliceRows(0, 2000);
        Dataset a = fe.transform(MarketData.of(s)), b = again.transform(MarketData.of(s));
        assertThat(Arrays.equals(a.features(), b.features())).isTrue();
        assertThat(Arrays.equals(a.labels(), b.labels())).isTrue();
    }
}
