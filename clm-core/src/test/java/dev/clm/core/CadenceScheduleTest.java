package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.scheduler.ClmScheduler;
import dev.clm.scheduler.ScheduledTask;
import dev.clm.scheduler.SystemStatus;
import dev.clm.data.SyntheticDataClient;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Nine weeks of hourly scheduler ticks on a fake clock (no sleeping): a weekly INCREMENTAL
 * cadence and a monthly (calendar) FULL cadence of the ridge base type each produce their own
 * versions on time, next to the base type on the regular weekly schedule.
 *
 * <p>What is isolated, and why: the shadow tester promotes every candidate (the promotion
 * policy has its own tests; here the weekly lineage needs each weekly version to become the
 * ACTIVE parent of the next), event reactions are dropped and DATA_VOLUME / PERFORMANCE_DECAY
 * are made unreachable by configuration, so only the schedules decide when versions appear.
 */
class CadenceScheduleTest {
    static final ModelType RIDGE = RidgeTrainer.RIDGE;
    static final TrainingCadence WEEKLY = TrainingCadence.weekly(RIDGE);
    static final TrainingCadence MONTHLY = TrainingCadence.monthly(RIDGE).withLookback(Duration.ofDays(60));
    static final Instant T0 = Instant.parse("2024-06-01T00:00:00Z");

    MutableClock clock;
    ContinuousLearningManager manager;
    ManagerAutopilotTest.ManualTicks ticks;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at(T0.toString());
        ticks = new ManagerAutopilotTest.ManualTicks();
        ShadowTester promoteAll = (type, candidate, active, window) -> new ShadowTestResult(type, candidate.version(),
                active == null ? null : active.version(), window.rows(), 0.01, 0.02, 0.5, 0.5, 0, 1, 0, 0, ShadowDecision.PROMOTE,
                "test: every candidate is promoted", window.timeRange(), Map.of(), clock.instant());
        // no new-bar threshold, and a 2 h performance window never holds the 100 live rows PERFORMANCE_DECAY needs
        ClmConfig config = ClmConfig.builder().dataThresholdBars(Long.MAX_VALUE).performanceWindow(Duration.ofHours(2)).build();
        manager = ContinuousLearningManager.builder().clock(clock).config(config)
                .dataClient(SyntheticDataClient.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12))
                .trainer(new RidgeTrainer()).trainingParams(RIDGE, Map.of("lambda", "0.01"))
                .cadence(WEEKLY).cadence(MONTHLY).shadowTester(promoteAll)
                .schedulerExecutor(ticks).reactionExecutor(r -> { }).build();
    }

    @AfterEach
    void tearDown() {
        manager.autopilot().close();
        manager.supervisor().close();
        ticks.shutdownNow();
    }

    List<ModelArtifact> versions(ModelType type) {
        List<ModelArtifact> all = new ArrayList<>(manager.registry().history(type, Integer.MAX_VALUE));
        all.sort(Comparator.comparing(ModelArtifact::trainedAt));
        return all;
    }

    @Test
    @DisplayName("over nine weeks: weekly INCREMENTAL versions every 7 days, monthly FULL versions every calendar month, base weekly")
    void cadencesFireOnTime() {
        assertThat(manager.modelTypes()).containsExactly(RIDGE, WEEKLY.type(), MONTHLY.type());
        manager.start();
        ClmScheduler s = manager.autopilot().scheduler();
        assertThat(s.getSystemStatus().config()).containsEntry("schedule.retraining", "PT1H").containsEntry("cadence.checkInterval", "PT1H")
                .containsKey("cadences");
        long t0 = System.nanoTime();
        for (int h = 1; h <= 9 * 7 * 24; h++) {
            clock.advance(Duration.ofHours(1));
            s.tick();
        }
        System.out.printf("9 weeks of hourly ticks: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        List<ModelArtifact> weekly = versions(WEEKLY.type());
        assertThat(weekly).hasSize(9);
        for (int k = 0; k < weekly.size(); k++) {
            ModelArtifact v = weekly.get(k);
            // first check one hour after start, then exactly 7 days after the previous version
            assertThat(v.trainedAt()).isEqualTo(T0.plus(Duration.ofHours(1)).plus(Duration.ofDays(7L * k)));
            assertThat(v.provenance()).containsEntry("retraining_type", k == 0 ? "FULL" : "INCREMENTAL")
                    .containsEntry("cadence.base_type", "ridge").containsEntry("alias_of", "ridge")
                    .containsEntry("cadence.lookback", "PT720H");
            assertThat(v.parentVersion()).isEqualTo(k == 0 ? null : weekly.get(k - 1).version());
            if (k == 0) {
                assertThat(v.trainingRange().start()).isAfterOrEqualTo(v.trainedAt().minus(Duration.ofDays(30)));
            }
        }

        List<ModelArtifact> monthly = versions(MONTHLY.type());
        assertThat(monthly).extracting(ModelArtifact::trainedAt).containsExactly(Instant.parse("2024-06-01T01:00:00Z"),
                Instant.parse("2024-07-01T01:00:00Z"), Instant.parse("2024-08-01T01:00:00Z"));
        assertThat(monthly).allSatisfy(v -> {
            assertThat(v.parentVersion()).isNull();
            assertThat(v.provenance()).containsEntry("retraining_type", "FULL");
            assertThat(v.trainingRange().start()).isAfterOrEqualTo(v.trainedAt().minus(Duration.ofDays(60)))
                    .isBefore(v.trainedAt().minus(Duration.ofDays(50)));
        });

        // the base type keeps the configured 168 h schedule: never trained until the first weekly check, then every 7 days
        List<ModelArtifact> base = versions(RIDGE);
        assertThat(base).extracting(ModelArtifact::trainedAt)
                .containsExactly(java.util.stream.IntStream.rangeClosed(1, 9).mapToObj(w -> T0.plus(Duration.ofDays(7L * w))).toArray(Instant[]::new));
        assertThat(base).allSatisfy(v -> assertThat(v.provenance()).doesNotContainKey("cadence.base_type"));
        assertThat(base.get(1).trainingRange().start()).isBefore(base.get(1).trainedAt().minus(Duration.ofDays(85)));

        // every cadence type has its own ACTIVE version, loadable under its own type
        for (ModelType t : List.of(RIDGE, WEEKLY.type(), MONTHLY.type())) {
            try (var loaded = manager.loadActiveModel(t).orElseThrow().model()) {
                assertThat(loaded.type()).isEqualTo(t);
            }
        }
        assertThat(manager.getSystemStatus().failures().values()).allMatch(f -> f == 0L);
        assertThat(manager.autopilot().scheduler().runs(ScheduledTask.RETRAINING)).isEqualTo(9 * 7 * 24);
        assertThat(RetrainingType.INCREMENTAL).isEqualTo(WEEKLY.retrainingType());
    }
}
