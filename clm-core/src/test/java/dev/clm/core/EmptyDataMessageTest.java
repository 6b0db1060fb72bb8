package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.CycleReport;
import dev.clm.api.DataClient;
import dev.clm.api.MarketData;
import dev.clm.api.ModelType;
import dev.clm.config.ClmConfig;
import dev.clm.data.CsvDataClient;
import dev.clm.data.SharedData;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A first run on data that has nothing in the window says which source, which window, and what the source holds. */
class EmptyDataMessageTest {
    static final ModelType A = ModelType.of("model_a");

    private static CycleReport cycle(DataClient data, Clock clock) {
        ContinuousLearningManager m = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults()).dataClient(data)
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(new ScriptedTrainer(A).then(A, ScriptedTrainer.constant(0)))
                .build();
        return m.runFullCycle(true, List.of(A));
    }

    @Test
    @DisplayName("CSV files that end in 2024 read with today's clock: names the directory, the symbols, the window and the span held")
    void csvFilesThatEndBeforeNow() {
        Clock now = Clock.fixed(Instant.parse("2026-12-04T21:00:00Z"), ZoneOffset.UTC); // stands for Clock.systemUTC() today
        CsvDataClient csv = CsvDataClient.builder().file(SharedData.file("binance_perp_1h/BTCUSDT_PERP_1h.csv"))
                .file(SharedData.file("binance_perp_1h/ETHUSDT_PERP_1h.csv")).clock(now).build();
        CycleReport r = cycle(csv, now);
        assertThat(r.status()).isEqualTo(CycleReport.Status.FAILED);
        assertThat(r.message()).contains("stage data", "no bars in the training window [2026-04-08T21:00:00Z, 2026-12-04T21:00:00Z)",
                "training lookback PT2160H and the PT3600H before it for the walk-forward folds", "CSV files in " + SharedData.dir().resolve("binance_perp_1h"),
                "2 symbols: BTCUSDT_PERP_1h, ETHUSDT_PERP_1h", "bars from 2020-01-01T00:00:00Z to 2024-04-18T03:00:00Z",
                "now by this client's clock is 2026-12-04T21:00:00Z");
    }

    @Test
    @DisplayName("a custom data client without a description is named by its class")
    void customClientIsNamed() {
        Clock now = Clock.fixed(Instant.parse("2026-12-04T21:00:00Z"), ZoneOffset.UTC);
        DataClient empty = new DataClient() {
            public MarketData loadTrainingData(Instant s, Instant e) { return new MarketData(List.of()); }
            public MarketData loadRecentData(Duration d) { return new MarketData(List.of()); }
            public MarketData loadValidationData(Duration d) { return new MarketData(List.of()); }
        };
        CycleReport r = cycle(empty, now);
        assertThat(r.status()).isEqualTo(CycleReport.Status.FAILED);
        assertThat(r.message()).contains("no bars in the training window", "no symbols", empty.getClass().getName());
    }
}
