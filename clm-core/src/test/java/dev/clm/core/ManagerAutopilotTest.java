package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ClmEvent;
import dev.clm.api.Dataset;
import dev.clm.api.DriftSeverity;
import dev.clm.api.EventTopics;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.scheduler.ClmScheduler;
import dev.clm.scheduler.ScheduledTask;
import dev.clm.scheduler.SystemStatus;
import dev.clm.data.SyntheticDataClient;
import dev.clm.events.InProcessEventBus;
import dev.clm.metrics.MicrometerClmMetrics;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The manager started once, driven by a fake clock: schedules, drift checks, reactions, status. */
class ManagerAutopilotTest {
    static final ModelType A = ModelType.of("model_a");
    static final ModelType B = ModelType.of("model_b");

    MutableClock clock;
    InProcessEventBus events;
    List<ClmEvent> published;
    ScriptedTrainer trainer;
    SimpleMeterRegistry meters;
    ContinuousLearningManager manager;
    ManualTicks ticks;

    /** An executor whose periodic ticks never fire: the tests call {@code tick()} after moving the fake clock. */
    static final class ManualTicks extends ScheduledThreadPoolExecutor {
        ManualTicks() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return schedule(() -> { }, 3650, TimeUnit.DAYS);
        }
    }

    static ScriptedTrainer.Script ridge() {
        return d -> {
            Dataset val = d.slice(d.rows() * 4 / 5, d.rows());
            TrainedModel m = new RidgeTrainer().train(RidgeTrainer.RIDGE, d, val, Map.of("lambda", "0.01"));
            return (Function<float[], Double>) m::predict;
        };
    }

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2024-06-01T00:00:00Z");
        events = new InProcessEventBus(clock);
        published = new CopyOnWriteArrayList<>();
        events.subscribe("*", published::add);
        trainer = new ScriptedTrainer(A, B).then(A, ridge()).then(B, ridge());
        meters = new SimpleMeterRegistry();
        ticks = new ManualTicks();
        // twenty symbols: the promotion statistics need them to confirm the synthetic signal (see WideSyntheticMarket)
        manager = build(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7));
    }

    ContinuousLearningManager build(dev.clm.api.DataClient data) {
        return ContinuousLearningManager.builder().clock(clock)
                .config(ClmConfig.defaults())
                .dataClient(data).featureEngineer(new SimpleFeatureEngineer(12))
                .trainer(trainer).events(events).metrics(new MicrometerClmMetrics(meters))
                .schedulerExecutor(ticks).reactionExecutor(Runnable::run).build();
    }

    @AfterEach
    void tearDown() {
        manager.autopilot().close();
        manager.supervisor().close();
        ticks.shutdownNow();
    }

    private long count(String topic) {
        return published.stream().filter(e -> e.topic().equals(topic)).count();
    }

    private List<String> retrainTriggers() {
        return published.stream().filter(e -> e.topic().equals(EventTopics.RETRAINING_STARTED))
                .map(e -> String.valueOf(e.payload().get("trigger"))).toList();
    }

    @Test
    @DisplayName("the drift rule is the drift section as set: its decays are settings of their own, not derived from the trigger's")
    void theDriftRuleIsTheDriftSection() {
        for (double d : new double[] {0.001, 0.05, 0.1, 0.25, 0.4, 0.5}) {
            ClmConfig c = ClmConfig.builder().set("drift.performance-decay", Double.toString(Math.min(d, 0.1))).build();
            assertThat(ManagerAutopilot.driftConfig(c)).as("decay %s", d).isEqualTo(c.drift());
        }
        ClmConfig c = ClmConfig.builder().set("drift.performance-decay", "0.1").set("drift.performance-high-decay", "0.2").build();
        assertThat(ManagerAutopilot.driftConfig(c).performanceDecay()).isEqualTo(0.1);
        assertThat(ManagerAutopilot.driftConfig(c).performanceHighDecay()).isEqualTo(0.2);
        assertThat(c.triggers().performanceAlpha()).isEqualTo(0.05);
    }

    @Test
    @DisplayName("a version trained minutes after a weekly check is retrained within the hour it turns one week old, not a week late")
    void timeTriggerIsNotAWeekLateWhenTrainingTakesMinutes() {
        ScriptedTrainer.Script slow = d -> {
            clock.advance(Duration.ofMinutes(5)); // the cycle takes a few minutes: trainedAt is after the check
            return ridge().fit(d);
        };
        trainer = new ScriptedTrainer(A).then(A, slow); // the last script repeats
        manager.supervisor().close();
        // only TIME may retrain: no drift or performance reactions, no data-volume trigger
        ClmConfig onlyTime = ClmConfig.builder().driftSchedule(Duration.ofDays(3650)).performanceSchedule(Duration.ofDays(3650))
                .dataThresholdBars(1_000_000_000L).build();
        manager = ContinuousLearningManager.builder().clock(clock).config(onlyTime)
                .dataClient(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12))
                .trainer(trainer).events(events).modelTypes(List.of(A))
                .schedulerExecutor(ticks).reactionExecutor(Runnable::run).build();
        manager.start();
        ClmScheduler s = manager.autopilot().scheduler();
        java.time.Instant start = clock.instant();
        for (int h = 1; h <= 24 * 29; h++) {
            // the scheduler's grid stays on the hour (it ticks every 30 s in production); only trainings take minutes
            clock.advance(Duration.between(clock.instant(), start.plus(Duration.ofHours(h))));
            s.tick();
        }
        List<java.time.Instant> trained = manager.registry().history(A, 20).stream().map(v -> v.trainedAt()).sorted().toList();
        assertThat(trained.size()).as("versions %s", trained).isBetween(4, 5); // weekly, whether or not a candidate wins
        for (int i = 1; i < trained.size(); i++) {
            assertThat(Duration.between(trained.get(i - 1), trained.get(i)))
                    .as("gap between versions %d and %d", i - 1, i)
                    .isBetween(Duration.ofHours(160), Duration.ofHours(169).plusMinutes(5)); // weekly, never a week late
        }
        assertThat(retrainTriggers()).anyMatch(t -> t.contains("TIME"));
    }

    @Test
    @DisplayName("started once, a week of ticks runs the weekly retraining, daily drift checks and the other tasks")
    void weekOfSchedules() {
        manager.start();
        manager.start();
        ClmScheduler s = manager.autopilot().scheduler();
        for (int h = 0; h < 168; h += 6) {
            clock.advance(Duration.ofHours(6));
            s.tick();
        }
        SystemStatus st = manager.getSystemStatus();
        assertThat(st.running()).isTrue();
        assertThat(st.runs()).containsEntry(ScheduledTask.DRIFT_CHECK, 7L).containsEntry(ScheduledTask.PERFORMANCE_CHECK, 28L)
                .containsEntry(ScheduledTask.SHADOW_PROMOTION, 28L);
        // one scheduled retraining (the types had never been trained); any further ones are reactions to what the checks found
        List<String> triggers = retrainTriggers();
        assertThat(triggers.get(0)).contains("NEVER_TRAINED");
        assertThat(triggers.subList(1, triggers.size())).allMatch(t -> t.contains("DRIFT") || t.contains("PERFORMANCE_DECAY"));
        assertThat(st.runs().get(ScheduledTask.RETRAINING)).isGreaterThanOrEqualTo(triggers.size()); // reactions already answered are runs too
        assertThat(st.failures().values()).allMatch(f -> f == 0L);
        // the weekly cycle trained both never-trained types and promoted them
        assertThat(st.activeVersions()).containsKeys(A, B);
        assertThat(st.config()).containsKey("schedule.retraining").containsKey("drift.recentWindow");
        assertThat(meters.get("clm.retrains").tag("outcome", "success").counters()).isNotEmpty();
        assertThat(meters.get("clm.promotions").counters()).hasSize(2);
        assertThat(meters.get("clm.active.model.age").tag("model", "model_a").gauge().value()).isGreaterThanOrEqualTo(0);
        manager.stop();
        manager.stop();
        assertThat(manager.getSystemStatus().running()).isFalse();
    }

    @Test
    @DisplayName("a drift answer retrains the affected model (MEDIUM), every model (CRITICAL), nothing (LOG)")
    void driftAnswerRetrainsTheAffectedModelAndCriticalRetrainsAll() {
        manager.start();
        manager.autopilot().scheduler().triggerRetraining(RetrainingType.FULL, Set.of(), "bootstrap");
        published.clear();
        ManagerOperations ops = manager.autopilot().operations();
        clock.advance(Duration.ofHours(1));
        ops.answerDrift(A, dev.clm.drift.DriftAction.PARTIAL_RETRAIN, "drift MEDIUM (FEATURE)");
        assertThat(retrainTriggers()).singleElement().asString().contains("model_a").contains("DRIFT").doesNotContain("model_b");
        published.clear();
        clock.advance(Duration.ofHours(1));
        ops.answerDrift(A, dev.clm.drift.DriftAction.FULL_RETRAIN_AND_ALERT, "drift CRITICAL (FEATURE)");
        assertThat(retrainTriggers()).singleElement().asString().contains("model_a").contains("model_b");
        published.clear();
        ops.answerDrift(A, dev.clm.drift.DriftAction.LOG, "drift LOW (FEATURE)");
        assertThat(count(EventTopics.RETRAINING_STARTED)).isZero();
    }

    @Test
    void degradedModelIsRetrainedAfterThePerformanceCheck() {
        manager.start();
        manager.autopilot().scheduler().triggerRetraining(RetrainingType.FULL, Set.of(), "bootstrap");
        published.clear();
        // the engine logs a model that is always long and loses 70% of its trades
        for (int i = 0; i < 200; i++) {
            long id = manager.supervisor().logPrediction(A, 0.01, 0.6, 2_000_000);
            manager.supervisor().logOutcome(A, id, i % 10 < 7 ? -0.01 : 0.01);
        }
        clock.advance(Duration.ofHours(6));
        assertThat(manager.registry().getActive(A)).as("the bootstrap retraining promoted A").isPresent();
        manager.autopilot().scheduler().tick();
        assertThat(count(EventTopics.MODEL_PERFORMANCE_DEGRADED)).as("%s %s", manager.getSystemStatus(), published).isEqualTo(1);
        assertThat(published).filteredOn(e -> e.topic().equals(EventTopics.MODEL_PERFORMANCE_DEGRADED))
                .singleElement().satisfies(e -> assertThat(e.payload()).containsEntry("health", "CRITICAL"));
        assertThat(retrainTriggers()).singleElement().asString().contains("model_a").contains("PERFORMANCE_DECAY");
    }

    @Test
    void manualDriftCheckOnRealDataRecordsAndReacts() {
        // The models are trained and promoted on the twenty-symbol market; the drift check then runs on five
        // symbols, because with twenty independent regime paths the pooled feature distribution hardly drifts.
        manager.runFullCycle(true, List.of(A, B));
        assertThat(manager.registry().getActive(A)).isPresent();
        manager.autopilot().close();
        manager.supervisor().close();
        manager = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults())
                .dataClient(SyntheticDataClient.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12))
                .trainer(trainer).events(events).metrics(new MicrometerClmMetrics(meters)).registry(manager.registry())
                .schedulerExecutor(ticks).reactionExecutor(Runnable::run).build();
        manager.start();
        clock.advance(Duration.ofDays(30)); // the synthetic market switched regimes since training
        published.clear();
        manager.autopilot().scheduler().manualTriggerDriftCheck(A);
        SystemStatus st = manager.getSystemStatus();
        assertThat(st.failures()).containsEntry(ScheduledTask.DRIFT_CHECK, 0L);
        assertThat(st.lastDriftCheck()).isEqualTo(clock.instant());
        var recorded = manager.driftEventStore().since(Instant.EPOCH, 1000);
        assertThat(recorded).isNotEmpty().allMatch(e -> e.severity().compareTo(DriftSeverity.LOW) >= 0);
        // feature drift and prediction drift were both published; the first reaction's cycle answered both
        assertThat(count(EventTopics.DRIFT_DETECTED)).isGreaterThanOrEqualTo(2);
        assertThat(retrainTriggers()).singleElement().asString().contains("DRIFT").contains("model_a").contains("model_b");
    }

    @Test
    void regimeChangeCallsTheHooks() {
        List<Object> regimes = new ArrayList<>();
        manager.autopilot().onRegimeChange(e -> regimes.add(e.payload().get("regime")));
        manager.start();
        events.publish(new ClmEvent.RegimeChanged(clock.instant(), "HIGH_VOL", "RANGE"));
        assertThat(regimes).containsExactly("HIGH_VOL");
        manager.stop();
        events.publish(new ClmEvent.RegimeChanged(clock.instant(), "RANGE", "HIGH_VOL"));
        assertThat(regimes).hasSize(1); // stopped: no reactions
    }
}
