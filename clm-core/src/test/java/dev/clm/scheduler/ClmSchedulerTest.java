package dev.clm.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;
import dev.clm.api.contract.MutableClock;
import dev.clm.metrics.ClmMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClmSchedulerTest {
    private final MutableClock clock = MutableClock.at("2026-01-05T00:00:00Z");
    private final RecordingTicks executor = new RecordingTicks();
    private final RecordingOperations ops = new RecordingOperations();
    private final ClmScheduler scheduler = new ClmScheduler(ops, null, ScheduleConfig.defaults(), clock, executor, ClmMetrics.noop());

    /** Records the periodic schedule requests; the ticks never fire (tests call tick() after moving the clock). */
    static final class RecordingTicks extends ScheduledThreadPoolExecutor {
        final List<String> requests = new ArrayList<>();
        final List<ScheduledFuture<?>> futures = new ArrayList<>();

        RecordingTicks() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            requests.add(initialDelay + "/" + delay + " " + unit);
            ScheduledFuture<?> f = schedule(() -> { }, 3650, TimeUnit.DAYS);
            futures.add(f);
            return f;
        }
    }

    @AfterEach
    void stop() {
        scheduler.stop();
        executor.shutdownNow();
    }

    /** Records calls; counts the largest number running at once. */
    static class RecordingOperations implements ClmOperations {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile Runnable duringRetrain = () -> {};
        volatile RuntimeException driftFailure;

        private void enter(String call) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            calls.add(call);
        }

        @Override
        public void retrain(RetrainingType type, Set<ModelType> models, String reason) {
            enter("retrain " + type + " " + models + " " + reason);
            try {
                duringRetrain.run();
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void checkDrift(ModelType model) {
            enter("drift " + model);
            inFlight.decrementAndGet();
            if (driftFailure != null) throw driftFailure;
        }

        @Override
        public void checkPerformance() {
            enter("performance");
            inFlight.decrementAndGet();
        }

        @Override
        public void promoteShadows(ModelType model) {
            enter("shadow " + model);
            inFlight.decrementAndGet();
        }

        long count(String prefix) {
            synchronized (calls) {
                return calls.stream().filter(c -> c.startsWith(prefix)).count();
            }
        }
    }

    private void advanceAndTick(Duration total, Duration step) {
        for (Duration d = Duration.ZERO; d.compareTo(total) < 0; d = d.plus(step)) {
            clock.advance(step);
            scheduler.tick();
        }
    }

    @Test
    @DisplayName("advancing 7 days runs each task exactly the expected number of times")
    void sevenDays() {
        scheduler.start();
        advanceAndTick(Duration.ofDays(7), Duration.ofMinutes(10));
        assertThat(ops.count("retrain")).isEqualTo(1);
        assertThat(ops.count("drift")).isEqualTo(7);
        assertThat(ops.count("performance")).isEqualTo(28);
        assertThat(ops.count("shadow")).isEqualTo(168);
        assertThat(ops.calls).contains("retrain FULL [] scheduled");
        SystemStatus status = scheduler.getSystemStatus();
        assertThat(status.running()).isTrue();
        assertThat(status.lastRetraining()).isEqualTo(Instant.parse("2026-01-12T00:00:00Z"));
        assertThat(status.lastDriftCheck()).isEqualTo(Instant.parse("2026-01-12T00:00:00Z"));
        assertThat(status.nextRuns().get(ScheduledTask.SHADOW_PROMOTION)).isEqualTo(Instant.parse("2026-01-12T01:00:00Z"));
        assertThat(status.runs()).containsEntry(ScheduledTask.PERFORMANCE_CHECK, 28L);
        assertThat(status.config()).containsEntry("schedule.retraining", "PT168H");
    }

    @Test
    void missedRunsCoalesceInsteadOfBursting() {
        scheduler.start();
        clock.advance(Duration.ofDays(7));
        assertThat(scheduler.tick()).isEqualTo(4);
        assertThat(scheduler.tick()).isZero();
        assertThat(ops.count("shadow")).isEqualTo(1);
        clock.advance(Duration.ofMinutes(59));
        assertThat(scheduler.tick()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.tick()).isEqualTo(1); // back on the hourly grid
    }

    @Test
    @DisplayName("a slow cycle never overlaps the next: concurrent ticks skip, manual triggers wait")
    void slowCycleNeverOverlaps() throws Exception {
        CountDownLatch inRetrain = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ops.duringRetrain = () -> {
            inRetrain.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        scheduler.start();
        clock.advance(Duration.ofDays(7));
        CompletableFuture<Integer> slowTick = CompletableFuture.supplyAsync(scheduler::tick);
        assertThat(inRetrain.await(10, TimeUnit.SECONDS)).isTrue();
        // while the retraining runs, time passes and other ticks come: they do nothing
        clock.advance(Duration.ofHours(2));
        assertThat(scheduler.tick()).isZero();
        assertThat(scheduler.skippedTicks()).isEqualTo(1);
        CompletableFuture<Void> manual = CompletableFuture.runAsync(() -> scheduler.manualTriggerDriftCheck(ModelType.XGBOOST));
        assertThat(manual).isNotDone();
        release.countDown();
        assertThat(slowTick.get(10, TimeUnit.SECONDS)).isEqualTo(4);
        manual.get(10, TimeUnit.SECONDS);
        assertThat(ops.maxInFlight.get()).isEqualTo(1);
        assertThat(ops.calls).last().isEqualTo("drift xgboost");
        // the long cycle does not cause a burst of catch-up runs afterwards
        assertThat(scheduler.tick()).isZero();
    }

    @Test
    void aSlowCycleThatOutlastsItsIntervalIsNotRunTwice() {
        ops.duringRetrain = () -> clock.advance(Duration.ofHours(200)); // the cycle itself takes longer than a week
        scheduler.start();
        clock.advance(Duration.ofDays(7));
        scheduler.tick();
        assertThat(ops.count("retrain")).isEqualTo(1);
        scheduler.tick();
        assertThat(ops.count("retrain")).isEqualTo(1);
        assertThat(scheduler.getSystemStatus().nextRuns().get(ScheduledTask.RETRAINING))
                .isEqualTo(Instant.parse("2026-01-26T00:00:00Z")); // start + 3 weeks: the first slot after the cycle ended
    }

    @Test
    void aFailingTaskIsLoggedCountedAndRescheduled() {
        ops.driftFailure = new IllegalStateException("data source down");
        scheduler.start();
        advanceAndTick(Duration.ofDays(2), Duration.ofHours(1));
        assertThat(ops.count("drift")).isEqualTo(2);
        assertThat(scheduler.failures(ScheduledTask.DRIFT_CHECK)).isEqualTo(2);
        assertThat(ops.count("performance")).isEqualTo(8); // other tasks unaffected
        assertThat(scheduler.getSystemStatus().lastError()).contains("data source down");
        ops.driftFailure = null;
        advanceAndTick(Duration.ofDays(1), Duration.ofHours(1));
        assertThat(ops.count("drift")).isEqualTo(3);
        assertThat(scheduler.failures(ScheduledTask.DRIFT_CHECK)).isEqualTo(2);
    }

    @Test
    void startAndStopAreIdempotent() {
        scheduler.start();
        scheduler.start();
        assertThat(executor.requests).containsExactly("30000/30000 MILLISECONDS");
        scheduler.stop();
        scheduler.stop();
        assertThat(executor.futures).singleElement().satisfies(f -> assertThat(f.isCancelled()).isTrue());
        clock.advance(Duration.ofDays(8));
        assertThat(scheduler.tick()).isZero();
        assertThat(ops.calls).isEmpty();
        assertThat(scheduler.getSystemStatus().running()).isFalse();
        scheduler.start(); // restart: schedules again from now
        clock.advance(Duration.ofHours(1));
        assertThat(scheduler.tick()).isEqualTo(1);
    }

    @Test
    void manualTriggersRunNowAndAreRecorded() {
        scheduler.triggerRetraining(RetrainingType.PARTIAL, Set.of(ModelType.LIGHTGBM), "operator");
        scheduler.manualPromoteShadow(ModelType.NHITS);
        assertThat(ops.calls).containsExactly("retrain PARTIAL [lightgbm] manual: operator", "shadow nhits");
        assertThat(scheduler.getSystemStatus().lastRetraining()).isEqualTo(clock.instant());
    }

    @Test
    void ownExecutorTicksInTheBackground() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        ClmOperations quick = new RecordingOperations() {
            @Override
            public void promoteShadows(ModelType model) {
                ran.countDown();
            }
        };
        ScheduleConfig fast = new ScheduleConfig(Duration.ofDays(7), Duration.ofDays(1), Duration.ofHours(6), Duration.ofHours(1),
                Duration.ofMillis(5));
        try (ClmScheduler real = new ClmScheduler(quick, null, fast, clock, null, ClmMetrics.noop())) {
            real.start();
            clock.advance(Duration.ofHours(1)); // only the fake clock moves; the executor just polls it
            assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
