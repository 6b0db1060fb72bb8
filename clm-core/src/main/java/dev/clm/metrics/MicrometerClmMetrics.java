package dev.clm.metrics;

import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.ModelType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * {@link ClmMetrics} on a Micrometer {@link MeterRegistry}. The only clm class that touches
 * Micrometer (an optional dependency): construct it only when Micrometer is on the classpath.
 *
 * <p>Meters (Prometheus names in brackets): {@code clm.retrains} [clm_retrains_total] tags
 * model, outcome; {@code clm.training.duration} [clm_training_duration_seconds] tag model;
 * {@code clm.promotions} [clm_promotions_total]; {@code clm.failures} [clm_failures_total] tags
 * model, stage; {@code clm.drift.events} [clm_drift_events_total] tags type, severity;
 * {@code clm.supervisor.dropped} [clm_supervisor_dropped_total]; gauge
 * {@code clm.active.model.age} [clm_active_model_age_seconds]. Thread-safe.
 */
public final class MicrometerClmMetrics implements ClmMetrics {
    private final MeterRegistry registry;

    public MicrometerClmMetrics(MeterRegistry registry) {
        if (registry == null) throw new IllegalArgumentException("registry must not be null");
        this.registry = registry;
    }

    @Override
    public void retrain(ModelType type, boolean success, Duration trainingTime) {
        Counter.builder("clm.retrains").description("Retrainings per model type and outcome")
                .tag("model", type.name()).tag("outcome", success ? "success" : "failure").register(registry).increment();
        Timer.builder("clm.training.duration").description("Time spent training a model")
                .tag("model", type.name()).register(registry).record(trainingTime);
    }

    @Override
    public void promotion(ModelType type) {
        Counter.builder("clm.promotions").description("Versions made ACTIVE").tag("model", type.name()).register(registry).increment();
    }

    @Override
    public void failure(ModelType type, String stage) {
        Counter.builder("clm.failures").description("Failures per stage")
                .tag("model", type == null ? "none" : type.name()).tag("stage", stage).register(registry).increment();
    }

    @Override
    public void driftEvent(DriftType type, DriftSeverity severity) {
        if (severity == DriftSeverity.NONE) return;
        Counter.builder("clm.drift.events").description("Drift checks by type and severity")
                .tag("type", type.name()).tag("severity", severity.name()).register(registry).increment();
    }

    @Override
    public void supervisorDropped(ModelType type, long count) {
        Counter.builder("clm.supervisor.dropped").description("Predictions/outcomes the supervisor could not keep")
                .tag("model", type.name()).register(registry).increment(count);
    }

    @Override
    public void activeModelAge(ModelType type, Supplier<Double> ageSeconds) {
        Gauge.builder("clm.active.model.age", ageSeconds, s -> {
                    Double v = s.get();
                    return v == null ? Double.NaN : v;
                }).description("Age of the ACTIVE version").baseUnit("seconds")
                .tag("model", type.name()).strongReference(true).register(registry);
    }
}
