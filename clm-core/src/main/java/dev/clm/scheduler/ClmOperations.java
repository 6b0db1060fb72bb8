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
     * Retrains {@code models} because {@code trigger} fired (drift, degradation, regime shift):
     * the retraining the event reactions ask for. Default: a PARTIAL {@link #retrain}.
     */
    default void retrainFor(RetrainTrigger trigger, Set<ModelType> models, String reason) {
        retrain(RetrainingType.PARTIAL, models, reason);
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
