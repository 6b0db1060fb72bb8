package dev.clm.shadow;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.InvalidDataException;
import dev.clm.api.InvalidNameException;
import dev.clm.api.ModelType;
import dev.clm.api.Names;
import dev.clm.api.ShadowOutcome;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import dev.clm.api.UnknownModelException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records live active/shadow prediction pairs and their outcomes from the engine's hot path and
 * persists them in batches through a {@link ShadowResultStore}.
 *
 * <p><b>Hot path.</b> {@link #recordPrediction} and {@link #recordOutcome} take no lock and
 * allocate nothing in the steady state: they claim a slot of a pre-allocated ring by CAS, write
 * primitive fields and references the caller already holds, and publish the slot with one
 * volatile store. A single flusher (the background thread of {@link #start()}, or whoever calls
 * {@link #flush()}) drains the ring, builds the {@link ShadowSample}s and writes them.
 *
 * <p><b>Nothing is dropped silently.</b> When the ring is full a record goes to a bounded spill buffer
 * ({@link SpillRing}: chunks of reused slots created when an overflow first reaches them and
 * recycled, so an ongoing overflow allocates nothing either; counted as {@code spilled}); when
 * that is full too the caller waits until the flusher makes room (back-pressure; counted, with
 * the longest wait). A store that is down keeps its batch and retries it with back-off (counted;
 * the flusher then stops draining, so the ring and spill fill and back-pressure follows). Each
 * condition publishes an event ({@link ClmEvent.ComponentNotice}) from the flusher thread, at most once a
 * second per kind.
 *
 * <p><b>Bad input.</b> Every sample is validated on the caller's thread, without allocating
 * when it is valid: versions by {@link Names#isName}, the symbol by {@link Names#isSymbol}
 * (at most 64 characters, no NUL: what the database columns accept), the timestamp within
 * [{@link ShadowSample#MIN_TIMESTAMP_MILLIS}, {@link ShadowSample#MAX_TIMESTAMP_MILLIS}) (so an epoch-microsecond or
 * -nanosecond value, or a year -29000, is refused rather than stored as some distant year) and
 * finite predictions. A bad sample throws {@link InvalidNameException} or
 * {@link InvalidDataException} naming the field and is never recorded (counted as
 * {@code refused}).
 *
 * <p><b>Dead letters.</b> A store refuses data by throwing {@link InvalidDataException} or
 * {@link IllegalArgumentException} (see {@link ShadowResultStore}); the recorder then isolates the
 * refused record (at the row the store names, else by halving the batch until it is alone), stores
 * the rest, and drops that record: counted as
 * {@code deadLettered}, logged, published as {@code learning.shadow.recorder.dead_letter} and kept
 * among the last {@value #DEAD_LETTERS_KEPT} in {@link #recentDeadLetters()}. It is never
 * retried, and the samples after it are stored as usual.
 *
 * <p>Thread-safe: any number of producer threads; one flusher at a time (guarded by a lock).
 * Units: timestamps are epoch milliseconds; predictions and returns are log returns.
 */
public final class LiveShadowRecorder implements AutoCloseable {
    private final java.time.Clock clock;
    private static final Logger LOG = LoggerFactory.getLogger(LiveShadowRecorder.class);
    /** Dead-lettered records kept for inspection (the oldest is forgotten first). */
    public static final int DEAD_LETTERS_KEPT = 100;
    private static final byte PREDICTION = 1, OUTCOME_BY_ID = 2, OUTCOME_BY_KEY = 3;
    private static final long EVENT_INTERVAL_NANOS = 1_000_000_000L;

    private final ShadowResultStore store;
    private final EventPublisher events;
    private final ShadowRecorderConfig config;
    private final Function<String, ModelType> typeResolver;

    // --- producer side -------------------------------------------------------------------
    private final RecorderSlot[] ring;
    private final int mask;
    private final AtomicLong tail = new AtomicLong();
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong nextId;
    private final long firstId;
    private final LongAdder outcomesRecorded = new LongAdder();
    private final SpillRing spill;
    private final LongAdder spilled = new LongAdder();
    private final AtomicLong backPressureWaits = new AtomicLong();
    private final AtomicLong maxWaitNanos = new AtomicLong();
    private final LongAdder refused = new LongAdder();
    private final ConcurrentHashMap<String, ModelType> shadowTypes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> validActiveVersions = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Thread flusherThread;

    // --- flusher side (guarded by flushLock) ---------------------------------------------
    private final ReentrantLock flushLock = new ReentrantLock();
    private final ArrayList<ShadowSample> unsavedSamples = new ArrayList<>();
    private final ArrayList<ShadowOutcome> unsavedOutcomes = new ArrayList<>();
    private final PendingOutcomeIndex pending;
    private final List<ShadowOutcomeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong outcomesStored = new AtomicLong();
    private final AtomicLong outcomesUnmatched = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final ArrayDeque<ShadowSample> deadLetters = new ArrayDeque<>();
    /** Records per store call: the batch size, halved while isolating a record the store refuses. */
    private int sampleProbe, outcomeProbe;
    private volatile long pendingEvicted;
    private final AtomicLong unsavedAtClose = new AtomicLong();
    private final AtomicInteger unsavedCount = new AtomicInteger();
    private long lastOverflowEventNanos = Long.MIN_VALUE / 2, lastFailureEventNanos = Long.MIN_VALUE / 2,
            lastUnmatchedEventNanos = Long.MIN_VALUE / 2, lastDeadLetterEventNanos = Long.MIN_VALUE / 2;
    private long reportedSpilled, reportedWaits, reportedUnmatched, reportedDeadLettered;
    private long retryBackoffNanos, nextRetryNanos;

    /**
     * @param typeResolver finds the model type of a shadow version not registered with
     *                     {@link #registerShadow}; returns null when unknown (for example a lookup
     *                     of SHADOW versions in the registry). Called once per new version.
     */
    public LiveShadowRecorder(ShadowResultStore store, EventPublisher events, Clock clock, ShadowRecorderConfig config,
                              Function<String, ModelType> typeResolver) {
        if (store == null) throw new IllegalArgumentException("store must not be null");
        if (events == null) throw new IllegalArgumentException("events must not be null");
        if (clock == null) throw new IllegalArgumentException("clock must not be null");
        this.clock = clock;
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.store = store;
        this.events = events;
        this.config = config;
        this.typeResolver = typeResolver == null ? v -> null : typeResolver;
        this.ring = new RecorderSlot[config.ringCapacity()];
        for (int i = 0; i < ring.length; i++) ring[i] = new RecorderSlot();
        this.spill = config.spillCapacity() > 0 ? new SpillRing(config.spillCapacity()) : null;
        this.mask = ring.length - 1;
        this.firstId = config.firstSampleId() >= 0 ? config.firstSampleId() : clock.millis() * 4096L;
        this.nextId = new AtomicLong(firstId);
        this.pending = config.maxPendingOutcomes() > 0 ? new PendingOutcomeIndex(config.maxPendingOutcomes()) : null;
        this.sampleProbe = config.batchSize();
        this.outcomeProbe = config.batchSize();
    }

    /** Starts the background flusher (a daemon thread). Idempotent. */
    public synchronized LiveShadowRecorder start() {
        if (closed) throw new IllegalStateException("shadow recorder is closed");
        if (flusherThread != null) return this;
        Thread t = new Thread(this::runFlusher, "clm-shadow-flusher");
        t.setDaemon(true);
        flusherThread = t;
        t.start();
        return this;
    }

    /** Tells the recorder which model type a shadow version belongs to (validates the name once). */
    public void registerShadow(ModelType type, String shadowVersion) {
        if (type == null) throw new IllegalArgumentException("type must not be null");
        Names.requireName(shadowVersion, "shadowVersion");
        ModelType previous = shadowTypes.putIfAbsent(shadowVersion, type);
        if (previous != null && !previous.equals(type)) {
            throw new IllegalArgumentException("shadow version '" + shadowVersion + "' is already registered for type " + previous
                    + ", not " + type + "; use the overload of recordPrediction that takes the type");
        }
    }

    /** Adds a listener told about every sample whose outcome arrives (used by the rollback watch). */
    public void addOutcomeListener(ShadowOutcomeListener listener) {
        if (listener == null) throw new IllegalArgumentException("listener must not be null");
        listeners.add(listener);
    }

    /**
     * Records one signal's active and shadow predictions; returns the sample id to give
     * {@link #recordOutcome(long, double, double)} later. The shadow version's type comes from
     * {@link #registerShadow} or the type resolver.
     *
     * @param activeVersion null when the type has no active model
     * @param timestampMillis the signal's time, epoch milliseconds, in
     *                        [{@link ShadowSample#MIN_TIMESTAMP_MILLIS}, {@link ShadowSample#MAX_TIMESTAMP_MILLIS})
     * @throws UnknownModelException if the shadow version's type cannot be found
     * @throws InvalidNameException if a version or the symbol breaks its rule ({@link Names})
     * @throws InvalidDataException if the timestamp is out of range or a prediction is not finite
     */
    public long recordPrediction(String shadowVersion, String activeVersion, String symbol, long timestampMillis,
                                 double activePrediction, double shadowPrediction) {
        ModelType type = shadowVersion == null ? null : shadowTypes.get(shadowVersion);
        if (type == null) type = resolveType(shadowVersion);
        return record(type, shadowVersion, activeVersion, symbol, timestampMillis, activePrediction, shadowPrediction);
    }

    /** As {@link #recordPrediction(String, String, String, long, double, double)} with the type given. */
    public long recordPrediction(ModelType type, String shadowVersion, String activeVersion, String symbol, long timestampMillis,
                                 double activePrediction, double shadowPrediction) {
        if (type == null) throw new IllegalArgumentException("type must not be null");
        if (shadowVersion == null) throw new InvalidNameException("shadowVersion", null, Names.NAME_RULE);
        ModelType known = shadowTypes.get(shadowVersion);
        if (known == null) registerShadow(type, shadowVersion);
        return record(type, shadowVersion, activeVersion, symbol, timestampMillis, activePrediction, shadowPrediction);
    }

    /** Convenience overload taking an {@link Instant} (allocates nothing more than the caller's Instant). */
    public long recordPrediction(String shadowVersion, String activeVersion, String symbol, Instant timestamp,
                                 double activePrediction, double shadowPrediction) {
        if (timestamp == null) throw new IllegalArgumentException("timestamp must not be null");
        return recordPrediction(shadowVersion, activeVersion, symbol, timestamp.toEpochMilli(), activePrediction, shadowPrediction);
    }

    /**
     * Records the realised outcome of a sample.
     *
     * @param realisedReturn the realised forward log return (finite)
     * @param pnl            the engine's PnL of the trade (finite, or NaN if unknown)
     * @throws InvalidDataException if a number is not finite
     */
    public void recordOutcome(long sampleId, double realisedReturn, double pnl) {
        if (sampleId < firstId || sampleId >= nextId.get()) {
            refused.increment();
            throw new IllegalArgumentException("sampleId " + sampleId + " was not issued by this recorder (ids "
                    + firstId + ".." + (nextId.get() - 1) + ")");
        }
        checkOutcome(null, realisedReturn, pnl);
        enqueue(OUTCOME_BY_ID, sampleId, null, null, null, null, 0, 0, 0, realisedReturn, pnl);
        outcomesRecorded.increment();
    }

    /**
     * Records the realised outcome of every sample recorded for {@code symbol} at
     * {@code timestampMillis} (one per shadow version). Resolved on the flusher thread against
     * the samples still awaiting an outcome; an outcome that matches none is counted as unmatched.
     */
    public void recordOutcome(String symbol, long timestampMillis, double realisedReturn, double pnl) {
        checkSymbolAndTime(symbol, timestampMillis);
        checkOutcome(symbol, realisedReturn, pnl);
        enqueue(OUTCOME_BY_KEY, -1, null, null, null, symbol, timestampMillis, 0, 0, realisedReturn, pnl);
        outcomesRecorded.increment();
    }

    private long record(ModelType type, String shadowVersion, String activeVersion, String symbol, long ts, double a, double s) {
        if (activeVersion != null && validActiveVersions.get(activeVersion) == null) {
            requireName(activeVersion, "activeVersion");
            validActiveVersions.put(activeVersion, Boolean.TRUE);
        }
        checkSymbolAndTime(symbol, ts);
        if (!Double.isFinite(a)) throw refuse(symbol, "activePrediction", "was " + a + "; expected a finite number");
        if (!Double.isFinite(s)) throw refuse(symbol, "shadowPrediction", "was " + s + "; expected a finite number");
        long id = nextId.getAndIncrement();
        enqueue(PREDICTION, id, type, shadowVersion, activeVersion, symbol, ts, a, s, Double.NaN, Double.NaN);
        return id;
    }

    private void enqueue(byte kind, long id, ModelType type, String shadow, String active, String symbol, long ts, double a,
                         double s, double r, double pnl) {
        if (closed) throw new IllegalStateException("shadow recorder is closed; sample for '" + symbol + "' not recorded");
        long waitedSince = 0;
        while (true) {
            long t = tail.get();
            if (t - head.get() < ring.length) {
                if (!tail.compareAndSet(t, t + 1)) continue;
                RecorderSlot slot = ring[(int) t & mask];
                slot.set(kind, id, type, shadow, active, symbol, ts, a, s, r, pnl);
                slot.seq = t; // volatile store publishes the fields written above
                if (waitedSince != 0) endWait(waitedSince);
                return;
            }
            if (spill != null && spill.offer(kind, id, type, shadow, active, symbol, ts, a, s, r, pnl)) {
                spilled.increment();
                if (waitedSince != 0) endWait(waitedSince);
                return;
            }
            // Ring and spill are full: wait for the flusher rather than lose the record.
            if (waitedSince == 0) {
                waitedSince = System.nanoTime() | 1; // never 0
                backPressureWaits.incrementAndGet();
            }
            Thread f = flusherThread;
            if (f != null) LockSupport.unpark(f);
            if (closed) throw new IllegalStateException("shadow recorder closed while waiting for buffer space");
            LockSupport.parkNanos(50_000);
        }
    }

    private void endWait(long since) {
        long waited = System.nanoTime() - since;
        maxWaitNanos.accumulateAndGet(waited, Math::max);
    }

    private void checkSymbolAndTime(String symbol, long ts) {
        if (!Names.isSymbol(symbol)) {
            refused.increment();
            throw new InvalidNameException("symbol", symbol, Names.symbolProblem(symbol));
        }
        if (!ShadowSample.isSaneTimestamp(ts)) throw refuse(symbol, "timestampMillis", ShadowSample.timestampRule(ts));
    }

    private InvalidDataException refuse(String symbol, String field, String rule) {
        refused.increment();
        return new InvalidDataException(symbol, -1, field, rule);
    }

    // ---------------------------------------------------------------------------------------
    // Flusher
    // ---------------------------------------------------------------------------------------

    /**
     * Drains everything recorded so far into the store (on the calling thread). Returns the
     * number of records taken from the buffers. A store failure is counted, published and
     * retried on the next flush; it does not throw.
     */
    public int flush() {
        flushLock.lock();
        try {
            int moved = 0;
            long failuresBefore = storeFailures.get();
            while (true) {
                int n = flushOnce(true);
                moved += n;
                // One store attempt per flush() once it fails: the caller decides when to retry.
                if (n == 0 || storeFailures.get() != failuresBefore) break;
            }
            return moved;
        } finally {
            flushLock.unlock();
        }
    }

    private void runFlusher() {
        long idleNanos = config.flushIntervalMillis() * 1_000_000L;
        while (!closed) {
            int n;
            flushLock.lock();
            try {
                n = flushOnce(false);
            } catch (Throwable e) { // the flusher must outlive anything, or producers would block for good
                LOG.error("shadow recorder flusher failed; retrying", e);
                n = 0;
            } finally {
                flushLock.unlock();
            }
            if (n == 0) LockSupport.parkNanos(idleNanos);
        }
    }

    /** One round: retry what is unsaved, then drain at most one batch. Caller holds flushLock. */
    private int flushOnce(boolean ignoreBackoff) {
        long now = System.nanoTime();
        if (!unsavedSamples.isEmpty() || !unsavedOutcomes.isEmpty()) {
            if (!ignoreBackoff && now < nextRetryNanos) return 0;
            if (!writeUnsaved()) {
                publishCounters();
                return 0;
            }
        }
        List<ShadowOutcome> outcomes = new ArrayList<>();
        int moved = 0;
        RecorderSlot s;
        while (spill != null && moved < config.batchSize() && (s = spill.peek()) != null) {
            take(s, outcomes);
            spill.advance();
            moved++;
        }
        long h = head.get();
        while (moved < config.batchSize()) {
            RecorderSlot slot = ring[(int) h & mask];
            if (slot.seq != h) break;
            take(slot, outcomes);
            slot.clearRefs();
            h++;
            head.lazySet(h);
            moved++;
        }
        if (moved > 0) {
            mergeOutcomesIntoUnsaved(outcomes);
            unsavedOutcomes.addAll(outcomes);
            unsavedCount.set(unsavedSamples.size() + unsavedOutcomes.size());
            writeUnsaved();
        }
        publishCounters();
        return moved;
    }

    private void take(RecorderSlot s, List<ShadowOutcome> outcomes) {
        switch (s.kind) {
            case PREDICTION -> {
                ShadowSample sample = new ShadowSample(s.id, s.type, s.shadow, s.active, s.symbol, s.ts, s.a, s.s, Double.NaN, Double.NaN);
                unsavedSamples.add(sample);
                if (pending != null) {
                    pending.add(s.id, s.type, s.shadow, s.active, s.symbol, s.ts, s.a, s.s);
                    pendingEvicted = pending.evicted();
                }
            }
            case OUTCOME_BY_ID -> {
                outcomes.add(new ShadowOutcome(s.id, s.r, s.pnl));
                notifyListeners(s.id, s.r);
            }
            case OUTCOME_BY_KEY -> {
                long[] ids = pending == null ? new long[0] : pending.idsOf(s.symbol, s.ts);
                if (ids.length == 0) {
                    outcomesUnmatched.incrementAndGet();
                    return;
                }
                for (long id : ids) {
                    outcomes.add(new ShadowOutcome(id, s.r, s.pnl));
                    notifyListeners(id, s.r);
                }
            }
            default -> throw new IllegalStateException("unknown record kind " + s.kind);
        }
    }

    private void notifyListeners(long id, double realised) {
        if (pending == null) return;
        int slot = pending.slotOf(id);
        if (slot < 0) return;
        for (ShadowOutcomeListener l : listeners) {
            try {
                l.onOutcome(pending.type(slot), pending.symbol(slot), pending.timestamp(slot), pending.active(slot),
                        pending.activePrediction(slot), pending.shadow(slot), pending.shadowPrediction(slot), realised);
            } catch (RuntimeException e) {
                LOG.warn("shadow outcome listener failed; ignored", e);
            }
        }
        pending.remove(slot);
    }

    /** Outcomes of samples not yet stored go into the sample itself (no insert-then-update race). */
    private void mergeOutcomesIntoUnsaved(List<ShadowOutcome> outcomes) {
        if (outcomes.isEmpty() || unsavedSamples.isEmpty()) return;
        long minUnsaved = Long.MAX_VALUE;
        for (ShadowSample x : unsavedSamples) minUnsaved = Math.min(minUnsaved, x.sampleId());
        boolean any = false;
        for (ShadowOutcome o : outcomes) any |= o.sampleId() >= minUnsaved;
        if (!any) return; // the usual case: outcomes arrive long after their samples were stored
        HashMap<Long, Integer> at = new HashMap<>();
        for (int i = 0; i < unsavedSamples.size(); i++) at.put(unsavedSamples.get(i).sampleId(), i);
        Iterator<ShadowOutcome> it = outcomes.iterator();
        while (it.hasNext()) {
            ShadowOutcome o = it.next();
            Integer i = at.get(o.sampleId());
            if (i == null) continue;
            ShadowSample x = unsavedSamples.get(i);
            unsavedSamples.set(i, new ShadowSample(x.sampleId(), x.modelType(), x.shadowVersion(), x.activeVersion(), x.symbol(),
                    x.timestampMillis(), x.activePrediction(), x.shadowPrediction(), o.realisedReturn(), o.pnl()));
            outcomesStored.incrementAndGet();
            it.remove();
        }
    }

    /** Writes unsaved samples (in batches), then unsaved outcomes; false if the store failed. */
    private boolean writeUnsaved() {
        try {
            while (!unsavedSamples.isEmpty()) {
                int n = Math.min(sampleProbe, unsavedSamples.size());
                List<ShadowSample> batch = new ArrayList<>(unsavedSamples.subList(0, n));
                try {
                    store.insertBatch(batch);
                } catch (RuntimeException e) {
                    if (!isDataRefusal(e)) throw e;
                    int at = refusedRow(e, n);
                    if (at > 0) { // the store named the row: store the rows before it first
                        sampleProbe = at;
                        continue;
                    }
                    if (at < 0 && n > 1) { // isolate the refused record: halve the batch until it is alone
                        sampleProbe = (n + 1) / 2;
                        continue;
                    }
                    unsavedSamples.remove(0);
                    deadLetter(batch.get(0), e);
                    sampleProbe = config.batchSize();
                    unsavedCount.set(unsavedSamples.size() + unsavedOutcomes.size());
                    continue;
                }
                unsavedSamples.subList(0, n).clear();
                unsavedCount.set(unsavedSamples.size() + unsavedOutcomes.size());
                stored.addAndGet(n);
            }
            sampleProbe = config.batchSize();
            while (!unsavedOutcomes.isEmpty()) {
                int n = Math.min(outcomeProbe, unsavedOutcomes.size());
                List<ShadowOutcome> batch = new ArrayList<>(unsavedOutcomes.subList(0, n));
                int updated;
                try {
                    updated = store.recordOutcomes(batch);
                } catch (RuntimeException e) {
                    if (!isDataRefusal(e)) throw e;
                    if (n > 1) {
                        outcomeProbe = (n + 1) / 2;
                        continue;
                    }
                    unsavedOutcomes.remove(0);
                    deadLetterOutcome(batch.get(0), e);
                    outcomeProbe = config.batchSize();
                    unsavedCount.set(unsavedSamples.size() + unsavedOutcomes.size());
                    continue;
                }
                unsavedOutcomes.subList(0, n).clear();
                unsavedCount.set(unsavedSamples.size() + unsavedOutcomes.size());
                outcomesStored.addAndGet(updated);
                if (updated < n) outcomesUnmatched.addAndGet(n - updated);
            }
            outcomeProbe = config.batchSize();
            retryBackoffNanos = 0;
            return true;
        } catch (Throwable e) { // a store that is down (any failure but a refusal of the data): keep everything, retry later
            storeFailures.incrementAndGet();
            retryBackoffNanos = retryBackoffNanos == 0 ? 50_000_000L : Math.min(retryBackoffNanos * 2, 5_000_000_000L);
            nextRetryNanos = System.nanoTime() + retryBackoffNanos;
            LOG.warn("shadow result store failed ({} samples, {} outcomes kept for retry): {}", unsavedSamples.size(),
                    unsavedOutcomes.size(), e.toString());
            long t = System.nanoTime();
            if (t - lastFailureEventNanos >= EVENT_INTERVAL_NANOS) {
                lastFailureEventNanos = t;
                publish(EventTopics.SHADOW_RECORDER_STORE_FAILED, Map.of("error", String.valueOf(e.getMessage()),
                        "storeFailures", storeFailures.get(), "unsaved", (long) unsavedSamples.size()));
            }
            return false;
        }
    }

    /** The index of the refused record in a batch of {@code n} when the store names it, else -1. */
    private static int refusedRow(RuntimeException e, int n) {
        return e instanceof InvalidDataException d && d.row() >= 0 && d.row() < n ? (int) d.row() : -1;
    }

    /** The store's documented way of saying "this data, not the store, is the problem". */
    private static boolean isDataRefusal(RuntimeException e) {
        return e instanceof InvalidDataException || e instanceof IllegalArgumentException;
    }

    private void deadLetter(ShadowSample sample, RuntimeException e) {
        long n = deadLettered.incrementAndGet();
        if (deadLetters.size() == DEAD_LETTERS_KEPT) deadLetters.removeFirst();
        deadLetters.addLast(sample);
        if (pending != null) {
            int slot = pending.slotOf(sample.sampleId());
            if (slot >= 0) pending.remove(slot);
        }
        reportDeadLetter(n, "sample " + sample.sampleId() + " (" + sample.modelType() + " " + sample.shadowVersion() + ", symbol '"
                + sample.symbol() + "', time " + sample.timestampMillis() + ")", e);
    }

    private void deadLetterOutcome(ShadowOutcome outcome, RuntimeException e) {
        reportDeadLetter(deadLettered.incrementAndGet(), "outcome of sample " + outcome.sampleId(), e);
    }

    /** Logs and publishes a dead letter; after the first, at most once a second (with the count so far). */
    private void reportDeadLetter(long count, String what, RuntimeException e) {
        long t = System.nanoTime();
        if (count != 1 && t - lastDeadLetterEventNanos < EVENT_INTERVAL_NANOS) return;
        lastDeadLetterEventNanos = t;
        reportedDeadLettered = count;
        LOG.error("shadow result store refused {}; dropped as a dead letter ({} so far): {}", what, count, e.toString());
        publish(EventTopics.SHADOW_RECORDER_DEAD_LETTER, Map.of("deadLettered", count, "record", what,
                "error", String.valueOf(e.getMessage())));
    }

    private void publishCounters() {
        long sp = spilled.sum(), w = backPressureWaits.get(), um = outcomesUnmatched.get();
        long t = System.nanoTime();
        if ((sp != reportedSpilled || w != reportedWaits) && t - lastOverflowEventNanos >= EVENT_INTERVAL_NANOS) {
            lastOverflowEventNanos = t;
            reportedSpilled = sp;
            reportedWaits = w;
            LOG.warn("shadow recorder ring full: {} records spilled, {} producer waits so far", sp, w);
            publish(EventTopics.SHADOW_RECORDER_OVERFLOW, Map.of("spilled", sp, "backPressureWaits", w,
                    "ringCapacity", (long) ring.length, "spillCapacity", (long) config.spillCapacity()));
        }
        long dl = deadLettered.get();
        if (dl != reportedDeadLettered && t - lastDeadLetterEventNanos >= EVENT_INTERVAL_NANOS) {
            lastDeadLetterEventNanos = t;
            reportedDeadLettered = dl;
            LOG.error("shadow result store refused records: {} dead letters so far", dl);
            publish(EventTopics.SHADOW_RECORDER_DEAD_LETTER, Map.of("deadLettered", dl));
        }
        if (um != reportedUnmatched && t - lastUnmatchedEventNanos >= EVENT_INTERVAL_NANOS) {
            lastUnmatchedEventNanos = t;
            reportedUnmatched = um;
            publish(EventTopics.SHADOW_RECORDER_OUTCOME_UNMATCHED, Map.of("outcomesUnmatched", um));
        }
    }

    private void publish(String topic, Map<String, Object> payload) {
        try {
            if (events.hasSubscribers(topic)) events.publish(new ClmEvent.ComponentNotice(clock.instant(), topic, payload));
        } catch (RuntimeException e) {
            LOG.warn("publishing {} failed; ignored", topic, e);
        }
    }

    /** Counters at this moment. */
    public ShadowRecorderStats stats() {
        long recorded = nextId.get() - firstId;
        long inRing = tail.get() - head.get();
        return new ShadowRecorderStats(recorded, stored.get(), inRing + (spill == null ? 0 : spill.size()) + unsavedCount.get(),
                outcomesRecorded.sum(), outcomesStored.get(), outcomesUnmatched.get(), spilled.sum(), backPressureWaits.get(),
                storeFailures.get(), pendingEvicted, unsavedAtClose.get(), refused.sum(), deadLettered.get(),
                maxWaitNanos.get() / 1_000);
    }

    /** The last {@value #DEAD_LETTERS_KEPT} samples the store refused (oldest first); a copy. */
    public List<ShadowSample> recentDeadLetters() {
        flushLock.lock();
        try {
            return List.copyOf(deadLetters);
        } finally {
            flushLock.unlock();
        }
    }

    /**
     * Stops the flusher and writes everything still buffered. If the store still fails, the
     * unsaved samples are counted in {@code unsavedAtClose}, logged and published.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            if (closed) return;
            closed = true;
            t = flusherThread;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flush();
        flushLock.lock();
        try {
            if (!unsavedSamples.isEmpty() || !unsavedOutcomes.isEmpty()) {
                unsavedAtClose.set(unsavedSamples.size());
                LOG.error("shadow recorder closed with {} samples and {} outcomes the store did not accept",
                        unsavedSamples.size(), unsavedOutcomes.size());
                publish(EventTopics.SHADOW_RECORDER_STORE_FAILED, Map.of("error", "closed with unsaved records",
                        "storeFailures", storeFailures.get(), "unsaved", (long) unsavedSamples.size()));
            }
        } finally {
            flushLock.unlock();
        }
    }

    private ModelType resolveType(String shadowVersion) {
        requireName(shadowVersion, "shadowVersion");
        ModelType t = typeResolver.apply(shadowVersion);
        if (t == null) {
            throw new UnknownModelException(null, shadowVersion,
                    "no shadow of that version is known; register it with registerShadow(type, version) or pass the type");
        }
        registerShadow(t, shadowVersion);
        return t;
    }

    private void requireName(String v, String field) {
        if (!Names.isName(v)) {
            refused.increment();
            throw new InvalidNameException(field, v, Names.NAME_RULE);
        }
    }

    private void checkOutcome(String symbol, double realisedReturn, double pnl) {
        if (!Double.isFinite(realisedReturn)) throw refuse(symbol, "realisedReturn", "was " + realisedReturn + "; expected a finite number");
        if (Double.isInfinite(pnl)) throw refuse(symbol, "pnl", "was " + pnl + "; expected a finite number, or NaN when unknown");
    }
}
