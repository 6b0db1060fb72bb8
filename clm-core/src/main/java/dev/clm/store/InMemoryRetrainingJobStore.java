package dev.clm.store;

import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.JobStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RetrainingType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link RetrainingJobStore} in memory: one running job at a time per store instance (share
 * one instance between managers of one process). Thread-safe.
 */
public final class InMemoryRetrainingJobStore implements RetrainingJobStore {
    private final Clock clock;
    private final Map<String, RetrainingJob> jobs = new LinkedHashMap<>();
    private long sequence;
    private String runningId;

    public InMemoryRetrainingJobStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized RetrainingJob start(String trigger, RetrainingType retrainingType, List<ModelType> models) {
        if (runningId != null) throw new JobAlreadyRunningException(runningId);
        String id = "job-" + (++sequence);
        RetrainingJob job = new RetrainingJob(id, trigger, retrainingType, models, JobStatus.RUNNING, clock.instant(), null, 0, 0, null);
        jobs.put(id, job);
        runningId = id;
        return job;
    }

    @Override
    public synchronized RetrainingJob complete(String jobId, int modelsTrained, int modelsSucceeded) {
        return finish(jobId, JobStatus.COMPLETED, modelsTrained, modelsSucceeded, null);
    }

    @Override
    public synchronized RetrainingJob fail(String jobId, String error) {
        RetrainingJob j = requireRunning(jobId);
        return finish(jobId, JobStatus.FAILED, j.modelsTrained(), j.modelsSucceeded(), error == null ? "unknown error" : error);
    }

    private RetrainingJob finish(String jobId, JobStatus status, int trained, int succeeded, String error) {
        RetrainingJob j = requireRunning(jobId);
        RetrainingJob done = new RetrainingJob(j.id(), j.trigger(), j.retrainingType(), j.models(), status, j.startedAt(),
                clock.instant(), trained, succeeded, error);
        jobs.put(jobId, done);
        runningId = null;
        return done;
    }

    private RetrainingJob requireRunning(String jobId) {
        RetrainingJob j = jobs.get(jobId);
        if (j == null) throw new IllegalArgumentException("unknown retraining job id '" + jobId + "'");
        if (j.status() != JobStatus.RUNNING) {
            throw new IllegalStateException("retraining job '" + jobId + "' is already " + j.status() + "; expected RUNNING");
        }
        return j;
    }

    @Override
    public synchronized Optional<RetrainingJob> find(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    @Override
    public synchronized List<RetrainingJob> recent(int limit) {
        List<RetrainingJob> all = new ArrayList<>(jobs.values());
        java.util.Collections.reverse(all);
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    @Override
    public synchronized Optional<RetrainingJob> running() {
        return runningId == null ? Optional.empty() : Optional.of(jobs.get(runningId));
    }

}
