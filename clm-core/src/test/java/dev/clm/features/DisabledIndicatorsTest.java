package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Disabling indicators (which also skips their computation and the inputs only they read)
 * leaves every remaining column bit-identical at every common row, and the warm-up follows the
 * longest enabled column.
 */
class DisabledIndicatorsTest {
    private static final BarSeries GEMINI = TechnicalFeatureEngineerTest.shared("gemini_1h/BTCUSD_gemini_1h.csv").sliceRows(15_000, 21_000);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"macd", "bollinger", "atr", "adx", "stochastic", "williams", "cci", "obv", "mfi", "bar",
            "macd,adx,atr", "stochastic,cci,mfi,obv", "macd,bollinger,atr,adx,stochastic,williams,cci,obv,mfi,bar"})
    @DisplayName("the other columns are unchanged")
    void othersUnchanged(String disabled) {
        for (FeatureConfig base : List.of(FeatureConfig.defaults(),
                FeatureConfig.builder().returnPeriods().maPeriods(20).rsiPeriods(14).rocPeriods(10).volatilityPeriods().zscorePeriods()
                        .volumeRatioPeriods().timeFeatures(false).williamsPeriod(10).build())) {
            FeatureConfig c = base.toBuilder().disable(disabled.split(",")).build();
            Dataset all = new TechnicalFeatureEngineer(base).transform(MarketData.of(GEMINI));
            TechnicalFeatureEngineer fe = new TechnicalFeatureEngineer(c);
            Dataset some = fe.transform(MarketData.of(GEMINI));
            List<String> gone = new ArrayList<>(all.featureNames());
            gone.removeAll(some.featureNames());
            assertThat(gone).isNotEmpty();
            int longest = 0;
            for (String n : some.featureNames()) longest = Math.max(longest, fe.featureWarmup(n));
            assertThat(fe.warmupBars()).isEqualTo(longest);
            int offset = some.indexAtOrAfter(all.timestamps()[0]);
            for (String n : some.featureNames()) {
                int a = all.featureIndex(n), b = some.featureIndex(n);
                for (int r = 0; r < all.rows(); r++) {
                    if (Float.floatToIntBits(all.feature(r, a)) != Float.floatToIntBits(some.feature(offset + r, b))) {
                        throw new AssertionError(n + " changed at row " + r + " with " + disabled + " disabled: " + all.feature(r, a)
                                + " -> " + some.feature(offset + r, b));
                    }
                }
            }
        }
    }
}
