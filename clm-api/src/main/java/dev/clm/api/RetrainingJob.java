package dev.clm.api;

import java.time.Instant;
import java.util.List;

/**
 * One retraining job as recorded in the job store.
 *
 * @param finishedAt       null while RUNNING
 * @param error            error text when FAILED, else null
 */
public record RetrainingJob(String id, String trigger, RetrainingType retrainingType, List<ModelType> models,
                            JobStatus status, Instant startedAt, Instant finishedAt, int modelsTrained,
                            int modelsSucceeded, String error) {
    public RetrainingJob {
        Checks.safeName(id, "id");
        Checks.notBlank(trigger, "trigger");
        Checks.notNull(retrainingType, "retrainingType");
        Checks.noNulls(models, "models");
        models = List.copyOf(models);
        Checks.notNull(status, "status");
        Checks.notNull(startedAt, "startedAt");
        Checks.notAfter(startedAt, finishedAt, "startedAt", "finishedAt");
        if (status == JobStatus.RUNNING && finishedAt != null) throw new IllegalArgumentException("finishedAt must be null while RUNNING");
        if (status != JobStatus.RUNNING && finishedAt == null) throw new IllegalArgumentException("finishedAt is required once " + status);
        Checks.nonNegative(modelsTrained, "modelsTrained");
        Checks.nonNegative(modelsSucceeded, "modelsSucceeded");
    }

    /** Seconds from start to finish (0 while running). */
    public double durationSeconds() {
        return finishedAt == null ? 0 : (finishedAt.toEpochMilli() - startedAt.toEpochMilli()) / 1000.0;
    }
}
