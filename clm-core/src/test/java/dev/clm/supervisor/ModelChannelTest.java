package dev.clm.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ModelType;
import org.junit.jupiter.api.Test;

/** The inbox ring's accounting when a writer is delayed between claiming its sequence and writing it. */
class ModelChannelTest {
    static final int CAPACITY = 16;

    long retained(ModelChannel ch) {
        long n = 0;
        for (long id : ch.hId) if (id >= 0) n++;
        return n;
    }

    @Test
    void aWriterLappedWhileDelayedAbandonsItsRecordAndEverythingIsRetainedOrCounted() {
        ModelChannel ch = new ModelChannel(ModelType.XGBOOST, CAPACITY, 1024);
        long late = ch.predictionCursor.getAndIncrement();          // claimed, then descheduled
        for (int i = 0; i < CAPACITY + 5; i++) ch.offerPrediction(1, 0.1, 0.5f, 10); // the ring laps the late slot
        ch.writePrediction(late, 1, 0.1, 0.5f, 10);                  // the late writer finally runs
        ch.drainPredictions();
        long total = CAPACITY + 6;
        assertThat(retained(ch) + ch.droppedPredictions.get()).isEqualTo(total);
        assertThat(ch.predictionsDrained).isEqualTo(total);          // the drainer is not stuck behind the late slot
        for (int i = 0; i < 10; i++) ch.offerPrediction(1, 0.1, 0.5f, 10);
        ch.drainPredictions();
        assertThat(retained(ch) + ch.droppedPredictions.get()).isEqualTo(total + 10);
    }

    @Test
    void aLateWriterThatWasNotLappedIsWaitedForThenDrained() {
        ModelChannel ch = new ModelChannel(ModelType.XGBOOST, CAPACITY, 1024);
        long late = ch.predictionCursor.getAndIncrement();
        for (int i = 0; i < 5; i++) ch.offerPrediction(1, 0.1, 0.5f, 10);
        ch.drainPredictions();
        assertThat(ch.predictionsDrained).isZero();                  // waits for the record it cannot see yet
        ch.writePrediction(late, 1, 0.1, 0.5f, 10);
        ch.drainPredictions();
        assertThat(retained(ch)).isEqualTo(6);
        assertThat(ch.droppedPredictions.get()).isZero();
    }
}
