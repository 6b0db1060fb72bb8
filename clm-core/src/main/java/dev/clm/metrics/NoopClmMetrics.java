package dev.clm.metrics;

import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.ModelType;
import java.time.Duration;
import java.util.function.Supplier;

/** {@link ClmMetrics} that records nothing; used when no meter registry is given. */
enum NoopClmMetrics implements ClmMetrics {
    INSTANCE;

    @Override public void retrain(ModelType type, boolean success, Duration trainingTime) {}
    @Override public void promotion(ModelType type) {}
    @Override public void failure(ModelType type, String stage) {}
    @Override public void driftEvent(DriftType type, DriftSeverity severity) {}
    @Override public void supervisorDropped(ModelType type, long count) {}
    @Override public void activeModelAge(ModelType type, Supplier<Double> ageSeconds) {}
}
