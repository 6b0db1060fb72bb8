package dev.clm.scheduler;

import dev.clm.api.ModelType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Snapshot of the scheduler and the models it looks after.
 *
 * @param lastRuns       when each task last started (absent if never)
 * @param nextRuns       when each task is next due (empty while stopped)
 * @param runs           completed runs per task, failures included
 * @param failures       runs per task that threw
 * @param lastError      message of the last failure, empty if none
 * @param activeVersions ACTIVE version per model type
 * @param shadowVersions SHADOW versions per model type
 * @param config         schedule intervals and the manager's configuration summary
 */
public record SystemStatus(boolean running, Instant at, Map<ScheduledTask, Instant> lastRuns, Map<ScheduledTask, Instant> nextRuns,
                           Map<ScheduledTask, Long> runs, Map<ScheduledTask, Long> failures, String lastError,
                           Map<ModelType, String> activeVersions, Map<ModelType, List<String>> shadowVersions,
                           Map<String, Object> config) {
    public SystemStatus {
        lastRuns = Map.copyOf(lastRuns);
        nextRuns = Map.copyOf(nextRuns);
        runs = Map.copyOf(runs);
        failures = Map.copyOf(failures);
        activeVersions = Map.copyOf(activeVersions);
        shadowVersions = Map.copyOf(shadowVersions);
        config = Map.copyOf(config);
    }

    public Instant lastRetraining() {
        return lastRuns.get(ScheduledTask.RETRAINING);
    }

    public Instant lastDriftCheck() {
        return lastRuns.get(ScheduledTask.DRIFT_CHECK);
    }

    public Instant lastPerformanceCheck() {
        return lastRuns.get(ScheduledTask.PERFORMANCE_CHECK);
    }

    public Instant lastShadowCheck() {
        return lastRuns.get(ScheduledTask.SHADOW_PROMOTION);
    }
}
