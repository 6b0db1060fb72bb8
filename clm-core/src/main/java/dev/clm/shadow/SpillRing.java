package dev.clm.shadow;

import dev.clm.api.ModelType;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The overflow buffer of the {@link LiveShadowRecorder}: a bounded multi-producer,
 * single-consumer ring whose slots live in chunks that are created when the overflow first
 * reaches them and recycled afterwards, so it costs no memory until the main ring overflows and
 * allocates nothing while an overflow lasts (a producer claims an index with one CAS and writes
 * a reused slot, as in the main ring). Only the first pass over a chunk allocates its slots.
 *
 * <p>Chunk life cycle: the consumer, on finishing a chunk, removes it from the ring before it
 * publishes its new head, and keeps up to {@value #POOL_CHUNKS} finished chunks in a pool for
 * producers to reuse (the rest go to the garbage collector: memory returns after an overflow).
 * Producers may claim at most {@code capacity - chunkSize} records ahead of the consumer, so
 * no producer can reach a chunk's next pass before the consumer has removed it.
 *
 * <p>Thread-safe for any number of producers ({@link #offer}) and one consumer ({@link #peek},
 * {@link #advance}) at a time.
 */
final class SpillRing {
    static final int MAX_CHUNK = 1 << 12;
    static final int POOL_CHUNKS = 8;

    private final int limit;
    private final int chunkShift;
    private final int chunkMask;
    private final int chunkIndexMask;
    private final AtomicReferenceArray<AtomicReferenceArray<RecorderSlot>> chunks;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    private final ConcurrentLinkedQueue<AtomicReferenceArray<RecorderSlot>> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    /** @param limit records it holds at most (>= 1) */
    SpillRing(int limit) {
        if (limit < 1) throw new IllegalArgumentException("spill limit must be >= 1, was " + limit);
        int chunk = Math.min(MAX_CHUNK, Integer.highestOneBit(limit));
        long chunksNeeded = (limit + (long) chunk - 1) / chunk + 1;
        int n = Integer.highestOneBit((int) Math.min(1 << 30, chunksNeeded));
        if (n < chunksNeeded) n <<= 1;
        this.limit = limit;
        this.chunkShift = Integer.numberOfTrailingZeros(chunk);
        this.chunkMask = chunk - 1;
        this.chunkIndexMask = n - 1;
        this.chunks = new AtomicReferenceArray<>(n);
    }

    /** Records held now (approximate while producers are writing). */
    int size() {
        return (int) Math.max(0, tail.get() - head.get());
    }

    /** Adds a record; false when the ring holds {@code limit} records (the caller then waits). */
    boolean offer(byte kind, long id, ModelType type, String shadow, String active, String symbol, long ts, double a, double s,
                  double r, double pnl) {
        long t;
        do {
            t = tail.get();
            if (t - head.get() >= limit) return false;
        } while (!tail.compareAndSet(t, t + 1));
        int c = (int) (t >>> chunkShift) & chunkIndexMask;
        AtomicReferenceArray<RecorderSlot> chunk = chunks.get(c);
        if (chunk == null) chunk = install(c);
        int i = (int) t & chunkMask;
        RecorderSlot slot = chunk.get(i);
        if (slot == null) {
            slot = new RecorderSlot(); // first pass over this chunk only
            chunk.lazySet(i, slot); // release store: the consumer's volatile read sees a fully built slot
        }
        slot.set(kind, id, type, shadow, active, symbol, ts, a, s, r, pnl);
        slot.seq = t; // volatile store publishes the fields written above
        return true;
    }

    private AtomicReferenceArray<RecorderSlot> install(int c) {
        AtomicReferenceArray<RecorderSlot> fresh = pool.poll();
        if (fresh != null) pooled.decrementAndGet();
        else fresh = new AtomicReferenceArray<>(chunkMask + 1);
        if (chunks.compareAndSet(c, null, fresh)) return fresh;
        // Another producer of the same pass installed one first; it stays until the consumer finishes it.
        release(fresh);
        return chunks.get(c);
    }

    /** The next record in order if it has been published, else null. Consumer only. */
    RecorderSlot peek() {
        long h = head.get();
        AtomicReferenceArray<RecorderSlot> chunk = chunks.get((int) (h >>> chunkShift) & chunkIndexMask);
        if (chunk == null) return null;
        RecorderSlot slot = chunk.get((int) h & chunkMask);
        return slot != null && slot.seq == h ? slot : null;
    }

    /** Moves past the record {@link #peek} returned; recycles its chunk when it was the chunk's last. Consumer only. */
    void advance() {
        long h = head.get();
        AtomicReferenceArray<RecorderSlot> chunk = chunks.get((int) (h >>> chunkShift) & chunkIndexMask);
        RecorderSlot slot = chunk.get((int) h & chunkMask);
        slot.clearRefs();
        if (((h + 1) & chunkMask) == 0) {
            int c = (int) (h >>> chunkShift) & chunkIndexMask;
            chunks.set(c, null); // before the head moves on: no producer can reach this chunk's next pass yet
            release(chunk);
        }
        head.lazySet(h + 1);
    }

    private void release(AtomicReferenceArray<RecorderSlot> chunk) {
        if (pooled.get() < POOL_CHUNKS) {
            pooled.incrementAndGet();
            pool.offer(chunk);
        }
    }
}
