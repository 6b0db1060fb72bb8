package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The example user family under the family contract, plus the engine's registration and warm-up rules. */
class DonchianFamilyTest extends FeatureFamilyContract {
    @Override
    protected FeatureFamily family() {
        return new DonchianFamily(20);
    }

    @Override
    protected FeatureFamily.Factory factory() {
        return DonchianFamily.FACTORY;
    }

    @Override
    protected Set<String> recursiveColumns() {
        return Set.of("range_ema_20");
    }

    @Test
    @DisplayName("values equal a plain per-bar computation of the same definition, across block boundaries and a long gap")
    void valuesMatchPlainDefinition() {
        BarSeries s = shared("binance_perp_1h/NEARUSDT_PERP_1h.csv").sliceRows(0, 3000);
        long[] ts = s.timestamps().clone();
        for (int i = 1500; i < ts.length; i++) ts[i] += 500L * 3_600_000; // a 500-bar gap: warm-up restarts
        s = new BarSeries("NEAR", ts, s.open(), s.high(), s.low(), s.close(), s.volume());
        for (int blockBars : new int[] {FeatureKernel.BLOCK_BARS, 7, 1}) {
            TechnicalFeatureEngineer fe = TechnicalFeatureEngineer.builder().family(family()).blockBars(blockBars).build();
            Dataset d = fe.transformForPrediction(MarketData.of(s));
            int pos = d.featureIndex("donchian_pos_20"), gap = d.featureIndex("gap_ret");
            for (int r = 0; r < d.rows(); r++) {
                int t = java.util.Arrays.binarySearch(ts, d.timestamps()[r]);
                int segStart = t >= 1500 ? 1500 : 0;
                assertThat(t - segStart).isGreaterThanOrEqualTo(fe.warmupBars());
                double hh = Double.NEGATIVE_INFINITY, ll = Double.POSITIVE_INFINITY;
                for (int k = t - 19; k <= t; k++) {
                    hh = Math.max(hh, s.high()[k]);
                    ll = Math.min(ll, s.low()[k]);
                }
                double want = hh == ll ? 0.5 : (s.close()[t] - ll) / (hh - ll);
                assertThat(d.feature(r, pos)).as("pos at bar %d, blocks of %d", t, blockBars).isEqualTo((float) want);
                assertThat(d.feature(r, gap)).isEqualTo((float) Math.log(s.open()[t] / s.close()[t - 1]));
            }
        }
    }

    @Test
    @DisplayName("rows start once the longest enabled column is warm; disabling long indicators shortens the warm-up")
    void warmupFollowsEnabledColumns() {
        TechnicalFeatureEngineer full = TechnicalFeatureEngineer.builder().family(family()).build();
        assertThat(full.warmupBars()).isEqualTo(300); // sma/ema 100 x 3
        FeatureConfig shortOnly = FeatureConfig.builder().returnPeriods(1, 3).maPeriods(5, 10).rsiPeriods(7).rocPeriods(10)
                .volatilityPeriods(10).zscorePeriods(20).volumeRatioPeriods(5).disable("macd", "adx", "atr").build();
        TechnicalFeatureEngineer small = TechnicalFeatureEngineer.builder().config(shortOnly).family(family()).build();
        assertThat(small.warmupBars()).isEqualTo(60); // the family's range_ema_20: 3 x 20
        assertThat(small.featureNames()).doesNotContain("macd_norm", "adx_14", "atr_14").contains("donchian_pos_20");
        BarSeries s = shared("binance_perp_1h/NEARUSDT_PERP_1h.csv").sliceRows(0, 1000);
        Dataset d = small.transformForPrediction(MarketData.of(s));
        assertThat(d.timestamps()[0]).isEqualTo(s.timestamps()[60]);
        // The same columns as with everything enabled, at every common row (disabling changes no other column).
        Dataset all = full.transformForPrediction(MarketData.of(s));
        for (String col : new String[] {"donchian_pos_20", "gap_ret", "log_ret_1", "sma_ratio_10", "stoch_k_14", "mfi_14"}) {
            int a = all.featureIndex(col), b = d.featureIndex(col);
            int offset = d.indexAtOrAfter(all.timestamps()[0]);
            for (int r = 0; r < all.rows(); r++) assertThat(d.feature(offset + r, b)).isEqualTo(all.feature(r, a));
        }
    }

    @Test
    @DisplayName("fromConfig(map) finds the family in the registry; an unregistered family is named in the error")
    void registryRoundTrip() {
        TechnicalFeatureEngineer fe = TechnicalFeatureEngineer.builder().family(family()).build();
        Map<String, String> recorded = fe.config();
        assertThat(recorded).containsEntry("families", "donchian").containsEntry("family.donchian.period", "20");
        assertThatThrownBy(() -> TechnicalFeatureEngineer.fromConfig(recorded, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'donchian'");
        FeatureFamilies.register(DonchianFamily.NAME, DonchianFamily.FACTORY);
        try {
            assertThat(TechnicalFeatureEngineer.fromConfig(recorded).featureNames()).isEqualTo(fe.featureNames());
        } finally {
            FeatureFamilies.unregister(DonchianFamily.NAME);
        }
    }

    @Test
    @DisplayName("a column name clashing with a built-in one, or a negative warm-up, is rejected naming the family")
    void badFamiliesRejected() {
        FeatureFamily clash = new DonchianFamily(20) {
            @Override
            public java.util.List<String> columns() {
                return java.util.List.of("rsi_14", "gap_ret", "range_ema_20");
            }
        };
        assertThatThrownBy(() -> TechnicalFeatureEngineer.builder().family(clash).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("donchian").hasMessageContaining("rsi_14");
        FeatureFamily negative = new DonchianFamily(20) {
            @Override
            public int warmup(int column) {
                return -1;
            }
        };
        assertThatThrownBy(() -> TechnicalFeatureEngineer.builder().family(negative).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warm-up");
    }
}
