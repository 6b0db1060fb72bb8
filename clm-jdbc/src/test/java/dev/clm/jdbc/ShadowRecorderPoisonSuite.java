package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ClmEvent;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.shadow.LiveShadowRecorder;
import dev.clm.shadow.ShadowRecorderConfig;
import dev.clm.shadow.ShadowRecorderStats;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Poison samples mixed into 100,000 good ones, through the live recorder into the real store:
 * what the recorder can tell is bad is refused on the caller's thread; what only the database
 * refuses is isolated and dead-lettered; every good sample is stored and producers never stall.
 */
abstract class ShadowRecorderPoisonSuite {
    static final ModelType TYPE = ModelType.XGBOOST;
    static final long FIRST_ID = 1_000_000;
    static final long T0 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
    static final int THREADS = 2, GOOD_PER_THREAD = 50_000;
    /** Samples per second per producer thread: a busy live engine, below what either database stores per second. */
    static final int RATE_PER_THREAD = 6_000;
    /** The narrowed symbol column (see {@link #openDatabase()}). */
    static final int SYMBOL_WIDTH = 16;

    MutableClock clock;
    TestDb testDb;
    ClmDatabase db;
    LiveShadowRecorder recorder;
    final List<ClmEvent> events = new CopyOnWriteArrayList<>();

    abstract TestDb newDatabase();

