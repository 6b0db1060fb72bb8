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
 * @param status          COMPLETED (every triggered type trained), PARTIAL (some types trained, {@code failed} names the others
 *                        and why), FAILED (the cycle itself failed — data, features, split, a trigger check that threw — or
 *                        every triggered type failed), SKIPPED (no trigger fired and no trigger check failed)
 * @param triggers        triggers that fired per model type
 * @param trained         candidates trained and registered
 * @param evaluations     held-out evaluation of candidate and active per type
 * @param shadowResults   shadow test per type
 * @param promoted        promotions made
 * @param failed          per-model failures with the stage and reason; one never blocks the others
 * @param durations       wall time per stage ("data", "features", "train:xgboost", ...)
 * @param message         human-readable summary (for SKIPPED/FAILED the reason)
 * @param notes           what a type's training did differently from what was asked and why (for example an ACTIVE version
 *                        whose artifact cannot be loaded: trained from scratch and compared against the zero forecast)
 */
public record CycleReport(String jobId, Status status, Instant startedAt, Instant finishedAt, boolean forced,
                          RetrainingType retrainingType, Map<ModelType, Set<RetrainTrigger>> triggers,
                          List<TrainedVersion> trained, Map<ModelType, ModelEvaluation> evaluations,
                          Map<ModelType, ShadowTestResult> shadowResults, List<PromotionResult> promoted,
                          List<ModelFailure> failed, Map<String, Duration> durations, String message, List<ModelNote> notes) {

    /** How a cycle ended; see the {@code status} parameter of {@link CycleReport}. */
    public enum Status {
        COMPLETED, PARTIAL, SKIPPED, FAILED;

        /**
         * The status of a cycle that ran: COMPLETED when nothing failed, FAILED when nothing
         * trained, else PARTIAL.
         */
        public static Status of(int trained, int failed) {
            if (failed == 0) return COMPLETED;
            return trained == 0 ? FAILED : PARTIAL;
        }
    }

    /** A report without notes. */
    public CycleReport(String jobId, Status status, Instant startedAt, Instant finishedAt, boolean forced,
                       RetrainingType retrainingType, Map<ModelType, Set<RetrainTrigger>> triggers,
                       List<TrainedVersion> trained, Map<ModelType, ModelEvaluation> evaluations,
                       Map<ModelType, ShadowTestResult> shadowResults, List<PromotionResult> promoted,
                       List<ModelFailure> failed, Map<String, Duration> durations, String message) {
        this(jobId, status, startedAt, finishedAt, forced, retrainingType, triggers, trained, evaluations, shadowResults, promoted,
                failed, durations, message, List.of());
    }

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
        Checks.noNulls(notes, "notes");
        notes = List.copyOf(notes);
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

    /** Something a type's training did differently from what was asked, and why (it still trained). */
    public record ModelNote(ModelType type, String stage, String text) {
        public ModelNote {
            Checks.notNull(type, "type");
            Checks.notBlank(stage, "stage");
            Checks.notBlank(text, "text");
        }
    }
}
