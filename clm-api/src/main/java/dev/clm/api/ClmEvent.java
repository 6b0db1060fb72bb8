package dev.clm.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something that happened, one record per topic ({@link EventTopics}): a subscriber reads
 * fields, for example {@code if (e instanceof ClmEvent.ModelPromoted p) reload(p.modelType(), p.newVersion())}.
 * {@link #payload()} gives the same fields by name for generic consumers (a JSON or Kafka
 * bridge); types and enums appear there as their names, an absent version as {@code ""}.
 */
public sealed interface ClmEvent {

    /** The dotted topic, e.g. {@code learning.model.promoted}. */
    String topic();

    /** When it happened, by the publisher's clock. */
    Instant timestamp();

    /** The fields by name. */
    Map<String, Object> payload();

    /** {@code learning.retraining.started}: a retraining job started. */
    record RetrainingStarted(Instant timestamp, String jobId, String trigger) implements ClmEvent {
        public RetrainingStarted { Checks.notNull(timestamp, "timestamp"); Checks.notNull(jobId, "jobId"); }
        @Override public String topic() { return EventTopics.RETRAINING_STARTED; }
        @Override public Map<String, Object> payload() { return fields("jobId", jobId, "trigger", trigger); }
    }

    /** {@code learning.retraining.completed}: a job ended; {@code modelsSucceeded} of {@code modelsTrained} types trained. */
    record RetrainingCompleted(Instant timestamp, String jobId, int modelsTrained, int modelsSucceeded, double durationSec)
            implements ClmEvent {
        public RetrainingCompleted { Checks.notNull(timestamp, "timestamp"); Checks.notNull(jobId, "jobId"); }
        @Override public String topic() { return EventTopics.RETRAINING_COMPLETED; }
        @Override public Map<String, Object> payload() {
            return fields("jobId", jobId, "modelsTrained", modelsTrained, "modelsSucceeded", modelsSucceeded, "durationSec", durationSec);
        }
    }

    /** {@code learning.retraining.failed}: the cycle itself failed; nothing ACTIVE changed. */
    record RetrainingFailed(Instant timestamp, String jobId, String error, double durationSec) implements ClmEvent {
        public RetrainingFailed { Checks.notNull(timestamp, "timestamp"); Checks.notNull(jobId, "jobId"); }
        @Override public String topic() { return EventTopics.RETRAINING_FAILED; }
        @Override public Map<String, Object> payload() { return fields("jobId", jobId, "error", error, "durationSec", durationSec); }
    }

    /** {@code learning.model.registered}: a CANDIDATE version was saved ({@code parentVersion} null without one). */
    record ModelRegistered(Instant timestamp, ModelType modelType, String version, String parentVersion) implements ClmEvent {
        public ModelRegistered { Checks.notNull(timestamp, "timestamp"); Checks.notNull(modelType, "modelType"); }
        @Override public String topic() { return EventTopics.MODEL_REGISTERED; }
        @Override public Map<String, Object> payload() {
            return fields("modelType", modelType.name(), "version", version, "parentVersion", orEmpty(parentVersion));
        }
    }

    /** {@code learning.model.promoted}: {@code newVersion} is ACTIVE ({@code oldVersion} null when there was none). */
    record ModelPromoted(Instant timestamp, ModelType modelType, String oldVersion, String newVersion, String reason) implements ClmEvent {
        public ModelPromoted { Checks.notNull(timestamp, "timestamp"); Checks.notNull(modelType, "modelType"); }
        @Override public String topic() { return EventTopics.MODEL_PROMOTED; }
        @Override public Map<String, Object> payload() { return versions(modelType, oldVersion, newVersion, reason); }
    }

    /** {@code learning.model.updated}: published with every change of the ACTIVE version, for engines that reload models. */
    record ModelUpdated(Instant timestamp, ModelType modelType, String oldVersion, String newVersion, String reason) implements ClmEvent {
        public ModelUpdated { Checks.notNull(timestamp, "timestamp"); Checks.notNull(modelType, "modelType"); }
        @Override public String topic() { return EventTopics.MODEL_UPDATED; }
        @Override public Map<String, Object> payload() { return versions(modelType, oldVersion, newVersion, reason); }
    }

    /** {@code learning.model.retired}: a formerly ACTIVE version was retired by a promotion. */
    record ModelRetired(Instant timestamp, ModelType modelType, String version) implements ClmEvent {
        public ModelRetired { Checks.notNull(timestamp, "timestamp"); Checks.notNull(modelType, "modelType"); }
        @Override public String topic() { return EventTopics.MODEL_RETIRED; }
        @Override public Map<String, Object> payload() { return fields("modelType", modelType.name(), "version", version); }
    }

    /** {@code learning.model.rolled_back}: {@code toVersion} (RETIRED before) is ACTIVE again instead of {@code fromVersion}. */
    record ModelRolledBack(Instant timestamp, ModelType modelType, String fromVersion, String toVersion, String reason) implements ClmEvent {
        public ModelRolledBack { Checks.notNull(timestamp, "timestamp"); Checks.notNull(modelType, "modelType"); }
        @Override public String topic() { return EventTopics.MODEL_ROLLED_BACK; }
        @Override public Map<String, Object> payload() {
            return fields("modelType", modelType.name(), "fromVersion", orEmpty(fromVersion), "toVersion", toVersion, "reason", reason);
        }
    }

