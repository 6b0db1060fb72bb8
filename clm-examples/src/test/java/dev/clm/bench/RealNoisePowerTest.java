package dev.clm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.CycleReport;
import dev.clm.api.DataClient;
import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.CsvDataClient;
import dev.clm.examples.SettableClock;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Decisions on real noise through the public API (ridge, default settings, a new manager with an
 * empty registry at each date so every decision is a candidate against the zero forecast): a
 * planted signal in real returns is promoted and what is promoted beats zero on the next unseen
 * month; real returns with a random sign per timestamp (nothing predictable) are not promoted.
 * Eight decision dates a quarter apart; the walk-forward benchmark's {@code fresh} mode runs the
 * same over every month and three learners.
 */
class RealNoisePowerTest {
    static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "DOGEUSDT", "LINKUSDT", "AVAXUSDT", "MATICUSDT",
            "NEARUSDT"};
    static final Instant FIRST = Instant.parse("2022-01-01T00:00:00Z");
    static final int DATES = 8;
    static final Duration APART = Duration.ofDays(91);
    static final Duration MONTH = Duration.ofDays(30);

    record Tally(int promoted, int promotedBeatZeroNextMonth) {}

    @Test
    @DisplayName("planted signal in real noise: promoted at >= 7 of 8 dates, every promoted model beats zero the next month")
    void plantedSignalIsPromoted() {
        SettableClock clock = new SettableClock(FIRST);
        Tally t = decide(clock, real -> {
            clock.advance(Duration.between(clock.instant(), Instant.parse("2024-04-15T00:00:00Z")));
            PlantedSignalMarket m = new PlantedSignalMarket(real.loadAll(), 0.7, 12, clock);
            clock.advance(Duration.between(clock.instant(), FIRST));
            return m;
        });
        assertThat(t.promoted()).as("dates promoted").isGreaterThanOrEqualTo(7);
        assertThat(t.promotedBeatZeroNextMonth()).as("promoted models that beat zero on the next month").isEqualTo(t.promoted());
    }

    @Test
    @DisplayName("sign-randomised real market: nothing to predict, promoted at no more than 1 of 8 dates")
    void signFlippedMarketIsNotPromoted() {
        SettableClock clock = new SettableClock(FIRST);
        Tally t = decide(clock, real -> {
            clock.advance(Duration.between(clock.instant(), Instant.parse("2024-04-15T00:00:00Z")));
            SignFlippedMarket m = new SignFlippedMarket(real.loadAll(), 11, clock);
            clock.advance(Duration.between(clock.instant(), FIRST));
            return m;
        });
        assertThat(t.promoted()).as("dates promoted").isLessThanOrEqualTo(1);
    }

    private static Tally decide(SettableClock clock, Function<CsvDataClient, DataClient> market) {
        CsvDataClient.Builder csv = CsvDataClient.builder().clock(clock);
        for (String s : SYMBOLS) csv.file(s, SharedData.file("binance_perp_1h/" + s + "_PERP_1h.csv"));
        DataClient data = market.apply(csv.build());
        TechnicalFeatureEngineer features = new TechnicalFeatureEngineer();
        List<ModelType> types = List.of(RidgeTrainer.RIDGE);
        int promoted = 0, beat = 0;
        for (int k = 0; k < DATES; k++) {
            Instant at = FIRST.plus(APART.multipliedBy(k));
            clock.advance(Duration.between(clock.instant(), at));
            try (ContinuousLearningManager clm = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults())
                    .dataClient(data).featureEngineer(features).trainer(new RidgeTrainer()).modelTypes(types).build()) {
                CycleReport r = clm.runFullCycle(false, types);
                assertThat(r.failed()).isEmpty();
                if (r.promoted().isEmpty()) continue;
                promoted++;
                clock.advance(MONTH);
                Dataset next = WalkForwardBenchmark.unseenPeriod(data, features, at, at.plus(MONTH));
                try (TrainedModel m = clm.trainer().load(RidgeTrainer.RIDGE,
                        clm.registry().loadBytes(RidgeTrainer.RIDGE, r.promoted().get(0).newVersion()))) {
                    double mae = WalkForwardBenchmark.mae(m.predict(next), next.labels());
                    double zero = WalkForwardBenchmark.mae(new double[next.rows()], next.labels());
                    if (mae < zero) beat++;
                }
            }
        }
        return new Tally(promoted, beat);
    }
}
