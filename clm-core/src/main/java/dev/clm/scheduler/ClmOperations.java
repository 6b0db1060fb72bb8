package dev.clm.scheduler;

import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingType;
import java.util.Map;
import java.util.Set;

/**
 * What the {@link ClmScheduler} drives; the manager implements it (or an adapter around it).
 * Calls come from one thread at a time: the scheduler never runs two of them at once.
 */
public interface ClmOperations {

    /** Runs a retraining cycle; {@code models} empty means every configured model type. */
    void retrain(RetrainingType type, Set<ModelType> models, String reason);

    /**
     * Retrains {@code models} because {@code trigger} fired (drift, degradation, regime shift)
     * at {@code observedAt}: the retraining the event reactions ask for. Implementations may
     * skip types already retrained at or after {@code observedAt}. Default: a PARTIAL {@link #retrain}.
     */
    default void retrainFor(RetrainTrigger trigger, Set<ModelType> models, String reason, java.time.Instant observedAt) {
        retrain(RetrainingType.PARTIAL, models, reason);
    }

    /** The periodic retraining; default: a FULL {@link #retrain} of every type with reason "scheduled". */
    default void scheduledRetraining() {
        retrain(RetrainingType.FULL, Set.of(), "scheduled");
    }

    /** The periodic shadow-promotion check; default: {@link #promoteShadows} for every model. */
    default void scheduledShadowPromotion() {
        promoteShadows(null);
    }

    /** Runs a drift check for {@code model}, or for every model when null. */
    void checkDrift(ModelType model);

    /** Runs the performance check (supervisor snapshots, degradation events). */
    void checkPerformance();

    /** Promotes shadow versions that won their test, for {@code model} or every model when null. */
    void promoteShadows(ModelType model);

    /** Configuration shown by {@link ClmScheduler#getSystemStatus()}; empty by default. */
    default Map<String, Object> configSummary() {
        return Map.of();
    }
}
