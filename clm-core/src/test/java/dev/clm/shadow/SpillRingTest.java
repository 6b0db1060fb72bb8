package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SpillRingTest {
    static boolean offer(SpillRing r, long id) {
        return r.offer((byte) 1, id, null, "s", "a", "SYM", id, 0, 0, 0, 0);
    }

    @Test
    void holdsExactlyItsLimitThenRefusesUntilTheConsumerMovesOn() {
        SpillRing r = new SpillRing(100);
        for (int i = 0; i < 100; i++) assertThat(offer(r, i)).isTrue();
        assertThat(offer(r, 100)).isFalse();
        assertThat(r.size()).isEqualTo(100);
        for (int lap = 0; lap < 50; lap++) { // many passes over every chunk: recycled chunks keep the order and the data
            for (int i = 0; i < 37; i++) {
                RecorderSlot s = r.peek();
                assertThat(s).isNotNull();
                assertThat(s.id).isEqualTo(lap * 37L + i);
                assertThat(s.symbol).isEqualTo("SYM");
                r.advance();
            }
            for (int i = 0; i < 37; i++) assertThat(offer(r, 100 + lap * 37L + i)).isTrue();
            assertThat(offer(r, -1)).isFalse();
        }
    }

    @Test
    void emptyRingHasNothingToPeek() {
        SpillRing r = new SpillRing(3);
        assertThat(r.peek()).isNull();
        assertThat(offer(r, 7)).isTrue();
        assertThat(r.peek().id).isEqualTo(7);
        r.advance();
        assertThat(r.peek()).isNull();
        assertThat(r.size()).isZero();
    }

    /** Chunks of 4 (limit 5) and of 256 (limit 300): many passes, recycling and install races. */
    @org.junit.jupiter.params.ParameterizedTest(name = "limit {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {5, 300})
    void concurrentProducersAndOneConsumerLoseAndDuplicateNothing(int limit) throws Exception {
        SpillRing r = new SpillRing(limit);
        int producers = 4, perProducer = limit < 100 ? 20_000 : 100_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            long base = (long) p << 32;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perProducer; i++) {
                    while (!offer(r, base | i)) Thread.yield(); // 2 cores: let the consumer run
                }
            });
            t.start();
            threads.add(t);
        }
        long[] next = new long[producers];
        AtomicBoolean ok = new AtomicBoolean(true);
        go.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long received = 0;
        while (received < (long) producers * perProducer && System.nanoTime() < deadline) {
            RecorderSlot s = r.peek();
            if (s == null) {
                Thread.yield();
                continue;
            }
            int p = (int) (s.id >>> 32);
            long i = s.id & 0xFFFFFFFFL;
            if (i != next[p] || s.ts != s.id) ok.set(false);
            next[p] = i + 1;
            r.advance();
            received++;
        }
        for (Thread t : threads) t.join(10_000);
        assertThat(ok).isTrue(); // each producer's records arrive once, in order, with their fields
        assertThat(received).isEqualTo((long) producers * perProducer);
        assertThat(r.peek()).isNull();
    }
}
