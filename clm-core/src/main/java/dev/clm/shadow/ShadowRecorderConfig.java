package dev.clm.shadow;

/**
 * Sizing of the {@link LiveShadowRecorder}. Immutable; checked on construction.
 *
 * @param ringCapacity        slots of the lock-free ring the engine's threads write into (power of two,
 *                            default {@value #DEFAULT_RING_CAPACITY})
 * @param spillCapacity       records held in memory beyond the ring when it is full or the store is
 *                            failing (default {@value #DEFAULT_SPILL_CAPACITY}); past it callers wait
 *                            (back-pressure) rather than lose a sample
 * @param batchSize           samples per {@code insertBatch} call (default {@value #DEFAULT_BATCH_SIZE})
 * @param flushIntervalMillis idle wait of the background flusher (default {@value #DEFAULT_FLUSH_INTERVAL_MILLIS})
 * @param maxPendingOutcomes  samples remembered while waiting for their outcome, to resolve outcomes
 *                            given by symbol and timestamp and to feed the rollback watch
 *                            (default {@value #DEFAULT_MAX_PENDING_OUTCOMES}, rounded up to a power of two;
 *                            about 70 bytes each, pre-allocated); the oldest are forgotten first
 *                            (counted); outcomes by sample id still reach the store
 * @param firstSampleId       first sample id, or -1 for {@code clock millis * 4096} so ids stay unique
 *                            across restarts (up to 4,096 samples per millisecond of uptime on average)
 */
public record ShadowRecorderConfig(int ringCapacity, int spillCapacity, int batchSize, long flushIntervalMillis,
                                   int maxPendingOutcomes, long firstSampleId) {
    public static final int DEFAULT_RING_CAPACITY = 1 << 16;
    public static final int DEFAULT_SPILL_CAPACITY = 1_000_000;
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    public static final long DEFAULT_FLUSH_INTERVAL_MILLIS = 10;
    public static final int DEFAULT_MAX_PENDING_OUTCOMES = 1 << 18;

    public ShadowRecorderConfig {
        if (ringCapacity < 2 || Integer.bitCount(ringCapacity) != 1) {
            throw new IllegalArgumentException("ringCapacity must be a power of two >= 2, was " + ringCapacity);
        }
        if (spillCapacity < 0) throw new IllegalArgumentException("spillCapacity must be >= 0, was " + spillCapacity);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        if (flushIntervalMillis < 1) throw new IllegalArgumentException("flushIntervalMillis must be >= 1, was " + flushIntervalMillis);
        if (maxPendingOutcomes < 0) throw new IllegalArgumentException("maxPendingOutcomes must be >= 0, was " + maxPendingOutcomes);
        if (firstSampleId < -1) throw new IllegalArgumentException("firstSampleId must be >= 0, or -1 for clock-derived, was " + firstSampleId);
    }

    public static ShadowRecorderConfig defaults() {
        return new ShadowRecorderConfig(DEFAULT_RING_CAPACITY, DEFAULT_SPILL_CAPACITY, DEFAULT_BATCH_SIZE,
                DEFAULT_FLUSH_INTERVAL_MILLIS, DEFAULT_MAX_PENDING_OUTCOMES, -1);
    }

    public ShadowRecorderConfig withRingCapacity(int v) {
        return new ShadowRecorderConfig(v, spillCapacity, batchSize, flushIntervalMillis, maxPendingOutcomes, firstSampleId);
    }

    public ShadowRecorderConfig withSpillCapacity(int v) {
        return new ShadowRecorderConfig(ringCapacity, v, batchSize, flushIntervalMillis, maxPendingOutcomes, firstSampleId);
    }

    public ShadowRecorderConfig withBatchSize(int v) {
        return new ShadowRecorderConfig(ringCapacity, spillCapacity, v, flushIntervalMillis, maxPendingOutcomes, firstSampleId);
    }

    public ShadowRecorderConfig withFlushIntervalMillis(long v) {
        return new ShadowRecorderConfig(ringCapacity, spillCapacity, batchSize, v, maxPendingOutcomes, firstSampleId);
    }

    public ShadowRecorderConfig withMaxPendingOutcomes(int v) {
        return new ShadowRecorderConfig(ringCapacity, spillCapacity, batchSize, flushIntervalMillis, v, firstSampleId);
    }

    public ShadowRecorderConfig withFirstSampleId(long v) {
        return new ShadowRecorderConfig(ringCapacity, spillCapacity, batchSize, flushIntervalMillis, maxPendingOutcomes, v);
    }
}
