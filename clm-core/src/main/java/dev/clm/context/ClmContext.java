package dev.clm.context;

import dev.clm.api.DataClient;
import dev.clm.api.DriftEventStore;
import dev.clm.api.EventPublisher;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelEvaluator;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLogStore;
import dev.clm.api.PolicyStore;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowTester;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import dev.clm.config.ClmConfig;
import dev.clm.metrics.ClmMetrics;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The collaborators of one manager, built once by its builder and handed to the cycle, the
 * promoter, the shadow service and the autopilot (none of which sees the manager itself).
 *
 * <p>{@code events} is the publisher the library publishes through: it never throws (a
 * publisher or listener failure is logged and dropped, so it cannot fail a cycle or a
 * promotion). {@code userEvents} is the publisher the engine gave (for subscribing).
 * Immutable; the collaborators themselves are thread-safe.
 */
public record ClmContext(ClmConfig config, Clock clock, DataClient dataClient, FeatureEngineer featureEngineer,
                         ModelTrainer trainer, ModelEvaluator evaluator, ShadowTester shadowTester, ModelRegistry registry,
                         EventPublisher events, EventPublisher userEvents, ClmMetrics metrics, PolicyStore policyStore,
                         RetrainingJobStore jobStore, ShadowResultStore shadowResults, DriftEventStore driftEvents,
                         PerformanceLogStore performanceLogs, List<ModelType> modelTypes,
                         Map<ModelType, Map<String, String>> trainingParams) {
    public ClmContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(dataClient, "dataClient");
        Objects.requireNonNull(featureEngineer, "featureEngineer");
        Objects.requireNonNull(trainer, "trainer");
        Objects.requireNonNull(evaluator, "evaluator");
        Objects.requireNonNull(shadowTester, "shadowTester");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(userEvents, "userEvents");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(policyStore, "policyStore");
        Objects.requireNonNull(jobStore, "jobStore");
        Objects.requireNonNull(shadowResults, "shadowResults");
        Objects.requireNonNull(driftEvents, "driftEvents");
        Objects.requireNonNull(performanceLogs, "performanceLogs");
        modelTypes = List.copyOf(modelTypes);
        trainingParams = Map.copyOf(trainingParams);
    }

    /**
     * Loads a registered version into a live model; the registry verifies the bytes' checksum.
     * The caller closes it. A trainer failure is a {@link ModelTrainingException} naming the
     * type and the registered version.
     */
    public TrainedModel load(ModelArtifact a) {
        byte[] bytes = registry.loadBytes(a.type(), a.version());
        try {
            return trainer.load(a.type(), bytes);
        } catch (dev.clm.api.CorruptModelException e) {
            throw e.version() == null ? e.withVersion(a.version()) : e; // the trainer cannot know which version the bytes are
        } catch (ModelTrainingException e) {
            if (e.version() != null) throw e;
            throw new ModelTrainingException(a.type(), a.version(), "cannot load registered model: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelTrainingException(a.type(), a.version(), "cannot load registered model: " + e.getMessage(), e);
        }
    }

    /** @throws UnknownModelException if this manager does not manage {@code type} */
    public void requireManaged(ModelType type) {
        if (!modelTypes.contains(type)) throw new UnknownModelException(type, null, "not managed here; managed types: " + modelTypes);
    }
}
