package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No look-ahead, as a property: for random cut times t on real data, replacing every bar after
 * t (other prices, volumes, timestamps with a long gap, zero prices, or no bars at all) never
 * changes any feature of any row at or before t.
 */
class LookAheadPropertyTest {
    private final TechnicalFeatureEngineer fe = new TechnicalFeatureEngineer(FeatureConfig.builder().returnLags(16).build());

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"binance_spot_1h/BTCUSDT_1h.csv", "gemini_1h/BTCUSD_gemini_1h.csv", "fx_1h/EURUSD_1h.csv",
            "binance_spot_5m/DOGEUSDT_5m.csv", "stocks_daily/NVDA_1d.csv", "binance_perp_1h/NEARUSDT_PERP_1h.csv",
            "binance_perp_1h/MATICUSDT_PERP_1h.csv", "binance_perp_1h/DOGEUSDT_PERP_1h.csv"})
    @DisplayName("changing any bar after t never changes a feature at t")
    void futureNeverChangesThePast(String file) {
        BarSeries full = TechnicalFeatureEngineerTest.shared(file);
        int n = Math.min(full.size(), 4000);
        // BTC 1h: start where outage bars and gaps are; others: from the start (gemini's open = 0 is row 0).
        int from = file.contains("BTCUSDT_1h") ? 4000 : 0;
        BarSeries base = full.sliceRows(from, from + n);
        Dataset reference = fe.transformForPrediction(MarketData.of(base));
        SplittableRandom rnd = new SplittableRandom(file.hashCode());
        for (int trial = 0; trial < 12; trial++) {
            int cut = fe.warmupBars() + 20 + rnd.nextInt(n - fe.warmupBars() - 40);
            for (int mode = 0; mode < 4; mode++) {
                BarSeries changed = mode == 3 ? base.sliceRows(0, cut + 1) : perturbAfter(base, cut, mode, rnd);
                Dataset other = fe.transformForPrediction(MarketData.of(changed));
                long cutTime = base.timestamps()[cut];
                int rows = reference.indexAtOrAfter(cutTime + 1);
                assertThat(other.rows()).isGreaterThanOrEqualTo(rows);
                for (int r = 0; r < rows; r++) {
                    assertThat(other.timestamps()[r]).isEqualTo(reference.timestamps()[r]);
                    for (int c = 0; c < reference.columns(); c++) {
                        float want = reference.feature(r, c);
                        float got = other.feature(r, c);
                        if (Float.floatToIntBits(want) != Float.floatToIntBits(got)) {
                            throw new AssertionError(file + " mode " + mode + " cut " + cut + ": feature "
                                    + reference.featureNames().get(c) + " at row " + r + " changed from " + want + " to " + got);
                        }
                    }
                }
            }
        }
    }

    /** Mode 0: new prices and volumes after the cut; 1: plus a long gap right after it; 2: a zero-price bar right after it. */
    private static BarSeries perturbAfter(BarSeries s, int cut, int mode, SplittableRandom rnd) {
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
            if (mode == 1) ts[i] += 1000L * 86_400_000L;
        }
        if (mode == 2 && cut + 1 < n) {
            o[cut + 1] = 0;
            l[cut + 1] = 0;
        }
        return new BarSeries(s.symbol(), ts, o, h, l, c, v);
    }
}
