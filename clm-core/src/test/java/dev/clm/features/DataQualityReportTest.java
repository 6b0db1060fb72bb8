package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.MarketData;
import dev.clm.features.DataQualityReport.SymbolQuality;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The quality report finds what ../shared/data/MANIFEST.md documents. */
class DataQualityReportTest {

    private static SymbolQuality quality(String file) {
        return DataQualityReport.of(MarketData.of(TechnicalFeatureEngineerTest.shared(file)), FeatureConfig.DEFAULT_MAX_GAP_BARS)
                .symbols().get(0);
    }

    @Test
    @DisplayName("BTC 1h: 11 gaps / 23 missing hours, 118 flat zero-volume outage bars")
    void btcSpot1h() {
        SymbolQuality q = quality("binance_spot_1h/BTCUSDT_1h.csv");
        assertThat(q.typicalStepMillis()).isEqualTo(3_600_000L);
        assertThat(q.gapEvents()).isEqualTo(11);
        assertThat(q.missingBars()).isEqualTo(23);
        assertThat(q.flatZeroVolumeBars()).isEqualTo(118);
        assertThat(q.zeroPriceBars()).isZero();
        assertThat(q.warmupRestarts()).isZero();
    }

    @Test
    @DisplayName("gemini: 3 gaps, 1,109 zero-volume bars, the open = 0 row counted as a zero-price bar")
    void gemini() {
        SymbolQuality q = quality("gemini_1h/BTCUSD_gemini_1h.csv");
        assertThat(q.gapEvents()).isEqualTo(3);
        assertThat(q.missingBars()).isEqualTo(3);
        assertThat(q.zeroVolumeBars()).isEqualTo(1109);
        assertThat(q.zeroPriceBars()).isEqualTo(1);
    }

    @Test
    @DisplayName("EURUSD 1h: 42 weekend/holiday gaps, 2,063 missing hours; kept under the default limit, restarts under a strict one")
    void fx() {
        SymbolQuality q = quality("fx_1h/EURUSD_1h.csv");
        assertThat(q.gapEvents()).isEqualTo(42);
        assertThat(q.missingBars()).isEqualTo(2063);
        assertThat(q.longestGapBars()).isEqualTo(72); // a long holiday weekend: still within the default limit
        assertThat(q.warmupRestarts()).isZero();
        SymbolQuality strict = DataQualityReport.of(MarketData.of(TechnicalFeatureEngineerTest.shared("fx_1h/EURUSD_1h.csv")), 24)
                .symbols().get(0);
        assertThat(strict.warmupRestarts()).isBetween(30, 42);
        assertThat(q.toString()).contains("EURUSD_1h").contains("gaps 42");
    }

    @Test
    void perpetualsHaveNoGaps() {
        SymbolQuality q = quality("binance_perp_1h/BTCUSDT_PERP_1h.csv");
        assertThat(q.gapEvents()).isZero();
        assertThat(q.flatZeroVolumeBars()).isZero();
        assertThat(q.segments()).isEqualTo(1);
    }
}
