package dev.clm.core;

import dev.clm.api.Checksums;
import dev.clm.api.CycleReport;
import dev.clm.api.Dataset;
import dev.clm.api.EvaluationResult;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelEvaluator;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.config.ClmConfig;
import dev.clm.events.PromotionEvents;
import dev.clm.shadow.ReplayDecisions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains, evaluates, registers and shadow-tests one model type inside a cycle, and promotes
 * the candidate if the shadow test says so. Every failure is thrown as a {@link StageFailure}
 * naming the stage; the ACTIVE version is only ever changed by the final, atomic promote.
 */
final class ModelCycle {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCycle.class);

    /** A failure at a named stage of one model type. */
    static final class StageFailure extends RuntimeException {
        final String stage;

        StageFailure(String stage, Throwable cause) {
            super(CycleErrors.describe(cause), cause);
            this.stage = stage;
        }
    }

    /** What happened to one type; {@code note} says why an existing ACTIVE version was not used (else null). */
    record Outcome(CycleReport.TrainedVersion trained, CycleReport.ModelEvaluation evaluation, ShadowTestResult shadow,
                   PromotionResult promotion, Map<String, Duration> durations, String note) {}

    private final ClmConfig config;
    private final Clock clock;
    private final ModelTrainer trainer;
    private final ModelEvaluator evaluator;
    private final ShadowTester shadowTester;
    private final ReplayDecisions replayDecisions;
    private final ModelRegistry registry;
    private final EventPublisher events;
    private final FeatureEngineer features;
    private final ModelLoader loader;
    private final Map<ModelType, Map<String, String>> params;
    private final Map<ModelType, TrainingCadence> cadences;

    ModelCycle(ClmConfig config, Clock clock, ModelTrainer trainer, ModelEvaluator evaluator, ShadowTester shadowTester,
               ReplayDecisions replayDecisions, ModelRegistry registry, EventPublisher events, FeatureEngineer features, ModelLoader loader,
               Map<ModelType, Map<String, String>> params, Map<ModelType, TrainingCadence> cadences) {
        this.config = config;
        this.clock = clock;
        this.trainer = trainer;
        this.evaluator = evaluator;
        this.shadowTester = shadowTester;
        this.replayDecisions = replayDecisions;
        this.registry = registry;
        this.events = events;
        this.features = features;
        this.loader = loader;
        this.params = params;
        this.cadences = cadences;
    }

    Outcome run(ModelType type, DatasetSplitter.Split split, RetrainingType requested) {
        Map<String, Duration> durations = new LinkedHashMap<>();
        // --- failure handling: an unloadable ACTIVE does not block the type (see UsableActive); any Throwable is a
        // StageFailure of this type except a fatal VirtualMachineError, rethrown after clean-up (see CycleErrors) ---
        UsableActive usable = UsableActive.open(type, stage("load-active", () -> registry.getActive(type)), loader);
        Optional<ModelArtifact> activeArtifact = usable.artifact();
        TrainedModel active = usable.model();
        TrainedModel candidate = null;
        String version = null;
        try {
            Map<String, String> typeParams = mergedParams(type);
            boolean incremental = requested == RetrainingType.INCREMENTAL && active != null;
            Dataset trainRows = incremental ? rowsAfter(split.train(), activeArtifact.get().trainingRange()) : split.train();
            if (incremental && trainRows.rows() < config.shadowMinPredictions()) {
                LOG.info("{}: only {} new training rows since the active model's data ended; training from scratch instead",
                        type, trainRows.rows());
                incremental = false;
                trainRows = split.train();
            }
            long t0 = System.nanoTime();
            TrainedModel activeForWarmStart = active;
            Dataset rows = trainRows;
            candidate = incremental
                    ? stage("train", () -> trainer.trainIncremental(type, activeForWarmStart, rows, split.validation(), typeParams))
                    : stage("train", () -> trainer.train(type, rows, split.validation(), typeParams));
            Duration trainTime = Duration.ofNanos(System.nanoTime() - t0);
            durations.put("train:" + type, trainTime);

            // Compare on held-out rows neither model has seen (the active's data ended at its trainingRange end).
            Dataset evalRows = activeArtifact.isPresent() ? rowsAfter(split.test(), activeArtifact.get().trainingRange()) : split.test();
            if (evalRows.rows() == 0) {
                throw new StageFailure("evaluate", new IllegalStateException("no test rows after the active model's training data ended ("
                        + activeArtifact.get().trainingRange().end() + "); cannot compare fairly"));
            }
            long t1 = System.nanoTime();
            TrainedModel cand = candidate;
            TrainedModel act = active;
            EvaluationResult candEval = stage("evaluate", () -> evaluator.evaluate(cand, evalRows));
            EvaluationResult activeEval = act == null ? null : stage("evaluate-active", () -> evaluator.evaluate(act, evalRows));
            EvaluationResult baseline = evaluator.evaluatePredictions(new double[evalRows.rows()], evalRows);
            EvaluationResult compared = evaluator.compareToActive(candEval, activeEval != null ? activeEval : baseline);
            durations.put("evaluate:" + type, Duration.ofNanos(System.nanoTime() - t1));

            ModelArtifact saved = register(type, candidate, trainRows, split, compared, baseline, typeParams,
                    incremental ? activeArtifact.get().version() : null, trainTime, trainedAs(incremental, requested));
            version = saved.version();
            String v = version;
            ModelArtifact asShadow = stage("register", () -> registry.updateStatus(type, v, ModelStatus.SHADOW));

            long t2 = System.nanoTime();
            LoadedModel candLoaded = new LoadedModel(version, candidate);
            LoadedModel activeLoaded = active == null ? null : new LoadedModel(activeArtifact.get().version(), active);
            // The first look of a replay: final (and recorded) once it has the policy's minimum rows.
            ShadowTestResult shadow = stage("shadow", () -> replayDecisions.decide(asShadow, activeArtifact.orElse(null),
                    () -> shadowTester.runShadowTest(type, candLoaded, activeLoaded, evalRows)));
            durations.put("shadow:" + type, Duration.ofNanos(System.nanoTime() - t2));

            PromotionResult promotion = decide(type, version, shadow);
            CycleReport.TrainedVersion trained = new CycleReport.TrainedVersion(type, version, saved.parentVersion(),
                    trainedAs(incremental, requested), trainRows.rows(), trainTime);
            CycleReport.ModelEvaluation evaluation = new CycleReport.ModelEvaluation(type, version, compared,
                    activeArtifact.map(ModelArtifact::version).orElse(null), activeEval, baseline);
            return new Outcome(trained, evaluation, shadow, promotion, durations, usable.note());
        } catch (Throwable e) {
            if (version != null) rejectQuietly(type, version);
            if (e instanceof StageFailure || CycleErrors.isFatal(e)) throw CycleErrors.rethrow(e);
            throw new StageFailure("cycle", e);
        } finally {
            if (candidate != null) candidate.close();
            if (active != null) active.close();
        }
    }

    /** What the version really was: an INCREMENTAL request without a usable active model trained FULL. */
    private static RetrainingType trainedAs(boolean incremental, RetrainingType requested) {
        if (incremental) return RetrainingType.INCREMENTAL;
        return requested == RetrainingType.INCREMENTAL ? RetrainingType.FULL : requested;
    }

    private PromotionResult decide(ModelType type, String version, ShadowTestResult shadow) {
        if (shadow.decision() == ShadowDecision.REJECT) {
            stage("reject", () -> registry.updateStatus(type, version, ModelStatus.REJECTED));
            return null;
        }
        if (shadow.decision() != ShadowDecision.PROMOTE) return null;
        if (!config.autoPromotion()) {
            publish(EventTopics.SHADOW_PROMOTION_RECOMMENDED, Map.of("modelType", type.name(), "candidateVersion", version,
                    "activeVersion", String.valueOf(shadow.activeVersion()), "reason", shadow.reason()));
            return null;
        }
        stage("verify-members", () -> {
            loader.verifyMembersLoadable(registry.require(type, version));
            return null;
        });
        PromotionResult r = stage("promote", () -> registry.promote(type, version, shadow.reason()));
        PromotionEvents.publish(events, r);
        return r;
    }

    private ModelArtifact register(ModelType type, TrainedModel model, Dataset trainRows, DatasetSplitter.Split split,
                                   EvaluationResult eval, EvaluationResult zero, Map<String, String> typeParams, String parent, Duration trainTime,
                                   RetrainingType kind) {
        return stage("register", () -> {
            byte[] bytes = model.serialize();
            String version = VersionNames.next(registry, type, clock.instant());
            Map<String, Double> metrics = new LinkedHashMap<>(MetricNames.of(eval));
            metrics.put(MetricNames.TRAINING_SECONDS, trainTime.toNanos() / 1e9);
            if (zero.mae() > 0) metrics.put(MetricNames.MAE_VS_ZERO, eval.mae() / zero.mae());
            Map<String, String> provenance = new HashMap<>(model.provenance());
            provenance.put("clm_version", ClmVersion.VERSION);
            provenance.put("java_version", System.getProperty("java.version"));
            provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
            provenance.put("retraining_type", kind.name());
            TrainingCadence cadence = cadences.get(type);
            if (cadence != null) {
                provenance.put("cadence.base_type", cadence.baseType().name());
                provenance.put("cadence.interval", cadence.interval().toString());
                provenance.put("cadence.lookback", cadence.lookback().toString());
            }
            if (trainRows.weights() != null || split.validation().weights() != null) {
                boolean used = trainer.supportsSampleWeights(type);
                provenance.put("sample_weights", used ? "used" : "ignored");
                if (!used && !"ignored".equals(model.provenance().get("sample_weights"))) {
                    LOG.warn("the trainer of {} does not support sample weights; the weights of its {} training rows were ignored", type,
                            trainRows.rows());
                }
            }
            provenance.put("validation_rows", Integer.toString(split.validation().rows()));
            provenance.put("test_rows", Integer.toString(split.test().rows()));
            // Training range: first training row up to the last label that training (incl. early stopping) saw.
            long lastSeen = split.validation().rows() > 0
                    ? split.validation().labelEndTimestamps()[split.validation().rows() - 1]
                    : trainRows.labelEndTimestamps()[trainRows.rows() - 1];
            TimeRange range = TimeRange.ofEpochMillis(trainRows.timestamps()[0], Math.max(lastSeen, trainRows.timestamps()[0]));
            ModelArtifact a = new ModelArtifact(type, version, ModelStatus.CANDIDATE, clock.instant(), range, trainRows.rows(),
                    metrics, features.config(), typeParams, provenance, parent, Checksums.sha256Hex(bytes), bytes.length,
                    model.format(), null, null);
            ModelArtifact saved = registry.save(a, bytes);
            publish(EventTopics.MODEL_REGISTERED, Map.of("modelType", type.name(), "version", version,
                    "parentVersion", parent == null ? "" : parent));
            return saved;
        });
    }

    /** Trainer defaults, then the manager's parameters for a cadence's base type, then those for the type itself. */
    private Map<String, String> mergedParams(ModelType type) {
        Map<String, String> p = new LinkedHashMap<>(trainer.defaultParams(type));
        TrainingCadence cadence = cadences.get(type);
        if (cadence != null) p.putAll(params.getOrDefault(cadence.baseType(), Map.of()));
        p.putAll(params.getOrDefault(type, Map.of()));
        return p;
    }

    private static Dataset rowsAfter(Dataset d, TimeRange seen) {
        return d.slice(d.indexAtOrAfter(seen.end().toEpochMilli() + 1), d.rows());
    }

    private void rejectQuietly(ModelType type, String version) {
        try {
            var a = registry.find(type, version);
            if (a.isPresent() && a.get().status().canTransitionTo(ModelStatus.REJECTED)) {
                registry.updateStatus(type, version, ModelStatus.REJECTED);
            }
        } catch (Throwable e) {
            LOG.warn("could not mark failed candidate {} {} as REJECTED", type, version, e);
            if (CycleErrors.isFatal(e)) throw CycleErrors.rethrow(e);
        }
    }

    private void publish(String topic, Map<String, Object> payload) {
        if (events.hasSubscribers(topic)) events.publish(topic, payload);
    }

    private static <T> T stage(String stage, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StageFailure f) {
            throw f;
        } catch (Throwable e) {
            if (!CycleErrors.isFatal(e)) throw new StageFailure(stage, e);
            LOG.error("fatal {} at stage {}; the cycle ends after clean-up", e.getClass().getSimpleName(), stage);
            throw CycleErrors.rethrow(e);
        }
    }
}