    /** {@code learning.model.demoted}: {@code version} is no longer ACTIVE and nothing replaced it ("stay flat"). */
    record ModelDemoted(Instant timestamp, ModelType modelType, String version, String reason) implements ClmEvent {
        public ModelDemoted { Checks.notNull(timestamp, "timestamp"); Checks.notNull(modelType, "modelType"); }
        @Override public String topic() { return EventTopics.MODEL_DEMOTED; }
        @Override public Map<String, Object> payload() { return fields("modelType", modelType.name(), "version", version, "reason", reason); }
    }

    /** {@code learning.shadow.promotion.recommended}: a shadow won while auto-promotion is off. */
    record ShadowPromotionRecommended(Instant timestamp, ModelType modelType, String candidateVersion, String activeVersion,
                                      String reason) implements ClmEvent {
        public ShadowPromotionRecommended { Checks.notNull(timestamp, "timestamp"); Checks.notNull(modelType, "modelType"); }
        @Override public String topic() { return EventTopics.SHADOW_PROMOTION_RECOMMENDED; }
        @Override public Map<String, Object> payload() {
            return fields("modelType", modelType.name(), "candidateVersion", candidateVersion, "activeVersion", orEmpty(activeVersion),
                    "reason", reason);
        }
    }

    /**
     * {@code learning.drift.detected} ({@code critical} false) or {@code learning.drift.critical}
     * ({@code critical} true: the engine should stop trading). {@code modelType} null: not tied
     * to one model. {@code action} is the response the drift policy chose.
     */
    record DriftDetected(Instant timestamp, boolean critical, DriftType driftType, DriftSeverity severity, ModelType modelType,
                         String feature, double pValue, double log10PValue, double psi, String action, List<String> driftedFeatures)
            implements ClmEvent {
        public DriftDetected {
            Checks.notNull(timestamp, "timestamp");
            Checks.notNull(driftType, "driftType");
            Checks.notNull(severity, "severity");
            driftedFeatures = List.copyOf(driftedFeatures);
        }
        @Override public String topic() { return critical ? EventTopics.DRIFT_CRITICAL : EventTopics.DRIFT_DETECTED; }
        @Override public Map<String, Object> payload() {
            return fields("driftType", driftType.name(), "severity", severity.name(), "modelType", modelType == null ? "" : modelType.name(),
                    "feature", feature, "pValue", pValue, "log10PValue", log10PValue, "psi", psi, "action", action,
                    "driftedFeatures", driftedFeatures);
        }
    }

    /**
     * {@code learning.model.performance.degraded} ({@code alert} false) or
     * {@code learning.performance.alert} ({@code alert} true): a model's live health is not HEALTHY.
     */
    record PerformanceDegraded(Instant timestamp, boolean alert, ModelType modelType, String version, HealthStatus health,
                               List<String> reasons) implements ClmEvent {
        public PerformanceDegraded {
            Checks.notNull(timestamp, "timestamp");
            Checks.notNull(modelType, "modelType");
            Checks.notNull(health, "health");
            reasons = List.copyOf(reasons);
        }
        @Override public String topic() { return alert ? EventTopics.PERFORMANCE_ALERT : EventTopics.MODEL_PERFORMANCE_DEGRADED; }
        @Override public Map<String, Object> payload() {
            return fields("modelType", modelType.name(), "version", version, "health", health.name(), "reasons", reasons);
        }
    }

    /** {@code learning.rl.reset}: an RL agent archived its state and started afresh. */
    record RlReset(Instant timestamp, String agent, int archivedVersion, int newVersion, String reason) implements ClmEvent {
        public RlReset { Checks.notNull(timestamp, "timestamp"); Checks.notNull(agent, "agent"); }
        @Override public String topic() { return EventTopics.RL_RESET; }
        @Override public Map<String, Object> payload() {
            return fields("agent", agent, "archivedVersion", archivedVersion, "newVersion", newVersion, "reason", reason);
        }
    }

    /** {@code regime.changed}: published by the engine when its market regime changes. */
    record RegimeChanged(Instant timestamp, String regime, String previousRegime) implements ClmEvent {
        public RegimeChanged { Checks.notNull(timestamp, "timestamp"); Checks.notNull(regime, "regime"); }
        @Override public String topic() { return EventTopics.REGIME_CHANGED; }
        @Override public Map<String, Object> payload() { return fields("regime", regime, "previousRegime", orEmpty(previousRegime)); }
    }

    /**
     * A health notice of a component ({@code learning.shadow.recorder.overflow},
     * {@code learning.shadow.recorder.store_failed}, {@code learning.shadow.recorder.outcome_unmatched},
     * {@code learning.supervisor.overflow}): counters by name, for dashboards and alerts.
     */
    record ComponentNotice(Instant timestamp, String topic, Map<String, Object> details) implements ClmEvent {
        public ComponentNotice {
            Checks.notNull(timestamp, "timestamp");
            if (!EventTopics.NOTICES.contains(topic)) throw new IllegalArgumentException("not a notice topic: " + topic + "; expected one of " + EventTopics.NOTICES);
            details = Checks.copy(details, "details");
        }
        @Override public Map<String, Object> payload() { return details; }
    }

    private static Map<String, Object> versions(ModelType type, String oldVersion, String newVersion, String reason) {
        return fields("modelType", type.name(), "oldVersion", orEmpty(oldVersion), "newVersion", newVersion, "reason", reason);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** Name/value pairs in order; a null value becomes "". */
    private static Map<String, Object> fields(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1] == null ? "" : kv[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }
}
