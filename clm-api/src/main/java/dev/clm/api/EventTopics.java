package dev.clm.api;

/** Topic names clm publishes on, with their payload keys. */
public final class EventTopics {
    private EventTopics() {}

    /** {jobId, trigger} */
    public static final String RETRAINING_STARTED = "learning.retraining.started";
    /** {jobId, modelsTrained, modelsSucceeded, durationSec} */
    public static final String RETRAINING_COMPLETED = "learning.retraining.completed";
    /** {jobId, error, durationSec} */
    public static final String RETRAINING_FAILED = "learning.retraining.failed";
    /** {modelType, version, parentVersion} */
    public static final String MODEL_REGISTERED = "learning.model.registered";
    /** {modelType, oldVersion, newVersion, reason} */
    public static final String MODEL_PROMOTED = "learning.model.promoted";
    /** {modelType, oldVersion, newVersion, reason}: published with every promotion, for engines that reload models. */
    public static final String MODEL_UPDATED = "learning.model.updated";
    /** {modelType, version} */
    public static final String MODEL_RETIRED = "learning.model.retired";
    /** {modelType, fromVersion, toVersion, reason} */
    public static final String MODEL_ROLLED_BACK = "learning.model.rolled_back";
    /** An ACTIVE version was taken out of service because it is significantly worse than the zero forecast {modelType, version, reason}. */
    public static final String MODEL_DEMOTED = "learning.model.demoted";
    /** {modelType, candidateVersion, activeVersion, reason} */
    public static final String SHADOW_PROMOTION_RECOMMENDED = "learning.shadow.promotion.recommended";
    /** {driftType, severity, modelType, feature, pValue} */
    public static final String DRIFT_DETECTED = "learning.drift.detected";
    /** {driftType, severity, modelType, feature, pValue}: the engine should stop trading. */
    public static final String DRIFT_CRITICAL = "learning.drift.critical";
    /** {modelType, version, health, reasons} */
    public static final String PERFORMANCE_ALERT = "learning.performance.alert";
    /** {modelType, version, health, reasons} */
    public static final String MODEL_PERFORMANCE_DEGRADED = "learning.model.performance.degraded";
    /** {agent, archivedVersion, newVersion, reason} */
    public static final String RL_RESET = "learning.rl.reset";
    /** Published by the engine: {regime, previousRegime}. */
    public static final String REGIME_CHANGED = "regime.changed";
}
