package dev.clm.supervisor;

import dev.clm.api.ModelType;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-model lock-free inboxes the hot path writes to, and the drained history health is
 * computed from.
 *
 * <p>Writers claim a sequence number with one {@code getAndIncrement}, take the slot
 * {@code seq & mask} by a CAS of its state to WRITING(seq), write primitive fields and publish
 * PUBLISHED(seq). A slot's sequence never moves backwards: a writer that finds a newer
 * sequence in its slot (it was lapped while descheduled between claiming and taking the slot)
 * abandons its record, which the drainer counts as dropped when it finds the newer sequence
 * there. A writer only waits (spins) when an older writer is still inside the same slot, which
 * needs the ring to be lapped during that writer's few stores. If writers lap the drainer, the
 * older records are overwritten: the drainer sees a newer sequence (or a changed state after
 * reading, seqlock style) and counts them as dropped. The history is only touched by the
 * drainer, under the supervisor's lock.
 */
final class ModelChannel {
    /** Slot states: {@code seq << 1 | 1} published, {@code seq << 1} being written, -1 never used. */
    private static final long EMPTY = -1;

    final ModelType type;
    private final int mask;

    // predictions inbox
    final AtomicLong predictionCursor = new AtomicLong();
    private final AtomicLongArray predictionPublished;
    private final long[] pTime;
    private final double[] pValue;
    private final float[] pConfidence;
    private final long[] pLatency;
    long predictionsDrained;

    // outcomes inbox
    final AtomicLong outcomeCursor = new AtomicLong();
    private final AtomicLongArray outcomePublished;
    private final long[] oId;
    private final double[] oReturn;
    long outcomesDrained;

    // drained history, indexed by prediction id & historyMask (prediction ids are dense)
    final int historyMask;
    final long[] hId;
    final long[] hTime;
    final double[] hPrediction;
    final float[] hConfidence;
    final long[] hLatency;
    final double[] hReturn;

    final AtomicLong droppedPredictions = new AtomicLong();
    final AtomicLong droppedOutcomes = new AtomicLong();
    long unmatchedOutcomes;
    long droppedReported;

    ModelChannel(ModelType type, int inboxCapacity, int historyCapacity) {
        this.type = type;
        this.mask = inboxCapacity - 1;
        predictionPublished = new AtomicLongArray(inboxCapacity);
        outcomePublished = new AtomicLongArray(inboxCapacity);
        for (int i = 0; i < inboxCapacity; i++) {
            predictionPublished.set(i, -1);
            outcomePublished.set(i, -1);
        }
        pTime = new long[inboxCapacity];
        pValue = new double[inboxCapacity];
        pConfidence = new float[inboxCapacity];
        pLatency = new long[inboxCapacity];
        oId = new long[inboxCapacity];
        oReturn = new double[inboxCapacity];
        historyMask = historyCapacity - 1;
        hId = new long[historyCapacity];
        java.util.Arrays.fill(hId, -1);
        hTime = new long[historyCapacity];
        hPrediction = new double[historyCapacity];
        hConfidence = new float[historyCapacity];
        hLatency = new long[historyCapacity];
        hReturn = new double[historyCapacity];
    }

    int inboxCapacity() {
        return mask + 1;
    }

    /** Hot path: returns the prediction id. */
    long offerPrediction(long timeMillis, double prediction, float confidence, long latencyNanos) {
        return writePrediction(predictionCursor.getAndIncrement(), timeMillis, prediction, confidence, latencyNanos);
    }

    /** Second half of {@link #offerPrediction} (split so tests can delay a writer between claiming and writing). */
    long writePrediction(long seq, long timeMillis, double prediction, float confidence, long latencyNanos) {
        int i = (int) seq & mask;
        if (!acquire(predictionPublished, i, seq)) return seq;
        pTime[i] = timeMillis;
        pValue[i] = prediction;
        pConfidence[i] = confidence;
        pLatency[i] = latencyNanos;
        predictionPublished.lazySet(i, seq << 1 | 1); // release: the fields are visible first
        return seq;
    }

