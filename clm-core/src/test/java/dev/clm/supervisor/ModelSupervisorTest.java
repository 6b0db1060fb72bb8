package dev.clm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventTopics;
import dev.clm.api.HealthStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.metrics.ClmMetrics;
import dev.clm.store.InMemoryPerformanceLogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ModelSupervisorTest {
    private static final ModelType XGB = ModelType.XGBOOST;
    private final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    private final InProcessEventBus bus = new InProcessEventBus(clock);
    private final InMemoryPerformanceLogStore store = new InMemoryPerformanceLogStore();
    private final List<ClmEvent> events = new ArrayList<>();
    /** Trades one second apart whose outcomes are realised within a second: independent trials. */
    private ModelSupervisor supervisor = new ModelSupervisor(SupervisorConfig.defaults().withOutcomeHorizonMillis(1_000), clock, bus, store,
            ClmMetrics.noop(), Runnable::run);

    {
        bus.subscribe("learning.*", events::add);
    }

    @AfterEach
    void close() {
        supervisor.close();
    }

    /** Logs n predictions: the first {@code wins} are right, long/short alternating unless {@code longs} says otherwise. */
    private void log(int n, int wins, double confidence, int longs, long latencyNanos) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            double direction = i < longs ? 1 : -1;
            long id = supervisor.logPrediction(XGB, 0.01 * direction, confidence, latencyNanos);
            supervisor.logOutcome(XGB, id, (i < wins ? 0.002 : -0.002) * direction);
        }
    }

    @Nested
    @DisplayName("health measures")
    class Measures {
        @Test
        void winrateWithWilsonInterval() {
            log(100, 60, 0.6, 50, 1_000);
            ModelHealth h = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(h.predictions()).isEqualTo(100);
            assertThat(h.outcomes()).isEqualTo(100);
            assertThat(h.winrate()).isCloseTo(0.6, within(1e-12));
            assertThat(h.winrateLower()).isCloseTo(0.5020025867910618, within(1e-12));
            assertThat(h.winrateUpper()).isCloseTo(0.6905987135675411, within(1e-12));
            assertThat(h.calibrationError()).isCloseTo(0.0, within(1e-6));
            assertThat(h.longShortRatio()).isEqualTo(1.0);
            assertThat(h.coverage()).isEqualTo(1.0);
            assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        }

        @Test
        void overlappingOutcomesWidenTheWinrateInterval() {
            // the same 100 trades, but each outcome is realised over 12 hours: 100 seconds of trades are one window
            supervisor.close();
            supervisor = new ModelSupervisor(SupervisorConfig.defaults(), clock, bus, store, ClmMetrics.noop(), Runnable::run);
            log(100, 60, 0.6, 50, 1_000);
            ModelHealth h = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(h.winrate()).isCloseTo(0.6, within(1e-12));
            assertThat(h.winrateUpper() - h.winrateLower()).isGreaterThan(0.5);
        }

        @Test
        void calibrationErrorOverConfidenceBins() {
            // 50 predictions at 0.9 confidence winning 60%, 50 at 0.55 winning 60%: ECE = .5*.3 + .5*.05
            for (int i = 0; i < 100; i++) {
                double conf = i < 50 ? 0.9 : 0.55;
                boolean win = (i % 50) < 30;
                long id = supervisor.logPrediction(XGB, i % 2 == 0 ? 1 : -1, conf, 1000);
                supervisor.logOutcome(XGB, id, (win ? 1 : -1) * (i % 2 == 0 ? 1 : -1) * 0.01);
            }
            ModelHealth h = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(h.calibrationError()).isCloseTo(0.5 * 0.3 + 0.5 * 0.05, within(1e-6));
            assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(h.reasons()).singleElement().asString().contains("calibration");
        }

        @Test
        void latencyPercentilesAndCoverage() {
            for (int i = 1; i <= 1000; i++) {
                long id = supervisor.logPrediction(XGB, i % 2 == 0 ? 1 : -1, 0.5, i * 1000L);
                if (i % 4 == 0) supervisor.logOutcome(XGB, id, 0.01);
            }
            ModelHealth h = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(h.latencyP50Micros()).isEqualTo(500.0);
            assertThat(h.latencyP95Micros()).isEqualTo(950.0);
            assertThat(h.latencyP99Micros()).isEqualTo(990.0);
            assertThat(h.coverage()).isEqualTo(0.25);
        }

        @Test
        void windowExcludesOlderPredictions() {
            log(100, 20, 0.5, 50, 1000); // a bad hour ...
            clock.advance(Duration.ofHours(2));
            log(100, 60, 0.6, 50, 1000); // ... then a good one
            assertThat(supervisor.getModelHealth(XGB, Duration.ofHours(1)).winrate()).isCloseTo(0.6, within(1e-12));
            assertThat(supervisor.getModelHealth(XGB, Duration.ofHours(3)).winrate()).isCloseTo(0.4, within(1e-12));
        }

        @Test
        void unknownModelIsHealthyWithoutData() {
            ModelHealth h = supervisor.getModelHealth(ModelType.NHITS, Duration.ofHours(1));
            assertThat(h.predictions()).isZero();
            assertThat(h.winrate()).isNaN();
            assertThat(h.status()).isEqualTo(HealthStatus.HEALTHY);
        }

        @Test
        void badInputIsRejected() {
            assertThatThrownBy(() -> supervisor.logPrediction(XGB, Double.NaN, 0.5, 1)).hasMessageContaining("prediction");
            assertThatThrownBy(() -> supervisor.logPrediction(XGB, 1, 1.5, 1)).hasMessageContaining("confidence");
            assertThatThrownBy(() -> supervisor.logOutcome(XGB, 0, Double.POSITIVE_INFINITY)).hasMessageContaining("realizedReturn");
            assertThatThrownBy(() -> supervisor.getModelHealth(XGB, Duration.ZERO)).hasMessageContaining("window");
        }
    }

    @Nested
    @DisplayName("status and snapshots")
    class Status {
        @Test
        void lowWinrateIsDegradedAndSignificantlyLowIsCritical() {
            log(40, 17, 0.425, 20, 1000); // 42.5% over 40: below 45% but the interval reaches above
            assertThat(supervisor.getModelHealth(XGB, Duration.ofHours(1)).status()).isEqualTo(HealthStatus.DEGRADED);
            clock.advance(Duration.ofHours(2));
            log(1000, 380, 0.38, 500, 1000); // 38% over 1000: upper bound ~41% < 45%
            ModelHealth h = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(h.winrateUpper()).isLessThan(0.45);
            assertThat(h.status()).isEqualTo(HealthStatus.CRITICAL);
        }

        @Test
        void longShortImbalanceAndSlowPredictionsTogetherAreCritical() {
            log(100, 55, 0.55, 80, 1000);
            ModelHealth imbalanced = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(imbalanced.longShortRatio()).isEqualTo(4.0);
            assertThat(imbalanced.status()).isEqualTo(HealthStatus.DEGRADED);
            clock.advance(Duration.ofHours(2));
            log(100, 55, 0.55, 80, 600_000_000L); // 600 ms
            ModelHealth both = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(both.reasons()).hasSize(2);
            assertThat(both.status()).isEqualTo(HealthStatus.CRITICAL);
        }

        @Test
        void snapshotIsStoredAndDegradationPublished() {
            log(100, 55, 0.55, 50, 1000);
            supervisor.recordSnapshot(XGB, "v1", Duration.ofHours(6));
            assertThat(events).isEmpty();
            clock.advance(Duration.ofHours(7));
            log(100, 55, 0.55, 90, 1000);
            ModelHealth h = supervisor.recordSnapshot(XGB, "v1", Duration.ofHours(6));
            List<PerformanceLog> rows = store.since(XGB, Instant.EPOCH, 10);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).health()).isEqualTo(HealthStatus.DEGRADED);
            assertThat(rows.get(0).longShortRatio()).isEqualTo(9.0);
            assertThat(rows.get(0).version()).isEqualTo("v1");
            assertThat(events).extracting(ClmEvent::topic)
                    .containsExactly(EventTopics.MODEL_PERFORMANCE_DEGRADED, EventTopics.PERFORMANCE_ALERT);
            assertThat(events.get(0).payload()).containsEntry("modelType", "xgboost").containsEntry("health", "DEGRADED");
            assertThat(h.status()).isEqualTo(HealthStatus.DEGRADED);
        }
    }

    @Nested
    @DisplayName("bounded memory, nothing dropped silently")
    class Overflow {
        @Test
        void overflowIsCountedPublishedAndAccountedFor() {
            List<Runnable> neverRun = new ArrayList<>();
            supervisor = new ModelSupervisor(SupervisorConfig.defaults().withCapacities(16, 1024), clock, bus, store,
                    ClmMetrics.noop(), neverRun::add);
            List<ClmEvent> overflow = new ArrayList<>();
            bus.subscribe(dev.clm.api.EventTopics.SUPERVISOR_OVERFLOW, overflow::add);
            for (int i = 0; i < 100; i++) supervisor.logPrediction(XGB, 1, 0.5, 1000);
            assertThat(neverRun).isNotEmpty(); // the hot path asked for a drain, never waited for it
            ModelHealth h = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(h.dropped()).isEqualTo(84);
            assertThat(h.predictions()).isEqualTo(16); // the newest 16 survived
            assertThat(h.predictions() + h.dropped()).isEqualTo(100);
            assertThat(overflow).singleElement().satisfies(e -> {
                assertThat(e.payload()).containsEntry("dropped", 84L).containsEntry("totalDropped", 84L);
            });
            supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(overflow).hasSize(1); // reported once
        }

        @Test
        void outcomesForForgottenPredictionsAreCountedAsUnmatched() {
            supervisor = new ModelSupervisor(SupervisorConfig.defaults().withCapacities(1024, 16), clock, bus, store,
                    ClmMetrics.noop(), Runnable::run);
            long first = supervisor.logPrediction(XGB, 1, 0.5, 1000);
            for (int i = 0; i < 20; i++) supervisor.logPrediction(XGB, 1, 0.5, 1000);
            supervisor.drain();
            supervisor.logOutcome(XGB, first, 0.01);
            supervisor.logOutcome(XGB, 999_999, 0.01);
            ModelHealth h = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            assertThat(supervisor.unmatchedOutcomes(XGB)).isEqualTo(2);
            assertThat(h.outcomes()).isZero();
            assertThat(h.windowTruncated()).isTrue(); // 21 predictions in the hour, 16 retained
        }

        @Test
        @DisplayName("4 threads x 50,000 predictions with a background drainer: every record is retained or counted")
        void concurrentWritersLoseNothingUncounted() throws Exception {
            supervisor = new ModelSupervisor(SupervisorConfig.defaults().withCapacities(1 << 12, 1 << 18), clock, bus, store,
                    ClmMetrics.noop());
            int threads = 4, per = 50_000;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < per; i++) {
                        long id = supervisor.logPrediction(XGB, 1, 0.5, 1000);
                        supervisor.logOutcome(XGB, id, 0.01);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
            pool.shutdown();
            ModelHealth h = supervisor.getModelHealth(XGB, Duration.ofHours(1));
            long total = (long) threads * per;
            assertThat(h.predictions() + supervisor.droppedPredictions(XGB)).isEqualTo(total);
            assertThat(h.outcomes() + supervisor.unmatchedOutcomes(XGB) + supervisor.droppedOutcomes(XGB)).isEqualTo(total);
            assertThat(h.dropped()).isEqualTo(supervisor.droppedPredictions(XGB) + supervisor.droppedOutcomes(XGB));
        }
    }
}
