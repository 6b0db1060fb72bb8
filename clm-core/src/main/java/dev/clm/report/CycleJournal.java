package dev.clm.report;

import dev.clm.api.CycleReport;
import dev.clm.api.ModelType;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the last cycles did, kept in memory for the control plane and the cycle reports: per job
 * the stage each model type has reached (while it runs and after), the finished report, and the
 * evaluation rows of each type ({@link EvaluationTrace}). The cycle writes it by direct calls; it
 * keeps the newest {@code capacity} jobs. Thread-safe; never throws into the cycle.
 */
public final class CycleJournal {
    /** Jobs kept by default. */
    public static final int DEFAULT_CAPACITY = 20;

    private final int capacity;
    private final Map<String, Entry> jobs = new ConcurrentHashMap<>();
    private final Deque<String> order = new ArrayDeque<>();
    private final java.util.List<java.util.concurrent.CompletableFuture<String>> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CycleJournal(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        this.capacity = capacity;
    }

    private static final class Entry {
        final Map<ModelType, String> stages = new ConcurrentHashMap<>();
        final Map<ModelType, EvaluationTrace> traces = new ConcurrentHashMap<>();
        volatile CycleReport report;
    }

    /** A cycle opened job {@code jobId} for {@code types}. */
    public void started(String jobId, Iterable<ModelType> types) {
        Entry e = new Entry();
        for (ModelType t : types) e.stages.put(t, "queued");
        synchronized (order) {
            jobs.put(jobId, e);
            order.addLast(jobId);
            while (order.size() > capacity) jobs.remove(order.removeFirst());
        }
        for (var f : waiting) {
            waiting.remove(f);
            f.complete(jobId);
        }
    }

    /**
     * Completes with the id of the next job a cycle opens (for a caller that starts a cycle on
     * another thread and must answer with its job id at once).
     */
    public java.util.concurrent.CompletableFuture<String> nextJob() {
        var f = new java.util.concurrent.CompletableFuture<String>();
        waiting.add(f);
        f.whenComplete((id, e) -> waiting.remove(f));
        return f;
    }

    /** {@code type} reached {@code stage} in job {@code jobId} (ignored for an unknown job). */
    public void stage(String jobId, ModelType type, String stage) {
        Entry e = jobs.get(jobId);
        if (e != null) e.stages.put(type, stage);
    }

    /** The rows {@code trace.type()} was judged on in job {@code jobId}. */
    public void trace(String jobId, EvaluationTrace trace) {
        Entry e = jobs.get(jobId);
        if (e != null) e.traces.put(trace.type(), trace);
    }

    /** Job {@code report.jobId()} ended with {@code report}. */
    public void finished(CycleReport report) {
        Entry e = jobs.get(report.jobId());
        if (e != null) e.report = report;
    }

    /** The stage of each type in {@code jobId}, empty for a job no longer (or never) kept. */
    public Map<ModelType, String> stages(String jobId) {
        Entry e = jobs.get(jobId);
        return e == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(e.stages));
    }

    public Optional<CycleReport> report(String jobId) {
        Entry e = jobs.get(jobId);
        return e == null ? Optional.empty() : Optional.ofNullable(e.report);
    }

    public Map<ModelType, EvaluationTrace> traces(String jobId) {
        Entry e = jobs.get(jobId);
        return e == null ? Map.of() : Map.copyOf(e.traces);
    }
}
