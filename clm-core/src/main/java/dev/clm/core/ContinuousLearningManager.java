package dev.clm.core;

import dev.clm.api.CycleReport;
import dev.clm.api.DataClient;
import dev.clm.api.DriftEventStore;
import dev.clm.api.PerformanceLogStore;
import dev.clm.api.Dataset;
import dev.clm.api.EvaluationResult;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.IllegalTransitionException;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.LoadedModel;
import dev.clm.api.MarketData;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelEvaluator;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.PolicyStore;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import dev.clm.config.ClmConfig;
import dev.clm.eval.DefaultModelEvaluator;
import dev.clm.events.InProcessEventBus;
import dev.clm.events.PromotionEvents;
import dev.clm.metrics.ClmMetrics;
import dev.clm.online.OnlineLearner;
import dev.clm.scheduler.ManagerAutopilot;
import dev.clm.scheduler.SystemStatus;
import dev.clm.store.InMemoryDriftEventStore;
import dev.clm.store.InMemoryPerformanceLogStore;
import dev.clm.supervisor.ModelSupervisor;
import dev.clm.supervisor.SupervisorConfig;
import dev.clm.policy.InMemoryPolicyStore;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.rl.RlAgent;
import dev.clm.rl.RlAgentMaintenance;
import dev.clm.rl.RlMaintenanceResult;
import dev.clm.shadow.ReplayDecisions;
import dev.clm.shadow.ReplayShadowTester;
import dev.clm.shadow.ShadowPolicyConfig;
import dev.clm.shadow.ShadowRecorderConfig;
import dev.clm.shadow.ShadowService;
import dev.clm.store.InMemoryShadowResultStore;
import dev.clm.store.InMemoryRetrainingJobStore;
import dev.clm.train.AliasedTypeTrainer;
import dev.clm.train.SampleWeighting;
import dev.clm.train.SampleWeights;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a trading engine's models fresh: decides when a model type needs retraining, trains
 * candidates, evaluates them against the active version on held-out rows neither has seen,
 * registers them, shadow-tests them and promotes the better one. Build it with
 * {@link #builder()}; every collaborator has a zero-setup default.
 *
 * <p>Thread safety: all methods may be called from any thread. Only one cycle runs at a time
 * per manager (a second {@link #runFullCycle} throws {@link JobAlreadyRunningException}), and
 * the {@link RetrainingJobStore} extends that to every manager sharing the store (with the
 * JDBC store: every process sharing the database). A failed cycle never changes an ACTIVE
 * version: the only write to the active set is the registry's atomic promote at the very end
 * of a model type's pipeline.
 */
public final class ContinuousLearningManager {
    private static final Logger LOG = LoggerFactory.getLogger(ContinuousLearningManager.class);

    private final ClmConfig config;
    private final Clock clock;
    private final DataClient dataClient;
    private final FeatureEngineer featureEngineer;
    private final ModelTrainer trainer;
    private final ModelEvaluator evaluator;
    private final ShadowTester shadowTester;
    private final ModelRegistry registry;
    private final EventPublisher events;
    private final PolicyStore policyStore;
    private final RetrainingJobStore jobStore;
    private final List<ModelType> modelTypes;
    private final Map<ModelType, Map<String, String>> trainingParams;
    private final ModelLoader loader;
    private final TriggerPolicy triggerPolicy;
    private final DatasetSplitter splitter;
    private final ShadowService shadowService;
    private final ReplayDecisions replayDecisions;
    private final AtomicReference<String> runningCycle = new AtomicReference<>();
    // supervision, drift, scheduler, reactions (issue 7): the autopilot is built on first use
    private final ClmMetrics metrics;
    private final DriftEventStore driftEventStore;
    private final ModelSupervisor supervisor;
    private final java.util.concurrent.ScheduledExecutorService schedulerExecutor;
    private final java.util.concurrent.Executor reactionExecutor;
    private ManagerAutopilot autopilot;
    private final Map<ModelType, Set<RetrainTrigger>> requestedTriggers = new ConcurrentHashMap<>();
    /** Null when no RL agents were given. */
    private final RlAgentMaintenance rlMaintenance;
    /** Training cadences by produced type (empty: none). */
    private final Map<ModelType, TrainingCadence> cadences;
    private final Duration cadenceCheckInterval;
    /** Null: datasets are trained with the weights the feature engineer gave them (usually none). */
    private final SampleWeighting sampleWeighting;

    private ContinuousLearningManager(Builder b) {
        this.config = b.config;
        this.clock = b.clock;
        this.dataClient = Objects.requireNonNull(b.dataClient, "dataClient is required");
        this.featureEngineer = Objects.requireNonNull(b.featureEngineer, "featureEngineer is required");
        ModelTrainer given = Objects.requireNonNull(b.trainer, "trainer is required");
        this.cadences = Collections.unmodifiableMap(new LinkedHashMap<>(b.cadences));
        Map<ModelType, ModelType> aliases = new LinkedHashMap<>();
        // a trainer that already serves a cadence type (e.g. an ensemble trainer whose member trainer aliases it) trains it as is
        cadences.forEach((t, c) -> { if (!given.supports(t)) aliases.put(t, c.baseType()); });
        // a cadence type is its base type's model under its own name: the wrapper keeps type() consistent for registry and loaders
        this.trainer = aliases.isEmpty() ? given : new AliasedTypeTrainer(given, aliases);
        this.cadenceCheckInterval = b.cadenceCheckInterval;
        this.sampleWeighting = b.sampleWeighting;
        this.evaluator = b.evaluator != null ? b.evaluator : new DefaultModelEvaluator(clock);
        ShadowPolicyConfig shadowPolicy = b.shadowPolicy != null ? b.shadowPolicy : shadowPolicyFrom(config);
        this.registry = b.registry != null ? b.registry : new InMemoryModelRegistry(clock);
        this.events = b.events != null ? b.events : new InProcessEventBus(clock);
        this.loader = new ModelLoader(registry, trainer);
        this.shadowService = new ShadowService(registry, b.shadowResultStore != null ? b.shadowResultStore : new InMemoryShadowResultStore(),
                events, clock, shadowPolicy, b.shadowRecorder != null ? b.shadowRecorder : ShadowRecorderConfig.defaults(),
                loader::verifyMembersLoadable);
        this.replayDecisions = new ReplayDecisions(registry, shadowPolicy.minSamples());
        this.policyStore = b.policyStore != null ? b.policyStore : new InMemoryPolicyStore();
        this.jobStore = b.jobStore != null ? b.jobStore : new InMemoryRetrainingJobStore(clock);
        LinkedHashSet<ModelType> managed = new LinkedHashSet<>(b.modelTypes != null ? b.modelTypes
                : new ArrayList<>(new java.util.TreeSet<>(given.supportedTypes())));
        managed.addAll(cadences.keySet()); // a registered cadence is always managed
        this.modelTypes = List.copyOf(managed);
        for (ModelType t : modelTypes) {
            if (!trainer.supports(t)) throw new UnknownModelException(t, null, "the trainer supports only " + trainer.supportedTypes());
        }
        // Every managed type may put a candidate forward in one cycle: each is tested at alpha / types (Bonferroni).
        this.shadowTester = b.shadowTester != null ? b.shadowTester : new ReplayShadowTester(shadowPolicy, clock, modelTypes.size());
        this.trainingParams = Map.copyOf(b.trainingParams);
        this.triggerPolicy = new TriggerPolicy(config, dataClient, featureEngineer, evaluator, this::demote);
        this.splitter = new DatasetSplitter(config.validationFraction(), config.testFraction(), config.embargoBars(),
                config.shadowMinPredictions());
        this.metrics = b.metrics != null ? b.metrics : ClmMetrics.noop();
        this.driftEventStore = b.driftEventStore != null ? b.driftEventStore : new InMemoryDriftEventStore();
        this.supervisor = b.supervisor != null ? b.supervisor : new ModelSupervisor(SupervisorConfig.defaults(), clock, events,
                b.performanceLogStore != null ? b.performanceLogStore : new InMemoryPerformanceLogStore(), metrics);
        this.schedulerExecutor = b.schedulerExecutor;
        this.reactionExecutor = b.reactionExecutor;
        // RL agents: reset on the engine's regime.changed events from now on; maintenance via runRlMaintenance().
        this.rlMaintenance = b.rlAgents.isEmpty() ? null
                : new RlAgentMaintenance(b.rlAgents, events, clock, b.rlMinResetInterval).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The shadow promotion policy implied by a {@link ClmConfig}: minimum samples, minimum
     * improvement, significance level and auto-promotion from it, everything else at the
     * {@link ShadowPolicyConfig#defaults()} (a test needs at least 3 samples).
     */
    public static ShadowPolicyConfig shadowPolicyFrom(ClmConfig config) {
        return ShadowPolicyConfig.defaults().withMinSamples(Math.max(3, config.shadowMinPredictions()))
                .withMinImprovement(Math.min(config.minImprovement(), 0.999)).withAlpha(Math.min(config.significanceLevel(), 0.499))
                .withAutoPromote(config.autoPromotion());
    }

    public ClmConfig config() { return config; }
    public Clock clock() { return clock; }
    public ModelRegistry registry() { return registry; }
    public EventPublisher events() { return events; }
    public PolicyStore policyStore() { return policyStore; }
    public RetrainingJobStore jobStore() { return jobStore; }
    public DataClient dataClient() { return dataClient; }
    public FeatureEngineer featureEngineer() { return featureEngineer; }
    public ModelTrainer trainer() { return trainer; }
    /** The model types this manager looks after. */
    public List<ModelType> modelTypes() { return modelTypes; }
    /** Training cadences by the type they produce (empty when none were registered). */
    public Map<ModelType, TrainingCadence> cadences() { return cadences; }
    /** How often the scheduler checks whether a cadence is due (default {@link Builder#DEFAULT_CADENCE_CHECK_INTERVAL}). */
    public Duration cadenceCheckInterval() { return cadenceCheckInterval; }
    /** Live shadow testing, promotion policy and rollback watch; close it at shutdown to write buffered samples. */
    public ShadowService shadowService() { return shadowService; }

    /**
     * Records one signal's ACTIVE and SHADOW predictions from the engine's hot path (lock-free,
     * no allocation in the steady state); returns the sample id for {@link #recordOutcome(long, double, double)}.
     */
    public long recordPrediction(String shadowVersion, String activeVersion, String symbol, long timestampMillis,
                                 double activePrediction, double shadowPrediction) {
        return shadowService.recordPrediction(shadowVersion, activeVersion, symbol, timestampMillis, activePrediction, shadowPrediction);
    }

    /** The realised outcome of a recorded sample (pnl may be NaN when unknown). */
    public void recordOutcome(long sampleId, double realisedReturn, double pnl) {
        shadowService.recordOutcome(sampleId, realisedReturn, pnl);
    }

    /** The realised outcome of every sample recorded for {@code symbol} at {@code timestampMillis}. */
    public void recordOutcome(String symbol, long timestampMillis, double realisedReturn, double pnl) {
        shadowService.recordOutcome(symbol, timestampMillis, realisedReturn, pnl);
    }

    /** Statistics and recommendation of a live SHADOW version on its recorded samples. */
    public ShadowTestResult evaluateShadow(String shadowVersion) {
        return shadowService.evaluateShadow(shadowVersion);
    }

    /**
     * The hourly shadow-promotion job: evaluates every live shadow, promotes the best
     * significant one per type when auto-promotion is on, rejects the losers.
     */
    public List<ShadowService.ShadowReview> reviewShadows() {
        return shadowService.reviewAll();
    }

    /** Promotes the best live shadow of {@code type} if the promotion policy's checks pass. */
    public PromotionResult manualPromoteShadow(ModelType type) {
        requireManaged(type);
        return shadowService.manualPromoteShadow(type, false);
    }

    /** As {@link #manualPromoteShadow(ModelType)}; with {@code force} the newest shadow is promoted even if the checks fail. */
    public PromotionResult manualPromoteShadow(ModelType type, boolean force) {
        requireManaged(type);
        return shadowService.manualPromoteShadow(type, force);
    }

    /** The supervisor the engine logs predictions and outcomes to ({@code logPrediction}, {@code logOutcome}). */
    public ModelSupervisor supervisor() { return supervisor; }
    public ClmMetrics metrics() { return metrics; }
    public DriftEventStore driftEventStore() { return driftEventStore; }

    /** The scheduler, drift checks and event reactions of this manager (created on first use). */
    public synchronized ManagerAutopilot autopilot() {
        if (autopilot == null) {
            autopilot = new ManagerAutopilot(this, supervisor, driftEventStore, metrics, schedulerExecutor, reactionExecutor);
        }
        return autopilot;
    }

    /**
     * Runs the manager by itself: retraining, drift, performance and shadow-promotion checks on
     * the configured schedules, and the reactions to drift, degradation and promotion events.
     * Idempotent.
     */
    public void start() { autopilot().start(); }

    /** Stops the schedules and reactions (a running task finishes). Idempotent. */
    public void stop() {
        ManagerAutopilot a;
        synchronized (this) { a = autopilot; }
        if (a != null) a.stop();
    }

    /** Running state, last/next runs of each periodic task, active and shadow versions, configuration. */
    public SystemStatus getSystemStatus() { return autopilot().getSystemStatus(); }

    /** The RL agents' maintenance (regime resets, snapshots, pruning), if agents were given to the builder. */
    public Optional<RlAgentMaintenance> rlMaintenance() { return Optional.ofNullable(rlMaintenance); }

    /**
     * Periodic RL maintenance for the scheduler: a snapshot of each agent if due, then pruning
     * of stale states. Empty when no RL agents were given. Never throws for one agent's failure.
     */
    public List<RlMaintenanceResult> runRlMaintenance() {
        return rlMaintenance == null ? List.of() : rlMaintenance.runMaintenance();
    }

    /** Whether a cycle is running in this manager right now. */
    public boolean isCycleRunning() {
        return runningCycle.get() != null;
    }

    /** Asks for a retrain of {@code type} at the next cycle with the given trigger (MANUAL, DRIFT, REGIME_SHIFT, ...). */
    public void requestRetrain(ModelType type, RetrainTrigger trigger) {
        requireManaged(type);
        requestedTriggers.computeIfAbsent(type, t -> ConcurrentHashMap.newKeySet()).add(trigger);
    }

    /**
     * Takes an ACTIVE version out of service (ACTIVE to RETIRED, so {@code getActive} answers empty:
     * stay flat) because it is significantly worse than the zero forecast on its live rows; records
     * when and why in its metrics and publishes {@link EventTopics#MODEL_DEMOTED}. A version that is
     * no longer ACTIVE is left alone.
     */
    private void demote(ModelArtifact active, dev.clm.eval.ZeroForecastChallenge.Verdict verdict) {
        try {
            registry.retire(active.type(), active.version());
        } catch (RuntimeException e) {
            LOG.warn("demotion of {} {} skipped: {}", active.type(), active.version(), e.toString());
            return;
        }
        Map<String, Double> m = new LinkedHashMap<>(active.metrics());
        m.put("demoted_at_ms", (double) clock.instant().toEpochMilli());
        m.put("demoted_skill_vs_zero", verdict.skill().mean());
        m.put("demoted_p_value", verdict.skill().pValueLess());
        m.put("demoted_effective_samples", verdict.skill().effectiveSamples());
        try {
            registry.updateMetrics(active.type(), active.version(), m);
        } catch (RuntimeException e) {
            LOG.warn("could not record the demotion of {} {} in its metrics: {}", active.type(), active.version(), e.toString());
        }
        String reason = "demoted: " + verdict.reason();
        LOG.warn("{} {} {}", active.type(), active.version(), reason);
        shadowService.rollbackMonitor().cancel(active.type());
        try {
            if (events.hasSubscribers(EventTopics.MODEL_DEMOTED)) {
                events.publish(EventTopics.MODEL_DEMOTED, Map.of("modelType", active.type().name(), "version", active.version(),
                        "reason", reason));
            }
        } catch (RuntimeException e) {
            LOG.warn("publishing {} failed; ignored", EventTopics.MODEL_DEMOTED, e);
        }
    }

    /** Triggers that fire now for every managed type (an empty set means no retrain is needed). */
    public Map<ModelType, Set<RetrainTrigger>> checkIfRetrainNeeded() {
        return checkIfRetrainNeeded(modelTypes);
    }

    /** Triggers that fire now for each of {@code models}. A check that fails is logged and fires nothing. */
    public Map<ModelType, Set<RetrainTrigger>> checkIfRetrainNeeded(Collection<ModelType> models) {
        Instant now = clock.instant();
        Map<ModelType, Set<RetrainTrigger>> out = new LinkedHashMap<>();
        for (ModelType t : models) {
            requireManaged(t);
            Set<RetrainTrigger> fired = EnumSet.noneOf(RetrainTrigger.class);
            fired.addAll(requestedTriggers.getOrDefault(t, Set.of()));
            try {
                TrainingCadence cadence = cadences.get(t);
                if (cadence == null) {
                    fired.addAll(triggerPolicy.evaluate(registry.getActive(t), now, loader::load));
                } else {
                    Optional<ModelArtifact> newest = registry.history(t, 1).stream().findFirst();
                    fired.addAll(triggerPolicy.evaluate(cadence, newest, registry.getActive(t), now, loader::load));
                }
            } catch (RuntimeException e) {
                LOG.warn("trigger check of {} failed; no trigger fired for it: {}", t, e.toString());
            }
            out.put(t, Set.copyOf(fired));
        }
        return out;
    }

    /** A forced FULL retrain of {@code models}. */
    public CycleReport retrainAll(Collection<ModelType> models) {
        return runFullCycle(true, models);
    }

    /**
     * Runs one cycle: check triggers (all {@code models} are MANUAL when {@code force}), load
     * data, build features, split by time, then for each triggered type train, evaluate,
     * register, shadow-test and promote if better. One type failing never blocks the others;
     * a failure of the cycle itself (data, features, split) is reported with status FAILED.
     *
     * @throws JobAlreadyRunningException if a cycle is already running (in this manager or,
     *         through the job store, anywhere sharing it)
     */
    public CycleReport runFullCycle(boolean force, Collection<ModelType> models) {
        List<ModelType> requested = List.copyOf(new LinkedHashSet<>(models));
        requested.forEach(this::requireManaged);
        String marker = "pending-" + Long.toHexString(System.nanoTime());
        if (!runningCycle.compareAndSet(null, marker)) throw new JobAlreadyRunningException(runningCycle.get());
        try {
            return runCycle(force, requested);
        } finally {
            runningCycle.set(null);
        }
    }

    private CycleReport runCycle(boolean force, List<ModelType> requested) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Map<ModelType, Set<RetrainTrigger>> triggers = new LinkedHashMap<>();
        if (force) {
            for (ModelType t : requested) triggers.put(t, Set.of(RetrainTrigger.MANUAL));
        } else {
            checkIfRetrainNeeded(requested).forEach((t, fired) -> { if (!fired.isEmpty()) triggers.put(t, fired); });
        }
        List<ModelType> toTrain = new ArrayList<>(triggers.keySet());
        RetrainingType kind = retrainingTypeFor(force, toTrain);
        if (toTrain.isEmpty()) {
            return new CycleReport("none", CycleReport.Status.SKIPPED, started, clock.instant(), force, kind, Map.of(), List.of(),
                    Map.of(), Map.of(), List.of(), List.of(), Map.of("total", Duration.ofNanos(System.nanoTime() - t0)),
                    "no retrain trigger fired for " + requested);
        }
        String triggerText = describe(triggers);
        RetrainingJob job = jobStore.start(triggerText, kind, toTrain);
        runningCycle.set(job.id());
        publish(EventTopics.RETRAINING_STARTED, Map.of("jobId", job.id(), "trigger", triggerText));
        CycleCollector c = new CycleCollector();
        try {
            Instant now = clock.instant();
            ModelCycle cycle = new ModelCycle(config, clock, trainer, evaluator, shadowTester, replayDecisions, registry, events,
                    featureEngineer, loader, trainingParams, cadences);
            Map<Duration, List<ModelType>> byLookback = byLookback(toTrain);
            RuntimeException unprepared = null;
            int prepared = 0;
            for (Map.Entry<Duration, List<ModelType>> group : byLookback.entrySet()) {
                DatasetSplitter.Split split;
                try {
                    String suffix = group.getKey().equals(config.trainingLookback()) ? "" : ":" + group.getKey();
                    split = prepare(c, now, group.getKey(), suffix);
                    prepared++;
                } catch (ModelCycle.StageFailure f) {
                    // one lookback's data failing (e.g. too few rows for a short cadence) must not block the others
                    RuntimeException cause = f.getCause() instanceof RuntimeException r ? r : f;
                    if (byLookback.size() == 1) throw cause;
                    unprepared = unprepared == null ? cause : unprepared;
                    for (ModelType type : group.getValue()) {
                        LOG.warn("{} failed at stage {} (lookback {}): {}", type, f.stage, group.getKey(), f.getMessage());
                        c.failed.add(new CycleReport.ModelFailure(type, f.stage, f.getMessage()));
                    }
                    continue;
                }
                for (ModelType type : group.getValue()) {
                    TrainingCadence cadence = cadences.get(type);
                    try {
                        ModelCycle.Outcome o = cycle.run(type, split, cadence != null ? cadence.retrainingType() : kind);
                        c.add(o);
                        shadowService.watchPromotion(o.promotion(), o.shadow());
                        requestedTriggers.remove(type);
                    } catch (ModelCycle.StageFailure f) {
                        LOG.warn("{} failed at stage {}: {}", type, f.stage, f.getMessage(), f.getCause());
                        c.failed.add(new CycleReport.ModelFailure(type, f.stage, f.getMessage()));
                    }
                }
            }
            if (prepared == 0) throw unprepared;
            int succeeded = c.trained.size();
            jobStore.complete(job.id(), toTrain.size(), succeeded);
            Duration total = Duration.ofNanos(System.nanoTime() - t0);
            c.durations.put("total", total);
            publish(EventTopics.RETRAINING_COMPLETED, Map.of("jobId", job.id(), "modelsTrained", toTrain.size(),
                    "modelsSucceeded", succeeded, "durationSec", total.toNanos() / 1e9));
            String msg = succeeded + " of " + toTrain.size() + " model types trained, " + c.promoted.size() + " promoted"
                    + (c.failed.isEmpty() ? "" : ", " + c.failed.size() + " failed");
            return c.report(job.id(), CycleReport.Status.COMPLETED, started, clock.instant(), force, kind, triggers, msg);
        } catch (RuntimeException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.error("retraining job {} failed: {}", job.id(), error, e);
            try {
                jobStore.fail(job.id(), error);
            } catch (RuntimeException storeFailure) {
                LOG.error("could not record the failure of job {}", job.id(), storeFailure);
            }
            Duration total = Duration.ofNanos(System.nanoTime() - t0);
            c.durations.put("total", total);
            publish(EventTopics.RETRAINING_FAILED, Map.of("jobId", job.id(), "error", error, "durationSec", total.toNanos() / 1e9));
            return c.report(job.id(), CycleReport.Status.FAILED, started, clock.instant(), force, kind, triggers, error);
        }
    }

    /** The types to train grouped by training lookback (a cadence's, else the configured one), in order of first appearance. */
    private Map<Duration, List<ModelType>> byLookback(List<ModelType> types) {
        Map<Duration, List<ModelType>> groups = new LinkedHashMap<>();
        for (ModelType t : types) {
            TrainingCadence cadence = cadences.get(t);
            groups.computeIfAbsent(cadence != null ? cadence.lookback() : config.trainingLookback(), k -> new ArrayList<>()).add(t);
        }
        return groups;
    }

    /**
     * Loads {@code lookback} of data up to {@code now}, builds features, splits by time and
     * applies the sample weighting to train and validation (never to test). Each step is timed
     * ({@code data}, {@code features}, {@code split}, {@code weights}, plus {@code suffix}) and
     * a failure is a {@link ModelCycle.StageFailure} naming the step.
     */
    private DatasetSplitter.Split prepare(CycleCollector c, Instant now, Duration lookback, String suffix) {
        MarketData bars = stage(c, "data", suffix, () -> dataClient.loadTrainingData(now.minus(lookback), now));
        Dataset dataset = stage(c, "features", suffix, () -> featureEngineer.transform(bars));
        DatasetSplitter.Split split = stage(c, "split", suffix, () -> splitter.split(dataset));
        if (sampleWeighting == null) return split;
        return stage(c, "weights", suffix, () -> weighted(split));
    }

    /** The split with the sample weighting applied to train and validation; test rows stay unweighted for evaluation. */
    private DatasetSplitter.Split weighted(DatasetSplitter.Split split) {
        Instant validationStart = Instant.ofEpochMilli(split.validation().timestamps()[0]);
        Instant testStart = Instant.ofEpochMilli(split.test().timestamps()[0]);
        Dataset train = SampleWeights.apply(split.train(), sampleWeighting.weights(split.train(), validationStart), "train split");
        Dataset validation = SampleWeights.apply(split.validation(), sampleWeighting.weights(split.validation(), testStart),
                "validation split");
        return new DatasetSplitter.Split(train, validation, split.test().weights() == null ? split.test() : split.test().withWeights(null));
    }

    private static <T> T stage(CycleCollector c, String stage, String suffix, java.util.function.Supplier<T> work) {
        try {
            return timed(c, stage + suffix, work);
        } catch (RuntimeException e) {
            throw new ModelCycle.StageFailure(stage, e);
        }
    }

    /** INCREMENTAL when configured; else FULL for a forced cycle or one covering every managed type; else PARTIAL. */
    private RetrainingType retrainingTypeFor(boolean force, List<ModelType> toTrain) {
        if (config.retrainingType() == RetrainingType.INCREMENTAL) return RetrainingType.INCREMENTAL;
        if (config.retrainingType() == RetrainingType.PARTIAL) return RetrainingType.PARTIAL;
        return force || toTrain.containsAll(modelTypes) ? RetrainingType.FULL : RetrainingType.PARTIAL;
    }

    /**
     * Scores each type's ACTIVE version on the newest data it has not seen
     * ({@code performanceWindow}); types without an active version or unseen rows are left out.
     */
    public Map<ModelType, EvaluationResult> evaluateModels(Collection<ModelType> models) {
        Dataset recent = recentDataset(config.performanceWindow());
        Map<ModelType, EvaluationResult> out = new LinkedHashMap<>();
        for (ModelType t : models) {
            requireManaged(t);
            Optional<ModelArtifact> a = registry.getActive(t);
            if (a.isEmpty()) continue;
            Dataset unseen = after(recent, a.get());
            if (unseen.rows() == 0) continue;
            try (TrainedModel m = loader.load(a.get())) {
                out.put(t, evaluator.evaluate(m, unseen));
            }
        }
        return out;
    }

    /**
     * The replay decision of the newest replay-only SHADOW version of each type against its
     * ACTIVE version. A shadow is replayed on the newest {@code performanceWindow} of data that
     * neither model has seen, and only until it is decided: the first replay on at least the
     * policy's {@code minSamples} rows is final ({@link ReplayDecisions}: recorded in the
     * shadow's registry metrics, anything but PROMOTE is REJECT) and later calls, also after a
     * restart, return that recorded decision without testing again, until another version
     * becomes ACTIVE. Shadows the engine records live samples for are left to the live,
     * fixed-horizon review ({@link ShadowService#reviewShadows}). Types with no such shadow are
     * left out.
     */
    public Map<ModelType, ShadowTestResult> runShadowTests(Collection<ModelType> models) {
        Dataset recent = null;
        Map<ModelType, ShadowTestResult> out = new LinkedHashMap<>();
        for (ModelType t : models) {
            requireManaged(t);
            Optional<ModelArtifact> found = registry.findByStatus(t, ModelStatus.SHADOW).stream()
                    .filter(s -> !shadowService.hasLiveSamples(t, s.version())).findFirst();
            if (found.isEmpty()) continue;
            ModelArtifact shadow = found.get();
            Optional<ModelArtifact> active = registry.getActive(t);
            Optional<ShadowTestResult> decided = replayDecisions.recorded(shadow, active.orElse(null));
            if (decided.isPresent()) {
                out.put(t, decided.get());
                continue;
            }
            if (recent == null) recent = recentDataset(config.performanceWindow());
            Dataset window = after(recent, shadow);
            if (active.isPresent()) window = after(window, active.get());
            if (window.rows() < 2) continue;
            Dataset rows = window;
            try (TrainedModel s = loader.load(shadow); TrainedModel a = active.isPresent() ? loader.load(active.get()) : null) {
                out.put(t, replayDecisions.decide(shadow, active.orElse(null), () -> shadowTester.runShadowTest(t,
                        new LoadedModel(shadow.version(), s), a == null ? null : new LoadedModel(active.get().version(), a), rows)));
            }
        }
        return out;
    }

    /**
     * Acts on shadow results: PROMOTE promotes the candidate (the previous ACTIVE is retired),
     * REJECT marks it REJECTED, CONTINUE_TESTING leaves it in SHADOW. Calling this is an explicit
     * decision, so it promotes even when auto-promotion is off. An ensemble whose members do not
     * all load is never promoted: the member's exception is thrown before anything changes.
     */
    public List<PromotionResult> promoteIfBetter(Map<ModelType, ShadowTestResult> results) {
        // an ensemble is promoted only if all its members load; check every one before promoting any
        for (ShadowTestResult r : results.values()) {
            if (r.decision() == ShadowDecision.PROMOTE) loader.verifyMembersLoadable(registry.require(r.modelType(), r.candidateVersion()));
        }
        List<PromotionResult> promoted = new ArrayList<>();
        for (ShadowTestResult r : results.values()) {
            ModelArtifact candidate = registry.require(r.modelType(), r.candidateVersion());
            if (candidate.status() != ModelStatus.SHADOW && candidate.status() != ModelStatus.CANDIDATE) continue;
            if (r.decision() == ShadowDecision.PROMOTE) {
                PromotionResult p = registry.promote(r.modelType(), r.candidateVersion(), r.reason());
                PromotionEvents.publish(events, p);
                shadowService.watchPromotion(p, r);
                promoted.add(p);
            } else if (r.decision() == ShadowDecision.REJECT) {
                registry.updateStatus(r.modelType(), r.candidateVersion(), ModelStatus.REJECTED);
            }
        }
        return promoted;
    }

    /**
     * Makes a RETIRED {@code version} of {@code type} ACTIVE again (the current ACTIVE is retired).
     *
     * @throws UnknownModelException      if the version does not exist
     * @throws IllegalTransitionException if it is not RETIRED
     */
    public PromotionResult rollback(ModelType type, String version) {
        requireManaged(type);
        ModelArtifact target = registry.require(type, version);
        if (target.status() != ModelStatus.RETIRED) {
            throw new IllegalTransitionException(type, version, target.status(), ModelStatus.ACTIVE);
        }
        // verify the artifact loads before touching the active set
        try (TrainedModel ignored = loader.load(target)) {
            LOG.info("rolling {} back to {}", type, version);
        }
        PromotionResult r = registry.promote(type, version, "rollback to " + version);
        publish(EventTopics.MODEL_ROLLED_BACK, Map.of("modelType", type.name(), "fromVersion",
                r.oldVersion() == null ? "" : r.oldVersion(), "toVersion", version, "reason", "manual rollback"));
        PromotionEvents.publish(events, r);
        return r;
    }

    /** One line per managed type: active version, its age and metrics, shadows, version count. */
    public List<ModelStatusSummary> getModelStatusSummary() {
        Instant now = clock.instant();
        List<ModelStatusSummary> out = new ArrayList<>();
        for (ModelType t : modelTypes) {
            Optional<ModelArtifact> a = registry.getActive(t);
            List<String> shadows = registry.findByStatus(t, ModelStatus.SHADOW).stream().map(ModelArtifact::version).toList();
            int versions = registry.history(t, Integer.MAX_VALUE).size();
            out.add(new ModelStatusSummary(t, a.map(ModelArtifact::version).orElse(null), a.map(ModelArtifact::promotedAt).orElse(null),
                    a.map(ModelArtifact::trainedAt).orElse(null), a.map(x -> Duration.between(x.trainedAt(), now)).orElse(null),
                    shadows, versions, a.map(ModelArtifact::metrics).orElse(Map.of())));
        }
        return out;
    }

    /**
     * Labelled feature rows of the last {@code window} (up to now), with the history before the
     * window loaded for the feature warm-up. Rows whose label is not known yet are left out.
     */
    public Dataset recentDataset(Duration window) {
        return RecentData.labelledRows(dataClient, featureEngineer, clock.instant(), window);
    }

    /**
     * Registers a live {@link OnlineLearner}'s current state as a CANDIDATE version of
     * {@code type} (for example {@link ModelType#ONLINE}), so it is shadow-tested and promoted by
     * the same rules as a trained version. {@code dataSeen} is the span of the rows it has
     * learned (rows after its end count as unseen when it is evaluated); {@code parentVersion}
     * is the version it was loaded from, or null. The snapshot must load with this manager's
     * trainer and the learner's features must be the feature engineer's. Nothing ACTIVE changes.
     *
     * @throws IllegalArgumentException if the learner's features are not the feature engineer's
     * @throws UnknownModelException    if the type is not managed or the parent version does not exist
     */
    public ModelArtifact registerOnlineSnapshot(ModelType type, OnlineLearner learner, TimeRange dataSeen, String parentVersion) {
        requireManaged(type);
        Objects.requireNonNull(dataSeen, "dataSeen");
        if (!learner.featureNames().equals(featureEngineer.featureNames())) {
            throw new IllegalArgumentException("learner features " + learner.featureNames() + " differ from the feature engineer's "
                    + featureEngineer.featureNames());
        }
        if (parentVersion != null) registry.require(type, parentVersion);
        byte[] bytes = learner.snapshot();
        OnlineLearner saved = OnlineLearner.fromSnapshot(bytes); // what the bytes hold, even if the learner moved on since
        Map<String, String> provenance = new LinkedHashMap<>();
        String format;
        try (TrainedModel check = trainer.load(type, bytes)) { // refuse bytes this manager could not load later
            provenance.putAll(check.provenance());
            format = check.format();
        }
        provenance.put("clm_version", ClmVersion.VERSION);
        provenance.put("java_version", System.getProperty("java.version"));
        provenance.put("source", "live online learner snapshot");
        String version = VersionNames.next(registry, type, clock.instant());
        ModelArtifact artifact = registry.save(new ModelArtifact(type, version, ModelStatus.CANDIDATE, clock.instant(), dataSeen,
                saved.updates(), Map.of(), featureEngineer.config(), saved.config().toParams(), provenance, parentVersion,
                dev.clm.api.Checksums.sha256Hex(bytes), bytes.length, format, null, null), bytes);
        publish(EventTopics.MODEL_REGISTERED, Map.of("modelType", type.name(), "version", version,
                "parentVersion", parentVersion == null ? "" : parentVersion));
        return artifact;
    }

    /** Loads the ACTIVE version of {@code type} for predictions; the caller owns (closes) it. */
    public Optional<LoadedModel> loadActiveModel(ModelType type) {
        return registry.getActive(type).map(a -> new LoadedModel(a.version(), loader.load(a)));
    }

    private static Dataset after(Dataset d, ModelArtifact a) {
        return d.slice(d.indexAtOrAfter(a.trainingRange().end().toEpochMilli() + 1), d.rows());
    }

    private void requireManaged(ModelType t) {
        if (!modelTypes.contains(t)) throw new UnknownModelException(t, null, "not managed here; managed types: " + modelTypes);
    }

    private void publish(String topic, Map<String, Object> payload) {
        if (!events.hasSubscribers(topic)) return;
        try {
            events.publish(topic, payload);
        } catch (RuntimeException e) {
            LOG.warn("publishing {} failed", topic, e);
        }
    }

    private static String describe(Map<ModelType, Set<RetrainTrigger>> triggers) {
        StringBuilder sb = new StringBuilder();
        triggers.forEach((t, s) -> sb.append(sb.length() == 0 ? "" : "; ").append(t).append('=').append(new java.util.TreeSet<>(s)));
        return sb.toString();
    }

    private static <T> T timed(CycleCollector c, String stage, java.util.function.Supplier<T> work) {
        long t = System.nanoTime();
        try {
            return work.get();
        } finally {
            c.durations.put(stage, Duration.ofNanos(System.nanoTime() - t));
        }
    }

    /** Accumulates a cycle's outcomes. */
    private static final class CycleCollector {
        final List<CycleReport.TrainedVersion> trained = new ArrayList<>();
        final Map<ModelType, CycleReport.ModelEvaluation> evaluations = new LinkedHashMap<>();
        final Map<ModelType, ShadowTestResult> shadows = new LinkedHashMap<>();
        final List<PromotionResult> promoted = new ArrayList<>();
        final List<CycleReport.ModelFailure> failed = new ArrayList<>();
        final Map<String, Duration> durations = new LinkedHashMap<>();

        void add(ModelCycle.Outcome o) {
            trained.add(o.trained());
            evaluations.put(o.trained().type(), o.evaluation());
            shadows.put(o.trained().type(), o.shadow());
            if (o.promotion() != null) promoted.add(o.promotion());
            durations.putAll(o.durations());
        }

        CycleReport report(String jobId, CycleReport.Status status, Instant started, Instant finished, boolean force,
                           RetrainingType kind, Map<ModelType, Set<RetrainTrigger>> triggers, String message) {
            return new CycleReport(jobId, status, started, finished, force, kind, triggers, trained, evaluations, shadows, promoted,
                    failed, durations, message);
        }
    }

    /** Builds a manager; data client, feature engineer and trainer are required, the rest default. */
    public static final class Builder {
        private ClmConfig config = ClmConfig.defaults();
        private Clock clock = Clock.systemUTC();
        private DataClient dataClient;
        private FeatureEngineer featureEngineer;
        private ModelTrainer trainer;
        private ModelEvaluator evaluator;
        private ShadowTester shadowTester;
        private ModelRegistry registry;
        private EventPublisher events;
        private PolicyStore policyStore;
        private RetrainingJobStore jobStore;
        private ClmMetrics metrics;
        private DriftEventStore driftEventStore;
        private PerformanceLogStore performanceLogStore;
        private ModelSupervisor supervisor;
        private java.util.concurrent.ScheduledExecutorService schedulerExecutor;
        private java.util.concurrent.Executor reactionExecutor;
        private List<ModelType> modelTypes;
        private ShadowResultStore shadowResultStore;
        private ShadowPolicyConfig shadowPolicy;
        private ShadowRecorderConfig shadowRecorder;
        private final Map<ModelType, Map<String, String>> trainingParams = new LinkedHashMap<>();
        private final List<RlAgent> rlAgents = new ArrayList<>();
        private Duration rlMinResetInterval = Duration.ZERO;
        private final Map<ModelType, TrainingCadence> cadences = new LinkedHashMap<>();
        private Duration cadenceCheckInterval = DEFAULT_CADENCE_CHECK_INTERVAL;
        private SampleWeighting sampleWeighting;

        /** How often the scheduler checks cadence types when cadences are registered: 1 hour. */
        public static final Duration DEFAULT_CADENCE_CHECK_INTERVAL = Duration.ofHours(1);

        private Builder() {}

        public Builder config(ClmConfig v) { config = Objects.requireNonNull(v, "config"); return this; }
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v, "clock"); return this; }
        public Builder dataClient(DataClient v) { dataClient = v; return this; }
        public Builder featureEngineer(FeatureEngineer v) { featureEngineer = v; return this; }
        public Builder trainer(ModelTrainer v) { trainer = v; return this; }
        public Builder evaluator(ModelEvaluator v) { evaluator = v; return this; }
        public Builder shadowTester(ShadowTester v) { shadowTester = v; return this; }
        public Builder registry(ModelRegistry v) { registry = v; return this; }
        public Builder events(EventPublisher v) { events = v; return this; }
        public Builder policyStore(PolicyStore v) { policyStore = v; return this; }
        public Builder jobStore(RetrainingJobStore v) { jobStore = v; return this; }
        /** Where live shadow samples go (default in memory; the JDBC store for durability). */
        public Builder shadowResultStore(ShadowResultStore v) { shadowResultStore = v; return this; }
        /** The promotion/rollback policy (default {@link ContinuousLearningManager#shadowPolicyFrom(ClmConfig)}); also used by the default replay tester. */
        public Builder shadowPolicy(ShadowPolicyConfig v) { shadowPolicy = v; return this; }
        /** Sizing of the live recorder (default {@link ShadowRecorderConfig#defaults()}). */
        public Builder shadowRecorder(ShadowRecorderConfig v) { shadowRecorder = v; return this; }
        /** Metrics sink (default no-op; {@code new MicrometerClmMetrics(registry)} with Micrometer). */
        public Builder metrics(ClmMetrics v) { metrics = v; return this; }
        public Builder driftEventStore(DriftEventStore v) { driftEventStore = v; return this; }
        public Builder performanceLogStore(PerformanceLogStore v) { performanceLogStore = v; return this; }
        public Builder supervisor(ModelSupervisor v) { supervisor = v; return this; }
        /** Runs the scheduler's ticks (default: its own daemon thread). */
        public Builder schedulerExecutor(java.util.concurrent.ScheduledExecutorService v) { schedulerExecutor = v; return this; }
        /** Runs the event reactions (default: the autopilot's own daemon thread). */
        public Builder reactionExecutor(java.util.concurrent.Executor v) { reactionExecutor = v; return this; }
        /** The model types to manage (default: every type the trainer supports). */
        public Builder modelTypes(Collection<ModelType> v) { modelTypes = List.copyOf(new LinkedHashSet<>(v)); return this; }
        /** Parameters for one type, merged over the trainer's defaults. */
        public Builder trainingParams(ModelType type, Map<String, String> params) { trainingParams.put(type, Map.copyOf(params)); return this; }

        /**
         * RL agents (for example {@code RlMetaStrategy}, {@code RlPositionSizing}) the manager keeps
         * healthy: reset on {@code regime.changed}, snapshot and prune in {@link #runRlMaintenance()}.
         */
        public Builder rlAgents(Collection<? extends RlAgent> v) {
            Objects.requireNonNull(v, "rlAgents").forEach(a -> rlAgents.add(Objects.requireNonNull(a, "rlAgents must not contain null")));
            return this;
        }
        /** Regime resets closer together than this are skipped (default zero: every change resets). */
        public Builder rlMinResetInterval(Duration v) { rlMinResetInterval = Objects.requireNonNull(v, "rlMinResetInterval"); return this; }

        /**
         * Adds a training cadence: its type is managed, trained by the trainer of its base type
         * with its own interval, lookback and retraining type (see {@link TrainingCadence}).
         * The base type must be supported by the trainer; the cadence type must not be.
         */
        public Builder cadence(TrainingCadence v) {
            Objects.requireNonNull(v, "cadence");
            if (cadences.putIfAbsent(v.type(), v) != null) throw new IllegalArgumentException("cadence type " + v.type() + " registered twice");
            return this;
        }

        /**
         * How often the scheduler's retraining task checks the cadence types (default 1 hour;
         * only used when cadences are registered). The other types keep the configured retrain
         * schedule. Positive.
         */
        public Builder cadenceCheckInterval(Duration v) {
            if (v == null || v.isNegative() || v.isZero()) throw new IllegalArgumentException("cadenceCheckInterval must be positive, was " + v);
            cadenceCheckInterval = v;
            return this;
        }

        /**
         * Per-row sample weights for every cycle's training and validation splits (never the
         * test split the evaluation and replay shadow test score on), for example
         * {@code SampleWeights.rewardRisk(engineTrades)} or {@code SampleWeights.classBalance()}.
         * Replaces any weights the feature engineer set on those splits. A trainer that cannot
         * use weights trains without them; the version's provenance then says
         * {@code sample_weights=ignored} and a WARN names the type. Default: none.
         */
        public Builder sampleWeighting(SampleWeighting v) { sampleWeighting = v; return this; }

        public ContinuousLearningManager build() {
            return new ContinuousLearningManager(this);
        }
    }
}
