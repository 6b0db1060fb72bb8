package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ClmEvent;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowOutcome;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import dev.clm.api.UnknownModelException;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.store.InMemoryShadowResultStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LiveShadowRecorderTest {
    static final ModelType T = ModelType.XGBOOST;
    final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    final InProcessEventBus bus = new InProcessEventBus(clock);
    final List<ClmEvent> events = new CopyOnWriteArrayList<>();
    final InMemoryShadowResultStore memory = new InMemoryShadowResultStore();
    LiveShadowRecorder recorder;

    LiveShadowRecorder recorder(ShadowResultStore store, ShadowRecorderConfig cfg) {
        bus.subscribe("learning.shadow.*", events::add);
        recorder = new LiveShadowRecorder(store, bus, clock, cfg, v -> v.startsWith("s") ? T : null);
        return recorder;
    }

    @AfterEach
    void closeRecorder() {
        if (recorder != null) recorder.close();
    }

    @Test
    @DisplayName("4 producer threads: every sample reaches the store exactly once, ids unique")
    void concurrentProducersLoseNothing() throws Exception {
        LiveShadowRecorder r = recorder(memory, ShadowRecorderConfig.defaults().withRingCapacity(1024)).start();
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                long[] ids = new long[perThread];
                for (int i = 0; i < perThread; i++) {
                    ids[i] = r.recordPrediction("s1", "a1", "SYM" + thread, 1_000L * i, 0.001, -0.001);
                }
                return ids;
            }));
        }
        go.countDown();
        Set<Long> ids = new HashSet<>();
        for (Future<long[]> f : futures) for (long id : f.get(60, TimeUnit.SECONDS)) ids.add(id);
        pool.shutdown();
        r.close();
        assertThat(ids).hasSize(4 * perThread);
        assertThat(memory.count(T, "s1")).isEqualTo(4L * perThread);
        ShadowRecorderStats st = r.stats();
        assertThat(st.recorded()).isEqualTo(4L * perThread);
        assertThat(st.stored()).isEqualTo(st.recorded());
        assertThat(st.inMemory()).isZero();
    }

    @Test
    void outcomesByIdAndBySymbolAndTimestampReachTheStore() {
        LiveShadowRecorder r = recorder(memory, ShadowRecorderConfig.defaults());
        long id1 = r.recordPrediction("s1", "a1", "BTC", 1000L, 0.01, 0.02);
        r.recordPrediction("s1", "a1", "ETH", 1000L, 0.01, 0.02);
        r.recordPrediction("s2", "a1", "ETH", 1000L, 0.03, 0.04);
        r.flush();
        r.recordOutcome(id1, 0.015, 12.5);
        r.recordOutcome("ETH", 1000L, -0.01, Double.NaN);
        r.recordOutcome("XRP", 1000L, -0.01, 1.0);
        r.flush();
        List<ShadowSample> s1 = memory.samples(T, "s1");
        assertThat(s1).extracting(ShadowSample::realisedReturn).containsExactly(0.015, -0.01);
        assertThat(s1.get(0).pnl()).isEqualTo(12.5);
        assertThat(memory.samples(T, "s2").get(0).realisedReturn()).isEqualTo(-0.01);
        assertThat(r.stats().outcomesStored()).isEqualTo(3);
        assertThat(r.stats().outcomesUnmatched()).isEqualTo(1);
        assertThat(events).extracting(ClmEvent::topic).contains(dev.clm.api.EventTopics.SHADOW_RECORDER_OUTCOME_UNMATCHED);
    }

    @Test
    void anOutcomeArrivingBeforeItsSampleWasStoredIsMergedIntoIt() {
        LiveShadowRecorder r = recorder(memory, ShadowRecorderConfig.defaults());
        long id = r.recordPrediction("s1", null, "BTC", 5L, 0.0, 0.02);
        r.recordOutcome(id, 0.03, 1.0);
        r.flush();
        ShadowSample s = memory.samples(T, "s1").get(0);
        assertThat(s.activeVersion()).isNull();
        assertThat(s.realisedReturn()).isEqualTo(0.03);
    }

    @Test
    @DisplayName("ring full: records spill (counted, event), then callers wait; nothing is lost")
    void overflowSpillsThenAppliesBackPressure() throws Exception {
        LiveShadowRecorder r = recorder(memory, ShadowRecorderConfig.defaults().withRingCapacity(4).withSpillCapacity(2));
        for (int i = 0; i < 6; i++) r.recordPrediction("s1", "a1", "BTC", i, 0.0, 0.0);
        assertThat(r.stats().spilled()).isEqualTo(2);
        CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> r.recordPrediction("s1", "a1", "BTC", 99, 0.0, 0.0));
        while (r.stats().backPressureWaits() == 0) Thread.onSpinWait();
        assertThat(blocked).isNotDone();
        r.flush();
        blocked.get(30, TimeUnit.SECONDS);
        r.flush();
        assertThat(memory.count(T, "s1")).isEqualTo(7);
        assertThat(events).extracting(ClmEvent::topic).contains(dev.clm.api.EventTopics.SHADOW_RECORDER_OVERFLOW);
    }

    @Test
    @DisplayName("a failing store: counted, event, retried; every sample stored once it recovers")
    void storeFailureIsRetriedNotDropped() {
        FlakyStore flaky = new FlakyStore(memory, 2);
        LiveShadowRecorder r = recorder(flaky, ShadowRecorderConfig.defaults().withBatchSize(3));
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) ids.add(r.recordPrediction("s1", "a1", "BTC", i, 0.001 * i, 0.002 * i));
        r.recordOutcome(ids.get(9), 0.5, 1.0);
        r.flush();
        assertThat(r.stats().storeFailures()).isEqualTo(1);
        assertThat(memory.count(T, "s1")).isZero();
        assertThat(r.stats().inMemory()).as("10 samples + 1 outcome").isEqualTo(11);
        r.flush();
        assertThat(r.stats().storeFailures()).isEqualTo(2);
        r.flush();
        assertThat(memory.count(T, "s1")).isEqualTo(10);
        assertThat(memory.samples(T, "s1").get(9).realisedReturn()).isEqualTo(0.5);
        assertThat(r.stats().stored()).isEqualTo(10);
        assertThat(r.stats().inMemory()).isZero();
        assertThat(events).extracting(ClmEvent::topic).contains(dev.clm.api.EventTopics.SHADOW_RECORDER_STORE_FAILED);
    }

    @Test
    void closingWithAStoreThatNeverRecoversReportsTheUnsavedSamples() {
        FlakyStore dead = new FlakyStore(memory, Integer.MAX_VALUE);
        LiveShadowRecorder r = recorder(dead, ShadowRecorderConfig.defaults());
        r.recordPrediction("s1", "a1", "BTC", 1, 0.0, 0.0);
        r.close();
        assertThat(r.stats().unsavedAtClose()).isEqualTo(1);
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "BTC", 2, 0.0, 0.0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badInputIsRefusedOnTheCallersThreadNamingTheField() {
        LiveShadowRecorder r = recorder(memory, ShadowRecorderConfig.defaults());
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "BTC", 1, Double.NaN, 0.0)).hasMessageContaining("activePrediction");
        assertThatThrownBy(() -> r.recordPrediction("s1", "a 1", "BTC", 1, 0.0, 0.0)).hasMessageContaining("activeVersion");
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", " ", 1, 0.0, 0.0)).hasMessageContaining("symbol");
        assertThatThrownBy(() -> r.recordPrediction("x9", "a1", "BTC", 1, 0.0, 0.0))
                .isInstanceOf(UnknownModelException.class).hasMessageContaining("x9");
        assertThatThrownBy(() -> r.recordOutcome(123L, 0.1, 0.0)).hasMessageContaining("123");
        long id = r.recordPrediction("s1", "a1", "BTC", 1, 0.0, 0.0);
        assertThatThrownBy(() -> r.recordOutcome(id, Double.POSITIVE_INFINITY, 0.0)).hasMessageContaining("realisedReturn");
        r.flush();
        assertThat(memory.count(T, "s1")).isEqualTo(1);
    }

    @Test
    void listenersHearOutcomesWithBothPredictions() {
        LiveShadowRecorder r = recorder(memory, ShadowRecorderConfig.defaults());
        List<double[]> heard = new ArrayList<>();
        AtomicInteger failing = new AtomicInteger();
        r.addOutcomeListener((type, sym, ts, av, a, sv, s, ret) -> heard.add(new double[] {a, s, ret}));
        r.addOutcomeListener((type, sym, ts, av, a, sv, s, ret) -> {
            failing.incrementAndGet();
            throw new IllegalStateException("boom");
        });
        long id = r.recordPrediction("s1", "a1", "BTC", Instant.ofEpochMilli(7), 0.1, 0.2);
        r.flush();
        r.recordOutcome(id, 0.3, 0.0);
        r.flush();
        assertThat(heard).hasSize(1);
        assertThat(heard.get(0)).containsExactly(0.1, 0.2, 0.3);
        assertThat(failing).hasValue(1);
        assertThat(memory.samples(T, "s1").get(0).realisedReturn()).isEqualTo(0.3);
    }

    /** Fails the first {@code failures} calls, then delegates. */
    static final class FlakyStore implements ShadowResultStore {
        final ShadowResultStore delegate;
        int failuresLeft;

        FlakyStore(ShadowResultStore delegate, int failures) {
            this.delegate = delegate;
            this.failuresLeft = failures;
        }

        private void maybeFail() {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("database unavailable");
            }
        }

        @Override
        public synchronized void insertBatch(List<ShadowSample> samples) {
            maybeFail();
            delegate.insertBatch(samples);
        }

        @Override
        public synchronized int recordOutcomes(List<ShadowOutcome> outcomes) {
            maybeFail();
            return delegate.recordOutcomes(outcomes);
        }

        @Override
        public List<ShadowSample> samples(ModelType type, String shadowVersion) {
            return delegate.samples(type, shadowVersion);
        }

        @Override
        public long count(ModelType type, String shadowVersion) {
            return delegate.count(type, shadowVersion);
        }

        @Override
        public int deleteOlderThan(Instant cutoff) {
            return delegate.deleteOlderThan(cutoff);
        }
    }
}
