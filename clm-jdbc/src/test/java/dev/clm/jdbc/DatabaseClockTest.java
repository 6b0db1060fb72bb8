package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ModelType;
import dev.clm.api.RetrainingJob;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.SyntheticDataClient;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database writes with the manager's clock: in a backtest its timestamps are simulated time, not wall-clock time. */
class DatabaseClockTest {
    static final ModelType RIDGE = RidgeTrainer.RIDGE;

    @Test
    @DisplayName("built with stores(db), the manager runs on the database's clock: promotedAt and job times are backtest time")
    void promotedAtIsTheBacktestTime(@TempDir Path dir) {
        MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
        ShadowTester promoteAll = (type, candidate, active, window) -> new ShadowTestResult(type, candidate.version(),
                active == null ? null : active.version(), window.rows(), 0.01, 0.02, 0.5, 0.5, 0, 1, 0, 0, ShadowDecision.PROMOTE,
                "test: every candidate is promoted", window.timeRange(), Map.of(), clock.instant());
        try (ClmDatabase db = ClmDatabase.builder().dataDirectory(dir).clock(clock).open();
             ContinuousLearningManager clm = ContinuousLearningManager.builder().stores(db).config(ClmConfig.defaults())
                     .dataClient(SyntheticDataClient.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12))
                     .trainer(new RidgeTrainer()).trainingParams(RIDGE, Map.of("lambda", "0.01")).modelTypes(List.of(RIDGE))
                     .shadowTester(promoteAll).build()) {
            assertThat(clm.clock()).isSameAs(clock);
            clock.advance(Duration.ofDays(3));
            assertThat(clm.runFullCycle(true, List.of(RIDGE)).promoted()).hasSize(1);
            assertThat(db.registry().getActive(RIDGE).orElseThrow().promotedAt()).isEqualTo(clock.instant());
            assertThat(db.retrainingJobs().recent(1)).singleElement().extracting(RetrainingJob::startedAt).isEqualTo(clock.instant());

            assertThatThrownBy(() -> ContinuousLearningManager.builder().stores(db).clock(Clock.systemUTC())
                    .dataClient(SyntheticDataClient.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12))
                    .trainer(new RidgeTrainer()).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clock");
        }
    }
}
