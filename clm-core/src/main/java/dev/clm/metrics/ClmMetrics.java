package dev.clm.metrics;

import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.ModelType;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What clm measures, behind a clm interface so Micrometer stays an optional dependency:
 * {@link #noop()} by default, {@link MicrometerClmMetrics} when the engine passes its
 * {@code MeterRegistry}. Implementations are thread-safe and never throw.
 */
public interface ClmMetrics {

    /** A retraining of {@code type} finished; {@code success} false when it failed. Counter {@code clm.retrains}. */
    void retrain(ModelType type, boolean success, Duration trainingTime);

    /** {@code type} got a new ACTIVE version. Counter {@code clm.promotions}. */
    void promotion(ModelType type);

    /** Something failed in {@code stage} (training, evaluation, shadow, scheduler task ...). Counter {@code clm.failures}. */
    void failure(ModelType type, String stage);

    /** A drift check reported {@code severity} (NONE is not counted). Counter {@code clm.drift.events}. */
    void driftEvent(DriftType type, DriftSeverity severity);

    /** The supervisor had to drop records (buffer overflow). Counter {@code clm.supervisor.dropped}. */
    void supervisorDropped(ModelType type, long count);

    /** Registers a gauge {@code clm.active.model.age} (seconds) read from {@code ageSeconds}. */
    void activeModelAge(ModelType type, Supplier<Double> ageSeconds);

    /** Metrics that do nothing (the default; the JIT removes the calls). */
    static ClmMetrics noop() {
        return NoopClmMetrics.INSTANCE;
    }
}
