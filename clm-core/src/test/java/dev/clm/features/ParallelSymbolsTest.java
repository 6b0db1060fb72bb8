package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Symbols computed on several threads give the same dataset, array for array, as on one. */
class ParallelSymbolsTest {
    @Test
    @DisplayName("threads 2 and 3 give the same features, labels, timestamps and symbol ids as 1 (with a user family and a damaged symbol)")
    void sameResultOnAnyThreadCount() {
        List<BarSeries> series = new ArrayList<>();
        for (String f : new String[] {"binance_perp_1h/NEARUSDT_PERP_1h.csv", "binance_perp_1h/MATICUSDT_PERP_1h.csv",
                "gemini_1h/BTCUSD_gemini_1h.csv", "fx_1h/EURUSD_1h.csv", "stocks_daily/NVDA_1d.csv"}) {
            BarSeries s = TechnicalFeatureEngineerTest.shared(f);
            series.add(s.sliceRows(0, Math.min(s.size(), 6000)));
        }
        BarSeries e = series.get(0);
        double[] h = e.high().clone();
        for (int i = 3000; i < 3005; i++) h[i] = 1e90; // a valid price whose features overflow a float: rows dropped
        series.add(new BarSeries("DAMAGED", e.timestamps(), e.open(), h, e.low(), e.close(), e.volume()));
        MarketData data = new MarketData(series);
        Dataset one = TechnicalFeatureEngineer.builder().family(new DonchianFamily(20)).build().transform(data);
        for (int threads : new int[] {2, 3}) {
            Dataset d = TechnicalFeatureEngineer.builder().family(new DonchianFamily(20)).threads(threads).build().transform(data);
            assertThat(d.timestamps()).isEqualTo(one.timestamps());
            assertThat(d.symbolIds()).isEqualTo(one.symbolIds());
            assertThat(d.labelEndTimestamps()).isEqualTo(one.labelEndTimestamps());
            assertThat(Arrays.equals(d.labels(), one.labels())).isTrue();
            assertThat(Arrays.equals(d.features(), one.features())).as("features, %d threads", threads).isTrue();
        }
    }
}
