package dev.clm.api;

/**
 * Every topic clm publishes on, in one place; each has one {@link ClmEvent} record (named
 * beside it) whose fields are the payload keys.
 */
public final class EventTopics {
    private EventTopics() {}

    /** {@link ClmEvent.RetrainingStarted} {jobId, trigger} */
    public static final String RETRAINING_STARTED = "learning.retraining.started";
    /** {@link ClmEvent.RetrainingCompleted} {jobId, modelsTrained, modelsSucceeded, durationSec} */
    public static final String RETRAINING_COMPLETED = "learning.retraining.completed";
    /** {@link ClmEvent.RetrainingFailed} {jobId, error, durationSec} */
    public static final String RETRAINING_FAILED = "learning.retraining.failed";
    /** {@link ClmEvent.ModelRegistered} {modelType, version, parentVersion} */
    public static final String MODEL_REGISTERED = "learning.model.registered";
    /** {@link ClmEvent.ModelPromoted} {modelType, oldVersion, newVersion, reason} */
    public static final String MODEL_PROMOTED = "learning.model.promoted";
    /** {@link ClmEvent.ModelUpdated} {modelType, oldVersion, newVersion, reason}: published with every promotion, for engines that reload models. */
    public static final String MODEL_UPDATED = "learning.model.updated";
    /** {@link ClmEvent.ModelRetired} {modelType, version} */
    public static final String MODEL_RETIRED = "learning.model.retired";
    /** {@link ClmEvent.ModelRolledBack} {modelType, fromVersion, toVersion, reason} */
    public static final String MODEL_ROLLED_BACK = "learning.model.rolled_back";
    /** {@link ClmEvent.ModelDemoted} {modelType, version, reason}: no ACTIVE version any more ("stay flat"). */
    public static final String MODEL_DEMOTED = "learning.model.demoted";
    /** {@link ClmEvent.ShadowPromotionRecommended} {modelType, candidateVersion, activeVersion, reason} */
    public static final String SHADOW_PROMOTION_RECOMMENDED = "learning.shadow.promotion.recommended";
    /** {@link ClmEvent.DriftDetected} {driftType, severity, modelType, feature, pValue} */
    public static final String DRIFT_DETECTED = "learning.drift.detected";
    /** {@link ClmEvent.DriftDetected} with critical = true; {driftType, severity, modelType, feature, pValue}: the engine should stop trading. */
    public static final String DRIFT_CRITICAL = "learning.drift.critical";
    /** {@link ClmEvent.PerformanceDegraded} with alert = true; {modelType, version, health, reasons} */
    public static final String PERFORMANCE_ALERT = "learning.performance.alert";
    /** {@link ClmEvent.PerformanceDegraded} {modelType, version, health, reasons} */
    public static final String MODEL_PERFORMANCE_DEGRADED = "learning.model.performance.degraded";
    /** {@link ClmEvent.RlReset} {agent, archivedVersion, newVersion, reason} */
    public static final String RL_RESET = "learning.rl.reset";
    /** {@link ClmEvent.RegimeChanged}, published by the engine: {regime, previousRegime}. */
    public static final String REGIME_CHANGED = "regime.changed";

    /** {@link ClmEvent.ComponentNotice}: the shadow recorder's ring was full. {spilled, backPressureWaits, ringCapacity, spillCapacity} */
    public static final String SHADOW_RECORDER_OVERFLOW = "learning.shadow.recorder.overflow";
    /** {@link ClmEvent.ComponentNotice}: a shadow store call failed; the records are kept and retried. {error, storeFailures, unsaved} */
    public static final String SHADOW_RECORDER_STORE_FAILED = "learning.shadow.recorder.store_failed";
    /** {@link ClmEvent.ComponentNotice}: outcomes matched no recorded sample. {outcomesUnmatched} */
    public static final String SHADOW_RECORDER_OUTCOME_UNMATCHED = "learning.shadow.recorder.outcome_unmatched";
    /** The shadow store refused a record as data (not an outage); it was dropped, never retried. {deadLettered, record, error} */
    public static final String SHADOW_RECORDER_DEAD_LETTER = "learning.shadow.recorder.dead_letter";
    /** {@link ClmEvent.ComponentNotice}: the supervisor dropped records. {modelType, dropped, totalDropped} */
    public static final String SUPERVISOR_OVERFLOW = "learning.supervisor.overflow";

    /** The topics of {@link ClmEvent.ComponentNotice}. */
    public static final java.util.Set<String> NOTICES = java.util.Set.of(SHADOW_RECORDER_OVERFLOW, SHADOW_RECORDER_STORE_FAILED,
            SHADOW_RECORDER_OUTCOME_UNMATCHED, SHADOW_RECORDER_DEAD_LETTER, SUPERVISOR_OVERFLOW);
}
