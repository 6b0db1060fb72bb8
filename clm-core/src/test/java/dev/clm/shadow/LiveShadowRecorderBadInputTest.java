package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ClmEvent;
import dev.clm.api.InvalidDataException;
import dev.clm.api.InvalidNameException;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowOutcome;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.store.InMemoryShadowResultStore;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad samples refused on the caller's thread; records the store refuses become dead letters. */
class LiveShadowRecorderBadInputTest {
    static final ModelType T = ModelType.XGBOOST;
    static final long NOW = Instant.parse("2026-03-01T00:00:00Z").toEpochMilli();
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
    @DisplayName("symbols the database cannot take, absurd timestamps and non-finite numbers are refused, typed, before recording")
    void badSamplesAreRefusedTyped() {
        LiveShadowRecorder r = recorder(memory, ShadowRecorderConfig.defaults());
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "X".repeat(65), NOW, 0.0, 0.0))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("symbol").hasMessageContaining("65 characters")
                .satisfies(e -> assertThat(((InvalidNameException) e).field()).isEqualTo("symbol"));
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "BTC\u0000", NOW, 0.0, 0.0))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("NUL").hasMessageContaining("BTC\\u0000");
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "BTC\uD800", NOW, 0.0, 0.0))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("surrogate");
        long year29000BC = Instant.parse("-29000-01-01T00:00:00Z").toEpochMilli();
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "BTC", year29000BC, 0.0, 0.0))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("timestampMillis").hasMessageContaining("BTC")
                .satisfies(e -> assertThat(((InvalidDataException) e).field()).isEqualTo("timestampMillis"));
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "BTC", NOW * 1_000_000L, 0.0, 0.0))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("nanosecond");
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "BTC", NOW * 1_000L, 0.0, 0.0))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("microsecond");
        assertThatThrownBy(() -> r.recordPrediction("s1", "a1", "BTC", NOW, 0.0, Double.POSITIVE_INFINITY))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("shadowPrediction");
        assertThatThrownBy(() -> r.recordPrediction("s1", "v\u0000", "BTC", NOW, 0.0, 0.0))
                .isInstanceOf(InvalidNameException.class).hasMessageContaining("activeVersion").hasMessageContaining("v\\u0000");
        assertThatThrownBy(() -> r.recordOutcome("BTC", NOW * 1_000L, 0.01, 0.0)).isInstanceOf(InvalidDataException.class);
        assertThat(r.stats().refused()).isEqualTo(9);
        assertThat(r.stats().recorded()).isZero();

        r.recordPrediction("s1", "a1", "X".repeat(64), NOW, 0.0, 0.0);
        r.recordPrediction("s1", "a1", "BTC/USDT \uD83D\uDE80", 0L, 0.0, 0.0);
        r.flush();
        assertThat(memory.count(T, "s1")).isEqualTo(2);
    }

    @Test
    @DisplayName("a valid sample allocates nothing on the caller's thread (validation included)")
    void validSamplesAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
        mx.setThreadAllocatedMemoryEnabled(true);
        long tid = Thread.currentThread().getId();
        LiveShadowRecorder r = recorder(memory, ShadowRecorderConfig.defaults().withRingCapacity(1 << 18).withSpillCapacity(0));
        String[] symbols = {"BTCUSDT", "ETH/USDT", "X".repeat(64)};
        long sink = record(r, symbols, 20_000); // warm-up: JIT compiles the path
        r.flush();
        long baseline0 = mx.getThreadAllocatedBytes(tid);
        long baseline1 = mx.getThreadAllocatedBytes(tid);
        long before = mx.getThreadAllocatedBytes(tid);
        sink += record(r, symbols, 100_000);
        long allocated = mx.getThreadAllocatedBytes(tid) - before - (baseline1 - baseline0);
        System.out.printf("%d bytes allocated over 100,000 validated recordPrediction calls (sink %d)%n", allocated, sink);
        // One object per call would be >= 1.6 MB; a few KB once (JIT, a class loaded late) is not per call.
        assertThat(allocated).as("bytes allocated by 100k valid recordPrediction calls").isLessThan(16_384);
    }

    private static long record(LiveShadowRecorder r, String[] symbols, int calls) {
        long sink = 0;
        for (int i = 0; i < calls; i++) sink += r.recordPrediction("s1", "a1", symbols[i % symbols.length], NOW + i, 0.001, -0.001);
        return sink;
    }

    @Test
    @DisplayName("a sample the store refuses is isolated and dead-lettered: counted, evented, never retried; later samples are stored")
    void storeRefusalsBecomeDeadLetters() {
        RefusingStore store = new RefusingStore(memory, "POISON");
        LiveShadowRecorder r = recorder(store, ShadowRecorderConfig.defaults().withBatchSize(64));
        int good = 0;
        for (int i = 0; i < 1_000; i++) {
            boolean poison = i % 97 == 13;
            r.recordPrediction("s1", "a1", poison ? "POISON" : "BTC", NOW + i, 0.001, 0.002);
            if (!poison) good++;
        }
        r.flush();
        assertThat(memory.count(T, "s1")).isEqualTo(good);
        ShadowRecorderStats st = r.stats();
        assertThat(st.deadLettered()).isEqualTo(1_000 - good);
        assertThat(st.stored()).isEqualTo(good);
        assertThat(st.inMemory()).isZero();
        assertThat(st.storeFailures()).as("a refusal is not an outage").isZero();
        assertThat(r.recentDeadLetters()).hasSize(1_000 - good).allSatisfy(s -> assertThat(s.symbol()).isEqualTo("POISON"));
        assertThat(events).extracting(ClmEvent::topic).contains(dev.clm.api.EventTopics.SHADOW_RECORDER_DEAD_LETTER);
        int callsAfter = store.calls.get();
        r.flush();
        assertThat(store.calls.get()).as("dead letters are not retried").isEqualTo(callsAfter);
        r.recordPrediction("s1", "a1", "ETH", NOW + 5_000, 0.0, 0.0);
        r.flush();
        assertThat(memory.count(T, "s1")).isEqualTo(good + 1);
    }

    @Test
    @DisplayName("an Error thrown by the store is an outage like any other: retried, the flusher survives")
    void anErrorFromTheStoreIsRetried() {
        AtomicInteger errorsLeft = new AtomicInteger(1);
        ShadowResultStore erring = new RefusingStore(memory, "none") {
            @Override
            public synchronized void insertBatch(List<ShadowSample> samples) {
                if (errorsLeft.getAndDecrement() > 0) throw new AssertionError("driver bug");
                super.insertBatch(samples);
            }
        };
        LiveShadowRecorder r = recorder(erring, ShadowRecorderConfig.defaults());
        r.recordPrediction("s1", "a1", "BTC", NOW, 0.0, 0.0);
        r.flush();
        assertThat(r.stats().storeFailures()).isEqualTo(1);
        r.flush();
        assertThat(memory.count(T, "s1")).isEqualTo(1);
    }

    /** Refuses (as data) any batch holding a sample of one symbol, like a database refusing a value. */
    static class RefusingStore implements ShadowResultStore {
        final ShadowResultStore delegate;
        final String refusedSymbol;
        final AtomicInteger calls = new AtomicInteger();

        RefusingStore(ShadowResultStore delegate, String refusedSymbol) {
            this.delegate = delegate;
            this.refusedSymbol = refusedSymbol;
        }

        @Override
        public synchronized void insertBatch(List<ShadowSample> samples) {
            calls.incrementAndGet();
            for (int i = 0; i < samples.size(); i++) {
                if (samples.get(i).symbol().equals(refusedSymbol)) {
                    throw new InvalidDataException(refusedSymbol, i, "symbol", "refused by the test store");
                }
            }
            delegate.insertBatch(samples);
        }

        @Override
        public int recordOutcomes(List<ShadowOutcome> outcomes) {
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
