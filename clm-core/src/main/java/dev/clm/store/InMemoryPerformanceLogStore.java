package dev.clm.store;

import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.api.PerformanceLogStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link PerformanceLogStore} in memory (lost with the process). Thread-safe. */
public final class InMemoryPerformanceLogStore implements PerformanceLogStore {
    private final List<PerformanceLog> logs = new ArrayList<>();

    @Override
    public synchronized void record(PerformanceLog log) {
        logs.add(java.util.Objects.requireNonNull(log, "log"));
    }

    @Override
    public synchronized List<PerformanceLog> since(ModelType type, Instant since, int limit) {
        List<PerformanceLog> out = new ArrayList<>();
        for (PerformanceLog l : logs) if (l.modelType().equals(type) && !l.loggedAt().isBefore(since)) out.add(l);
        out.sort(Comparator.comparing(PerformanceLog::loggedAt).reversed());
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }
}
