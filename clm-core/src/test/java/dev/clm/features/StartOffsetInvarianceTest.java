package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where the loaded series starts changes no feature: a row's features are a function of its
 * window of bars, not of the bars loaded before it. Every non-recursive column (returns, rolling
 * windows, deviations, extremes, bar and time features) must be bit-identical at every common
 * row for any start; recursive smoothers (EMA, Wilder: EMA ratios, RSI, MACD, ATR, ADX, DI)
 * depend on their seed by definition and must agree to float resolution once the seed's weight
 * has decayed. Neutral values on flat windows are exact for every start.
 */
class StartOffsetInvarianceTest {
    /** Columns of recursive smoothers: seeded at the segment start, so they converge instead of being equal. */
    static final Set<String> RECURSIVE_PREFIXES = Set.of("ema_ratio_", "rsi_", "macd_", "atr_", "adx_", "plus_di_", "minus_di_");
    /** Bars after which every recursive smoother of the default config has forgotten its seed below double resolution. */
    static final int CONVERGED = 3000;

    static boolean recursive(String column) {
        for (String p : RECURSIVE_PREFIXES) if (column.startsWith(p)) return true;
        return false;
    }

    private final TechnicalFeatureEngineer fe = new TechnicalFeatureEngineer(FeatureConfig.builder().returnLags(4).build());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"binance_perp_1h/NEARUSDT_PERP_1h.csv", "binance_perp_1h/MATICUSDT_PERP_1h.csv",
            "binance_perp_1h/DOGEUSDT_PERP_1h.csv", "gemini_1h/BTCUSD_gemini_1h.csv", "stocks_daily/NVDA_1d.csv",
            "fx_1h/EURUSD_1h.csv"})
    @DisplayName("every feature at a common row is the same for starts 0, 1, 2, 7, 64, 150 and 299")
    void everyStartGivesTheSameRows(String file) {
        BarSeries full = TechnicalFeatureEngineerTest.shared(file);
        int n = Math.min(full.size(), 9000);
        Dataset reference = fe.transformForPrediction(MarketData.of(full.sliceRows(0, n)));
        for (int offset : new int[] {1, 2, 7, 64, 150, 299}) {
            BarSeries shifted = full.sliceRows(offset, n);
            Dataset d = fe.transformForPrediction(MarketData.of(shifted));
            long convergedAt = shifted.timestamps()[Math.min(shifted.size() - 1, CONVERGED)];
            assertSameRows(file + " start " + offset, reference, d, convergedAt);
        }
    }

    /** Every row of {@code d} is a row of {@code reference}; exact columns equal bit for bit, recursive ones to float resolution from {@code convergedAt}. */
    static void assertSameRows(String what, Dataset reference, Dataset d, long convergedAt) {
        assertThat(d.rows()).as(what + ": rows").isGreaterThan(0);
        int cols = d.columns();
        boolean[] rec = new boolean[cols];
        for (int c = 0; c < cols; c++) rec[c] = recursive(d.featureNames().get(c));
        int base = reference.indexAtOrAfter(d.timestamps()[0]);
        for (int r = 0; r < d.rows(); r++) {
            int rr = base + r;
            if (rr >= reference.rows() || reference.timestamps()[rr] != d.timestamps()[r]) {
                throw new AssertionError(what + ": row " + r + " at " + d.timestamps()[r] + " is not the reference's row " + rr);
            }
            for (int c = 0; c < cols; c++) {
                float want = reference.feature(rr, c), got = d.feature(r, c);
                if (!rec[c]) {
                    if (Float.floatToIntBits(want) != Float.floatToIntBits(got)) {
                        throw new AssertionError(what + ": " + d.featureNames().get(c) + " at " + d.timestamps()[r] + " is " + got
                                + ", from the earlier start " + want);
                    }
                } else if (d.timestamps()[r] >= convergedAt) {
                    float tol = 2 * Math.ulp(Math.max(Math.abs(want), Math.abs(got)));
                    if (Math.abs(want - got) > tol) {
                        throw new AssertionError(what + ": recursive " + d.featureNames().get(c) + " at " + d.timestamps()[r] + " is " + got
                                + ", from the earlier start " + want + " (after " + CONVERGED + " bars)");
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("Gemini BTC's flat window (28 bars at 4371.25): %b 0.5, width 0, z-score 0 exactly, for every start 0..300")
    void flatWindowIsNeutralForEveryStart() {
        BarSeries full = TechnicalFeatureEngineerTest.shared("gemini_1h/BTCUSD_gemini_1h.csv");
        // Rows 16498..16525 all close at 4371.25: from 16499 on open = high = low too, so every window of 20 bars ending at 16519..16525 is flat.
        for (int i = 16498; i <= 16525; i++) assertThat(full.close()[i]).isEqualTo(4371.25);
        TechnicalFeatureEngineer plain = new TechnicalFeatureEngineer();
        int checked = 0;
        for (int offset = 0; offset <= 300; offset++) {
            int start = 16498 - 2000 + offset;
            BarSeries s = full.sliceRows(start, 16540);
            Dataset d = plain.transformForPrediction(MarketData.of(s));
            for (int bar = 16519; bar <= 16525; bar++) {
                int r = d.indexAtOrAfter(full.timestamps()[bar]);
                assertThat(d.timestamps()[r]).isEqualTo(full.timestamps()[bar]);
                String at = " at bar " + bar + ", start " + start;
                assertThat(d.feature(r, d.featureIndex("bb_width_20"))).as("bb_width_20" + at).isEqualTo(0f);
                assertThat(d.feature(r, d.featureIndex("bb_pct_b_20"))).as("bb_pct_b_20" + at).isEqualTo(0.5f);
                assertThat(d.feature(r, d.featureIndex("zscore_close_20"))).as("zscore_close_20" + at).isEqualTo(0f);
                assertThat(d.feature(r, d.featureIndex("sma_ratio_20"))).as("sma_ratio_20" + at).isEqualTo(0f);
                assertThat(d.feature(r, d.featureIndex("sma_ratio_5"))).as("sma_ratio_5" + at).isEqualTo(0f);
                assertThat(d.feature(r, d.featureIndex("stoch_k_14"))).as("stoch_k_14" + at).isEqualTo(50f);
                assertThat(d.feature(r, d.featureIndex("williams_r_14"))).as("williams_r_14" + at).isEqualTo(-50f);
                assertThat(d.feature(r, d.featureIndex("cci_20"))).as("cci_20" + at).isEqualTo(0f);
                assertThat(d.feature(r, d.featureIndex("vol_cc_10"))).as("vol_cc_10" + at).isEqualTo(0f);
                assertThat(d.feature(r, d.featureIndex("vol_parkinson_10"))).as("vol_parkinson_10" + at).isEqualTo(0f);
                assertThat(d.feature(r, d.featureIndex("log_ret_1"))).as("log_ret_1" + at).isEqualTo(0f);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(301 * 7);
    }
}
