package dev.clm.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code runFullCycle} did.
 *
 * @param jobId           id of the retraining job (also in the job store and events)
 * @param status          COMPLETED (ran, possibly with per-model failures), SKIPPED (no trigger fired), FAILED (the cycle itself failed)
 * @param triggers        triggers that fired per model type
 * @param trained         candidates trained and registered
 * @param evaluations     held-out evaluation of candidate and active per type
 * @param shadowResults   shadow test per type
 * @param promoted        promotions made
 * @param failed          per-model failures with the stage and reason; one never blocks the others
 * @param durations       wall time per stage ("data", "features", "train:xgboost", ...)
 * @param message         human-readable summary (for SKIPPED/FAILED the reason)
 */
public record CycleReport(String jobId, Status status, Instant startedAt, Instant finishedAt, boolean forced,
                          RetrainingType retrainingType, Map<ModelType, Set<RetrainTrigger>> triggers,
                          List<TrainedVersion> trained, Map<ModelType, ModelEvaluation> evaluations,
                          Map<ModelType, ShadowTestResult> shadowResults, List<PromotionResult> promoted,
                          List<ModelFailure> failed, Map<String, Duration> durations, String message) {

    public enum Status { COMPLETED, SKIPPED, FAILED }

    public CycleReport {
        Checks.notBlank(jobId, "jobId");
        Checks.notNull(status, "status");
        Checks.notNull(startedAt, "startedAt");
        Checks.notNull(finishedAt, "finishedAt");
        Checks.notAfter(startedAt, finishedAt, "startedAt", "finishedAt");
        Checks.notNull(retrainingType, "retrainingType");
        triggers = Checks.copy(triggers, "triggers");
        trained = List.copyOf(trained);
        evaluations = Checks.copy(evaluations, "evaluations");
        shadowResults = Checks.copy(shadowResults, "shadowResults");
        promoted = List.copyOf(promoted);
        failed = List.copyOf(failed);
        durations = Checks.copy(durations, "durations");
        Checks.notNull(message, "message");
    }

    public Duration totalDuration() {
        return Duration.between(startedAt, finishedAt);
    }

    /** A candidate trained in this cycle. */
    public record TrainedVersion(ModelType type, String version, String parentVersion, RetrainingType retrainingType,
                                 long trainingRows, Duration trainingTime) {
        public TrainedVersion {
            Checks.notNull(type, "type");
            Checks.safeName(version, "version");
            Checks.nonNegative(trainingRows, "trainingRows");
            Checks.notNull(trainingTime, "trainingTime");
        }
    }

    /**
     * Held-out scores of one type: the candidate, the active (null if none) and the naive
     * zero-return baseline, all on the same rows.
     */
    public record ModelEvaluation(ModelType type, String candidateVersion, EvaluationResult candidate,
                                  String activeVersion, EvaluationResult active, EvaluationResult baseline) {
        public ModelEvaluation {
            Checks.notNull(type, "type");
            Checks.notNull(candidate, "candidate");
            Checks.notNull(baseline, "baseline");
        }
    }

    /** A model type that failed at some stage, and why. */
    public record ModelFailure(ModelType type, String stage, String reason) {
        public ModelFailure {
            Checks.notNull(type, "type");
            Checks.notBlank(stage, "stage");
            Checks.notBlank(reason, "reason");
        }
    }
}