    @BeforeEach
    void openDatabase() throws Exception {
        clock = MutableClock.at("2026-06-01T12:00:00Z");
        testDb = newDatabase();
        db = testDb.open(clock);
        // A column narrower than the recorder's 64-character rule stands for any value the recorder
        // accepts and the database refuses (a site's own constraint, a trigger, a narrower schema).
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE shadow_test_results ALTER COLUMN symbol SET DATA TYPE VARCHAR(" + SYMBOL_WIDTH + ")");
        }
    }

    @AfterEach
    void closeDatabase() throws Exception {
        if (recorder != null) recorder.close(); // also releases producers still waiting for space
        testDb.close();
    }

    @Test
    @DisplayName("the store refuses one row of a batch as data: the rest of the batch is stored and the row is named")
    void aRefusedRowIsNamed() {
        List<ShadowSample> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(new ShadowSample(i + 1, TYPE, "s1", null, i == 3 ? "X".repeat(SYMBOL_WIDTH + 1) : "BTC", T0 + i, 0, 0,
                    Double.NaN, Double.NaN));
        }
        assertThatThrownBy(() -> db.shadowResults().insertBatch(batch)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("refused").satisfies(e -> {
                    InvalidDataException x = (InvalidDataException) e;
                    if (testDb.isPostgres()) { // COPY reports line and column; H2's batch does not
                        assertThat(x.row()).isEqualTo(3);
                        assertThat(x.field()).isEqualTo("symbol");
                    }
                });
        assertThatThrownBy(() -> db.shadowResults().insertBatch(List.of(new ShadowSample(9, TYPE, "s1", null, "BTC",
                T0 * 1_000_000L, 0, 0, Double.NaN, Double.NaN)))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("nanosecond");
        assertThat(db.shadowResults().count(TYPE, "s1")).isZero();
    }

    @Test
    @DisplayName("poison mixed into 100,000 good samples: stored == recorded good, poison refused or dead-lettered, no producer stalls")
    void poisonNeverStopsStorage() throws Exception {
        // Rows already holding some of the ids the recorder will issue: a duplicate id is refused by the database.
        List<ShadowSample> squatters = new ArrayList<>();
        for (long id = FIRST_ID + 5_000; id < FIRST_ID + 100_000; id += 20_011) {
            squatters.add(new ShadowSample(id, TYPE, "pre", null, "BTC", T0, 0, 0, Double.NaN, Double.NaN));
        }
        db.shadowResults().insertBatch(squatters);

        InProcessEventBus bus = new InProcessEventBus(clock);
        bus.subscribe("learning.shadow.*", events::add);
        java.util.concurrent.atomic.AtomicInteger storeCalls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger refusedCalls = new java.util.concurrent.atomic.AtomicInteger();
        ShadowResultStore counting = new CountingStore(db.shadowResults(), storeCalls, refusedCalls);
        // Ring and spill hold about a third of a second of input: a store that stopped taking samples
        // (as one poison sample made it do before) blocks the producers within the first second.
        recorder = new LiveShadowRecorder(counting, bus, clock, ShadowRecorderConfig.defaults().withRingCapacity(1024)
                .withSpillCapacity(3072).withBatchSize(500).withFlushIntervalMillis(1).withFirstSampleId(FIRST_ID), v -> TYPE).start();
        String[] callerPoison = {"X".repeat(65), "BTC\u0000", "\uDC00", " "};
        long[] timePoison = {Instant.parse("-29000-01-01T00:00:00Z").toEpochMilli(), T0 * 1_000_000L, T0 * 1_000L, -1};
        String longSymbol = "Y".repeat(SYMBOL_WIDTH + 4); // within the recorder's rule, too wide for the column

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                go.await();
                long refused = 0, storePoison = 0, maxNanos = 0;
                long begin = System.nanoTime();
                for (int i = 0; i < GOOD_PER_THREAD; i++) {
                    if (i % 100 == 0) { // pace: no faster than RATE_PER_THREAD on average
                        long due = begin + i * 1_000_000_000L / RATE_PER_THREAD;
                        for (long wait; (wait = due - System.nanoTime()) > 0; ) java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    long ts = T0 + (long) i * THREADS + thread;
                    if (i % 2_500 == 1_000) { // refused on this thread, typed; never recorded
                        int k = (i / 2_500) % 4;
                        try {
                            if (k % 2 == 0) recorder.recordPrediction("s1", "a1", callerPoison[(i / 5_000) % 4], ts, 0.1, 0.2);
                            else recorder.recordPrediction("s1", "a1", "BTC", timePoison[(i / 5_000) % 4], 0.1, 0.2);
                        } catch (IllegalArgumentException | InvalidDataException expected) {
                            refused++;
                        }
                    }
                    if (i % 5_000 == 2_000) { // accepted here, refused by the database: a dead letter
                        long start = System.nanoTime();
                        recorder.recordPrediction("s1", "a1", longSymbol, ts, 0.1, 0.2);
                        maxNanos = Math.max(maxNanos, System.nanoTime() - start);
                        storePoison++;
                    }
                    long start = System.nanoTime();
                    recorder.recordPrediction("s1", "a1", thread == 0 ? "BTCUSDT" : "ETH/USDT", ts, 0.001 * (i % 7), -0.001);
                    maxNanos = Math.max(maxNanos, System.nanoTime() - start);
                }
                return new long[] {refused, storePoison, maxNanos};
            }));
        }
        go.countDown();
        long refused = 0, storePoison = 0, maxNanos = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get(120, TimeUnit.SECONDS); // a wedged store would block the producers: this times out
            refused += r[0];
            storePoison += r[1];
            maxNanos = Math.max(maxNanos, r[2]);
        }
        pool.shutdown();
        recorder.close();

        ShadowRecorderStats st = recorder.stats();
        long good = (long) THREADS * GOOD_PER_THREAD;
        long storedGood = db.shadowResults().count(TYPE, "s1");
        System.out.printf("%s: %,d good stored of %,d, %d refused on the caller's thread, %d dead letters (%d wide symbols + "
                        + "%d duplicate ids), longest recordPrediction call %.1f ms, longest back-pressure wait %.1f ms "
                        + "(%d waits), %d store failures, %d store calls (%d refused)%n", getClass().getSimpleName(), storedGood, good, st.refused(),
                st.deadLettered(), storePoison, squatters.size(), maxNanos / 1e6, st.maxWaitMicros() / 1e3, st.backPressureWaits(),
                st.storeFailures(), storeCalls.get(), refusedCalls.get());
        assertThat(refused).isEqualTo(THREADS * 20L);
        assertThat(st.refused()).isEqualTo(refused);
        assertThat(st.recorded()).isEqualTo(good + storePoison);
        // Every dead letter is a wide symbol or a sample whose id was taken (rarely both).
        java.util.Set<Long> taken = new java.util.HashSet<>();
        for (ShadowSample s : squatters) taken.add(s.sampleId());
        List<ShadowSample> dead = recorder.recentDeadLetters();
        assertThat(dead).hasSize((int) st.deadLettered())
                .allSatisfy(s -> assertThat(s.symbol().equals(longSymbol) || taken.contains(s.sampleId())).isTrue());
        long both = dead.stream().filter(s -> s.symbol().equals(longSymbol) && taken.contains(s.sampleId())).count();
        assertThat(st.deadLettered()).as("wide symbols + samples whose id was taken").isEqualTo(storePoison + squatters.size() - both);
        assertThat(storedGood).as("stored == recorded good").isEqualTo(st.recorded() - st.deadLettered());
        assertThat(st.stored()).isEqualTo(storedGood);
        assertThat(st.inMemory()).isZero();
        assertThat(st.unsavedAtClose()).isZero();
        assertThat(events).extracting(ClmEvent::topic).contains(dev.clm.api.EventTopics.SHADOW_RECORDER_DEAD_LETTER);
        assertThat(st.storeFailures()).as("a refused row is not an outage: nothing is retried").isZero();
        // Load-independent: a row the database names costs two refused store calls (the batch, then the
        // row alone after the rows before it were stored); an unnamed one (H2's duplicate key) a binary
        // search over the 500-row batch. Nothing is retried after that.
        long wide = dead.stream().filter(s -> s.symbol().equals(longSymbol)).count();
        assertThat((long) refusedCalls.get()).as("refused store calls").isPositive()
                .isLessThanOrEqualTo(2 * wide + 10 * (st.deadLettered() - wide));
        // Wall clock, so generous (the test machine may be loaded); a wedged store makes this wait for ever.
        assertThat(st.maxWaitMicros()).as("longest producer wait for buffer space, microseconds").isLessThan(2_000_000);
    }

    /** Counts the store calls the recorder makes, and those refused as data. */
    record CountingStore(ShadowResultStore delegate, java.util.concurrent.atomic.AtomicInteger calls,
                         java.util.concurrent.atomic.AtomicInteger refused) implements ShadowResultStore {
        @Override
        public void insertBatch(List<ShadowSample> samples) {
            calls.incrementAndGet();
            try {
                delegate.insertBatch(samples);
            } catch (IllegalArgumentException | InvalidDataException e) {
                refused.incrementAndGet();
                throw e;
            }
        }

        @Override
        public int recordOutcomes(List<dev.clm.api.ShadowOutcome> outcomes) {
            calls.incrementAndGet();
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
