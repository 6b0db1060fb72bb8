package dev.clm.api;

import java.time.Instant;
import java.util.List;

/** Durable store of health snapshots ({@code model_performance_logs}). Thread-safe. */
public interface PerformanceLogStore {

    void record(PerformanceLog log);

    /** Snapshots of a type logged at or after {@code since}, newest first, at most {@code limit}. */
    List<PerformanceLog> since(ModelType type, Instant since, int limit);
}