    /** Hot path: returns the outcome's sequence number. */
    long offerOutcome(long predictionId, double realizedReturn) {
        long seq = outcomeCursor.getAndIncrement();
        int i = (int) seq & mask;
        if (!acquire(outcomePublished, i, seq)) return seq;
        oId[i] = predictionId;
        oReturn[i] = realizedReturn;
        outcomePublished.lazySet(i, seq << 1 | 1);
        return seq;
    }

    /**
     * Takes slot {@code i} for {@code seq}: false when a newer sequence already holds it (this
     * record is lost and the drainer counts it); waits while an older writer is inside it.
     */
    private static boolean acquire(AtomicLongArray states, int i, long seq) {
        while (true) {
            long state = states.get(i);
            if (state != EMPTY && (state >>> 1) >= seq) return false;
            if (state != EMPTY && (state & 1) == 0) {
                Thread.onSpinWait(); // an older writer is mid-write in this slot
                continue;
            }
            if (states.compareAndSet(i, state, seq << 1)) return true;
        }
    }

    /** The sequence a slot state belongs to (-1 for a never used slot). */
    private static long seqOf(long state) {
        return state == EMPTY ? -1 : state >>> 1;
    }

    private static boolean published(long state) {
        return state != EMPTY && (state & 1) == 1;
    }

    /** Moves published predictions into the history; returns how many were dropped (lapped). Drainer only. */
    long drainPredictions() {
        long end = predictionCursor.get();
        long lost = 0;
        long seq = predictionsDrained;
        while (seq < end) {
            int i = (int) seq & mask;
            long state = predictionPublished.get(i);
            long published = seqOf(state);
            if (published < seq || (published == seq && !published(state))) break; // writer of seq still busy: resume at the next drain
            if (published > seq) { // lapped: everything from seq up to (published - capacity) is gone
                long resume = Math.max(seq + 1, published - mask);
                lost += resume - seq;
                seq = resume;
                continue;
            }
            long t = pTime[i];
            double v = pValue[i];
            float c = pConfidence[i];
            long l = pLatency[i];
            java.lang.invoke.VarHandle.loadLoadFence(); // the field reads complete before the re-check
            if (predictionPublished.get(i) != state) { // overwritten while we read
                lost++;
                seq++;
                continue;
            }
            int h = (int) seq & historyMask;
            hId[h] = seq;
            hTime[h] = t;
            hPrediction[h] = v;
            hConfidence[h] = c;
            hLatency[h] = l;
            hReturn[h] = Double.NaN;
            seq++;
        }
        predictionsDrained = seq;
        droppedPredictions.addAndGet(lost);
        return lost;
    }

    /** Joins published outcomes with sequence &lt; {@code limit} to their predictions; returns how many were dropped. */
    long drainOutcomes(long limit) {
        long lost = 0;
        long seq = outcomesDrained;
        while (seq < limit) {
            int i = (int) seq & mask;
            long state = outcomePublished.get(i);
            long published = seqOf(state);
            if (published < seq || (published == seq && !published(state))) break;
            if (published > seq) {
                long resume = Math.max(seq + 1, published - mask);
                lost += resume - seq;
                seq = resume;
                continue;
            }
            long id = oId[i];
            double r = oReturn[i];
            java.lang.invoke.VarHandle.loadLoadFence();
            if (outcomePublished.get(i) != state) {
                lost++;
                seq++;
                continue;
            }
            int h = (int) id & historyMask;
            if (id >= 0 && hId[h] == id) hReturn[h] = r; else unmatchedOutcomes++;
            seq++;
        }
        outcomesDrained = seq;
        droppedOutcomes.addAndGet(lost);
        return lost;
    }

    long dropped() {
        return droppedPredictions.get() + droppedOutcomes.get();
    }

    /** Whether the inbox is at least a quarter full since the last drain (a hint to drain soon). */
    boolean shouldRequestDrain(long seq) {
        return (seq & (mask >>> 2)) == 0;
    }
}
