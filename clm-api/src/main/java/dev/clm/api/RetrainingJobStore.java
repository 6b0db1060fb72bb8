package dev.clm.api;

import java.util.List;
import java.util.Optional;

/**
 * Records retraining jobs and guarantees one running job at a time per store (for a
 * database store: per database, across processes; a lock in the database that is released
 * when the holding process dies, and a job whose process died is reported FAILED, never
 * RUNNING, by every read).
 */
public interface RetrainingJobStore {

    /**
     * Starts a job, taking the store's job lock.
     *
     * @throws JobAlreadyRunningException naming the running job if the lock is held
     */
    RetrainingJob start(String trigger, RetrainingType retrainingType, List<ModelType> models);

    /** Marks the job COMPLETED and releases the lock. */
    RetrainingJob complete(String jobId, int modelsTrained, int modelsSucceeded);

    /** Marks the job FAILED with its error text and releases the lock (also when recording the failure fails). */
    RetrainingJob fail(String jobId, String error);

    Optional<RetrainingJob> find(String jobId);

    /** The newest {@code limit} jobs, newest first. */
    List<RetrainingJob> recent(int limit);

    /** The running job, if any. */
    Optional<RetrainingJob> running();
}
