package dev.clm.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Allocation-free predict + learnOne, and readers that never see a half-published model. */
class OnlineLearnerHotPathTest {
    private static final double[] BETA = {0.8, -0.5, 0.3, 0.0, 0.6, -0.2, 0.1, 0.4};

    @Test
    void predictAndLearnOneAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
        mx.setThreadAllocatedMemoryEnabled(true);
        long tid = Thread.currentThread().getId();
        SyntheticStream s = new SyntheticStream(1_000, BETA, BETA, Integer.MAX_VALUE, 0.5, 0.0, 1);
        float[][] rows = new float[s.rows][];
        for (int i = 0; i < s.rows; i++) rows[i] = s.row(i);
        OnlineLearnerConfig d = OnlineLearnerConfig.defaults();
        for (OnlineLearnerConfig c : List.of(d, d.withDecay(0.95), d.withObjective(OnlineLearnerConfig.Objective.DIRECTION),
                d.withLearningRate(OnlineLearnerConfig.LearningRate.INVERSE_SCALING, 0.5, 0.7))) {
            OnlineLearner learner = new OnlineLearner(c, s.names());
            double sink = run(learner, rows, s.y, 200_000); // warm-up: JIT compiles the loop
            long baseline0 = mx.getThreadAllocatedBytes(tid);
            long baseline1 = mx.getThreadAllocatedBytes(tid);
            long before = mx.getThreadAllocatedBytes(tid);
            sink += run(learner, rows, s.y, 100_000);
            long allocated = mx.getThreadAllocatedBytes(tid) - before - (baseline1 - baseline0);
            System.out.printf("%s/%s: %d bytes allocated over 100,000 predict+learnOne (sink %.3g)%n", c.objective(), c.forgetting(),
                    allocated, sink);
            assertThat(allocated).as("bytes allocated by 100k predict+learnOne, %s", c).isLessThanOrEqualTo(256);
        }
    }

    private static double run(OnlineLearner learner, float[][] rows, float[] labels, int calls) {
        double sink = 0;
        for (int i = 0, r = 0; i < calls; i++, r = r + 1 == rows.length ? 0 : r + 1) {
            sink += learner.predict(rows[r]);
            learner.learnOne(rows[r], labels[r], 1.0);
        }
        return sink;
    }

    @Test
    void readersSeeOneOfTheTwoPublishedModelsNeverAMix() throws Exception {
        SyntheticStream s1 = new SyntheticStream(3_000, BETA, BETA, Integer.MAX_VALUE, 0.5, 0.2, 11);
        double[] other = {-0.3, 0.9, -0.7, 0.5, 0.1, -0.6, 0.4, -0.2};
        SyntheticStream s2 = new SyntheticStream(3_000, other, other, Integer.MAX_VALUE, 0.5, -0.3, 12);
        OnlineLearner a = new OnlineLearner(OnlineLearnerConfig.defaults(), s1.names());
        a.learnBatch(s1.dataset(0, s1.rows));
        OnlineLearner b = new OnlineLearner(OnlineLearnerConfig.defaults(), s1.names());
        b.learnBatch(s2.dataset(0, s2.rows));
        OnlineLearner live = OnlineLearner.fromSnapshot(a.snapshot());
        float[][] rows = new float[64][];
        double[] expectA = new double[rows.length];
        double[] expectB = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = s1.row(i);
            expectA[i] = a.predict(rows[i]);
            expectB[i] = b.predict(rows[i]);
            assertThat(expectA[i]).isNotEqualTo(expectB[i]);
            assertThat(live.predict(rows[i])).isEqualTo(expectA[i]);
        }
        AtomicBoolean done = new AtomicBoolean();
        int readers = 3;
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(readers);
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        try {
            List<Future<long[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < readers; t++) {
                results.add(pool.submit(() -> {
                    long seenA = 0, seenB = 0, mixed = 0;
                    for (int i = 0; !done.get(); i = (i + 1) & 63) {
                        double v = live.predict(rows[i]);
                        if (seenA + seenB + mixed == 0) reading.countDown();
                        if (v == expectA[i]) seenA++;
                        else if (v == expectB[i]) seenB++;
                        else mixed++;
                    }
                    return new long[] {seenA, seenB, mixed};
                }));
            }
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue(); // every reader runs before the writer switches
            int switches = 5_000;
            for (int k = 0; k < switches; k++) live.copyStateFrom(k % 2 == 0 ? b : a);
            done.set(true);
            long seenA = 0, seenB = 0, mixed = 0;
            for (Future<long[]> f : results) {
                long[] r = f.get(30, TimeUnit.SECONDS);
                seenA += r[0];
                seenB += r[1];
                mixed += r[2];
            }
            System.out.printf("%d model switches: readers saw model A %d times, model B %d times, anything else %d times%n", switches,
                    seenA, seenB, mixed);
            assertThat(mixed).isZero();
            assertThat(seenA).isPositive();
            assertThat(seenB).isPositive();
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    @Test
    void readersNeverSeeANonFiniteForecastWhileTheWriterLearns() throws Exception {
        SyntheticStream s = new SyntheticStream(20_000, BETA, BETA, Integer.MAX_VALUE, 0.5, 0.0, 13);
        OnlineLearner live = new OnlineLearner(OnlineLearnerConfig.defaults(), s.names());
        AtomicBoolean done = new AtomicBoolean();
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<long[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                results.add(pool.submit(() -> {
                    long reads = 0, bad = 0;
                    float[] row = s.row(0);
                    while (!done.get()) {
                        double v = live.predict(row);
                        if (reads++ == 0) reading.countDown();
                        if (!Double.isFinite(v) || Math.abs(v) > 1) bad++;
                    }
                    return new long[] {reads, bad};
                }));
            }
            assertThat(reading.await(30, TimeUnit.SECONDS)).isTrue(); // both readers run before the writer starts learning
            for (int i = 0; i < s.rows; i++) live.learnOne(s.row(i), s.y[i], 1.0);
            done.set(true);
            for (Future<long[]> f : results) {
                long[] r = f.get(30, TimeUnit.SECONDS);
                assertThat(r[1]).isZero();
                assertThat(r[0]).isPositive();
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }
}
