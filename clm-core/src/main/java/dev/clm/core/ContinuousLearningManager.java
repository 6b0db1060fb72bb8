package dev.clm.core;

import dev.clm.api.CycleReport;
import dev.clm.api.DataClient;
import dev.clm.api.Dataset;
import dev.clm.api.DriftEventStore;
import dev.clm.api.EvaluationResult;
import dev.clm.api.EventPublisher;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.IllegalTransitionException;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelEvaluator;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLogStore;
import dev.clm.api.PolicyStore;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import dev.clm.config.ClmConfig;
import dev.clm.context.ClmContext;
import dev.clm.report.CycleJournal;
import dev.clm.metrics.ClmMetrics;
import dev.clm.online.OnlineLearner;
import dev.clm.rl.RlAgent;
import dev.clm.rl.RlAgentMaintenance;
import dev.clm.rl.RlMaintenanceResult;
import dev.clm.scheduler.SystemStatus;
import dev.clm.shadow.Promoter;
import dev.clm.shadow.ShadowPolicyConfig;
import dev.clm.shadow.ShadowPromotionRefusedException;
import dev.clm.shadow.ShadowRecorderConfig;
import dev.clm.shadow.ShadowService;
import dev.clm.supervisor.ModelSupervisor;
import dev.clm.train.SampleWeighting;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps a trading engine's models fresh: decides when a model type needs retraining, trains
 * candidates, evaluates them against the active version on held-out rows neither has seen,
 * registers them, shadow-tests them and promotes the better one. Build it with
 * {@link #builder()}; every collaborator has a zero-setup default. A facade: the builder wires
 * the components once ({@link ClmContext}); the cycle is {@link ModelCycle}, every promotion
 * goes through the {@link Promoter}, shadows are decided in one place, and the schedules run in
 * the {@link ManagerAutopilot}.
 *
 * <p>Thread safety: all methods may be called from any thread. Only one cycle runs at a time
 * per manager (a second {@link #runFullCycle} throws {@link JobAlreadyRunningException}), and
 * the {@link RetrainingJobStore} extends that to every manager sharing the store (with the
 * JDBC store: every process sharing the database). A failed cycle never changes an ACTIVE
 * version. {@link #close()} stops the schedules and releases what the manager created.
 */
public final class ContinuousLearningManager implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContinuousLearningManager.class);
    private final ClmContext ctx;
    private final ManagerWiring parts;
    private boolean closed;

    private ContinuousLearningManager(Builder b) {
        this.parts = ManagerWiring.of(b);
        this.ctx = parts.ctx();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The shadow promotion policy of a {@link ClmConfig}: its {@code shadow} section, as
     * validated there (nothing is clamped). The manager replaces its forecast horizon with the
     * feature engineer's label horizon.
     */
    public static ShadowPolicyConfig shadowPolicyFrom(ClmConfig config) {
        return config.shadow();
    }

    /** The collaborators this manager was built with (immutable). */
    public ClmContext context() { return ctx; }
    public ClmConfig config() { return ctx.config(); }
    public Clock clock() { return ctx.clock(); }
    public ModelRegistry registry() { return ctx.registry(); }
    /** The publisher given to the builder (or the default in-process bus): subscribe here. */
    public EventPublisher events() { return ctx.userEvents(); }
    public PolicyStore policyStore() { return ctx.policyStore(); }
    public RetrainingJobStore jobStore() { return ctx.jobStore(); }
    public DataClient dataClient() { return ctx.dataClient(); }
    public FeatureEngineer featureEngineer() { return ctx.featureEngineer(); }
    public ModelTrainer trainer() { return ctx.trainer(); }
    /** The model types this manager looks after. */
    public List<ModelType> modelTypes() { return ctx.modelTypes(); }
    /** Training cadences by the type they produce (empty when none were registered). */
    public Map<ModelType, TrainingCadence> cadences() { return parts.cadences(); }
    /** How often the scheduler checks whether a cadence is due (default {@link Builder#DEFAULT_CADENCE_CHECK_INTERVAL}). */
    public Duration cadenceCheckInterval() { return parts.cadenceCheckInterval(); }
    /** Live shadow testing and its rollback watch; closed (buffered samples written) by {@link #close()}. */
    public ShadowService shadowService() { return parts.shadowService(); }
    /** The one component that makes versions ACTIVE. */
    public Promoter promoter() { return parts.promoter(); }
    /** The supervisor the engine logs predictions and outcomes to ({@code logPrediction}, {@code logOutcome}). */
    public ModelSupervisor supervisor() { return parts.supervisor(); }
    public ClmMetrics metrics() { return ctx.metrics(); }
    public DriftEventStore driftEventStore() { return ctx.driftEvents(); }
    /** The scheduler, drift checks and regime hooks of this manager (built with it; idle until {@link #start()}). */
    public ManagerAutopilot autopilot() { return parts.autopilot(); }

    /**
     * Records one signal's ACTIVE and SHADOW predictions from the engine's hot path (lock-free,
     * no allocation in the steady state); returns the sample id for {@link #recordOutcome(long, double, double)}.
     */
    public long recordPrediction(String shadowVersion, String activeVersion, String symbol, long timestampMillis,
                                 double activePrediction, double shadowPrediction) {
        return shadowService().recordPrediction(shadowVersion, activeVersion, symbol, timestampMillis, activePrediction, shadowPrediction);
    }

    /** The realised outcome of a recorded sample (pnl may be NaN when unknown). */
    public void recordOutcome(long sampleId, double realisedReturn, double pnl) {
        shadowService().recordOutcome(sampleId, realisedReturn, pnl);
    }

    /** The realised outcome of every sample recorded for {@code symbol} at {@code timestampMillis}. */
    public void recordOutcome(String symbol, long timestampMillis, double realisedReturn, double pnl) {
        shadowService().recordOutcome(symbol, timestampMillis, realisedReturn, pnl);
    }

    /** Statistics and recommendation of a live SHADOW version on its recorded samples. */
    public ShadowTestResult evaluateShadow(String shadowVersion) {
        return shadowService().evaluateShadow(shadowVersion);
    }

    /**
     * The shadow-promotion job (what the scheduler runs hourly when auto-promotion is on): every
     * managed type's shadows are decided — by the live review when the engine records live
     * samples for them, else by their recorded replay decision — the winner is promoted when
     * auto-promotion is on (else a recommendation is published) and losers are REJECTED.
     */
    public List<ShadowService.ShadowReview> reviewShadows() {
        return parts.shadows().review(modelTypes(), config().autoPromotion());
    }

    /**
     * Decides the shadows of {@code type} exactly as {@link #reviewShadows()} does and promotes
     * the winner whatever the auto-promotion switch. Without {@code force}, when no shadow is
     * decided PROMOTE, nothing changes and a {@link ShadowPromotionRefusedException} names each
     * shadow's decision and reason. With {@code force}, the newest SHADOW version is then
     * promoted anyway (the reason records the decision it overrode). Either way the version is
     * verified first and its rollback watch starts ({@link Promoter}).
     *
     * @throws ShadowPromotionRefusedException no shadow won and {@code force} is false, or the type has no shadow
     */
    public PromotionResult manualPromoteShadow(ModelType type, boolean force) {
        return parts.shadows().manualPromote(type, force);
    }

    /**
     * Runs the manager by itself: retraining, drift, performance and shadow-promotion checks on
     * the configured schedules, drift and degradation answered by retraining. Idempotent.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public void start() {
        LOG.info("settings:\n{}", config().toTable());
        autopilot().start();
    }

    /** Stops the schedules (a running task finishes); {@link #start()} may run them again. Idempotent. */
    public void stop() { autopilot().stop(); }

    /**
     * Stops the schedules and shuts down the autopilot's threads, writes the shadow recorder's
     * buffered samples and stops it, and closes what the manager created (the default
     * supervisor, the RL maintenance subscription). What the caller passed in (registry,
     * stores, trainer, event publisher) stays open: the caller owns it. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        autopilot().close();
        shadowService().close();
        if (parts.rlMaintenance() != null) parts.rlMaintenance().close();
        if (parts.ownsSupervisor()) parts.supervisor().close();
    }

    /** Running state, last/next runs of each periodic task, active and shadow versions, configuration. */
    public SystemStatus getSystemStatus() { return autopilot().getSystemStatus(); }

    /** The RL agents' maintenance (regime resets, snapshots, pruning), if agents were given to the builder. */
    public Optional<RlAgentMaintenance> rlMaintenance() { return Optional.ofNullable(parts.rlMaintenance()); }

    /**
     * Periodic RL maintenance (the scheduler runs it with the performance check): a snapshot of
     * each agent if due, then pruning of stale states. Empty when no RL agents were given.
     */
    public List<RlMaintenanceResult> runRlMaintenance() {
        return parts.rlMaintenance() == null ? List.of() : parts.rlMaintenance().runMaintenance();
    }

    /** Whether a cycle is running in this manager right now. */
    public boolean isCycleRunning() { return parts.cycle().isRunning(); }

    /** Asks for a retrain of {@code type} at the next cycle with the given trigger (MANUAL, DRIFT, REGIME_SHIFT, ...). */
    public void requestRetrain(ModelType type, RetrainTrigger trigger) {
        ctx.requireManaged(type);
        parts.triggers().request(type, trigger);
    }

    /** Triggers that fire now for every managed type (an empty set means no retrain is needed). */
    public Map<ModelType, Set<RetrainTrigger>> checkIfRetrainNeeded() {
        return checkIfRetrainNeeded(modelTypes());
    }

    /** Triggers that fire now for each of {@code models}. A check that fails is logged and fires nothing. */
    public Map<ModelType, Set<RetrainTrigger>> checkIfRetrainNeeded(Collection<ModelType> models) {
        return parts.triggers().check(models);
    }

    /** A forced FULL retrain of {@code models}. */
    public CycleReport retrainAll(Collection<ModelType> models) {
        return runFullCycle(true, models);
    }

    /**
     * Runs one cycle as {@code request} says: forced or by triggers, over its models (every
     * managed type when empty), with this cycle's retraining type and lookback when given.
     *
     * @throws JobAlreadyRunningException if a cycle is already running (in this manager or,
     *         through the job store, anywhere sharing it)
     */
    public CycleReport runCycle(CycleRequest request) {
        List<ModelType> requested = request.models().isEmpty() ? modelTypes() : List.copyOf(new LinkedHashSet<>(request.models()));
        requested.forEach(ctx::requireManaged);
        return parts.cycle().run(new CycleRequest(request.force(), requested, request.retrainingType(), request.lookback()));
    }

    /**
     * What the last cycles did: per job the stage each type reached (also while it runs), the
     * report, and the rows each type was judged on (for {@code CycleReports}).
     */
    public CycleJournal journal() { return parts.journal(); }

    /**
     * Runs one cycle ({@link ModelCycle}): check triggers (all {@code models} are MANUAL when
     * {@code force}), load data, build features, split by time, then for each triggered type
     * train, evaluate, register, shadow-test and promote if better. One type failing never
     * blocks the others; a failure of the cycle itself (data, features, split) is reported with
     * status FAILED. Metrics are recorded by the cycle, whoever runs it.
     *
     * @throws JobAlreadyRunningException if a cycle is already running (in this manager or,
     *         through the job store, anywhere sharing it)
     */
    public CycleReport runFullCycle(boolean force, Collection<ModelType> models) {
        List<ModelType> requested = List.copyOf(new LinkedHashSet<>(models));
        requested.forEach(ctx::requireManaged);
        return parts.cycle().run(force, requested);
    }

    /**
     * Scores each type's ACTIVE version on the newest data it has not seen
     * ({@code performanceWindow}); types without an active version or unseen rows are left out.
     */
    public Map<ModelType, EvaluationResult> evaluateModels(Collection<ModelType> models) {
        Dataset recent = recentDataset(config().performanceWindow());
        Map<ModelType, EvaluationResult> out = new LinkedHashMap<>();
        for (ModelType t : models) {
            ctx.requireManaged(t);
            Optional<ModelArtifact> a = registry().getActive(t);
            if (a.isEmpty()) continue;
            Dataset unseen = recent.slice(recent.indexAtOrAfter(a.get().trainingRange().end().toEpochMilli() + 1), recent.rows());
            if (unseen.rows() == 0) continue;
            try (TrainedModel m = ctx.load(a.get())) {
                out.put(t, ctx.evaluator().evaluate(m, unseen));
            }
        }
        return out;
    }

    /**
     * The replay decision of the newest replay-only SHADOW version of each type against its
     * ACTIVE version. A shadow is replayed on the newest {@code performanceWindow} of data that
     * neither model has seen, and only until it is decided: the first replay on at least the
     * policy's {@code minSamples} rows is final (recorded in the shadow's registry metrics,
     * anything but PROMOTE is REJECT) and later calls, also after a restart, return that
     * recorded decision, until another version becomes ACTIVE. Shadows with live samples are
     * left to the live review. Types with no such shadow are left out.
     */
    public Map<ModelType, ShadowTestResult> runShadowTests(Collection<ModelType> models) {
        return parts.shadows().replay(models);
    }

    /**
     * Acts on shadow results: PROMOTE promotes the candidate through the {@link Promoter} (the
     * previous ACTIVE is retired), REJECT marks it REJECTED, CONTINUE_TESTING leaves it in
     * SHADOW. Calling this is an explicit decision, so it promotes even when auto-promotion is
     * off. Every PROMOTE is verified before any is promoted: a refusal (for example an ensemble
     * member that does not load) is thrown before anything changes.
     */
    public List<PromotionResult> promoteIfBetter(Map<ModelType, ShadowTestResult> results) {
        return parts.shadows().act(results);
    }

    /**
     * Makes a RETIRED {@code version} of {@code type} ACTIVE again (the current ACTIVE is
     * retired), after the {@link Promoter} verified it.
     *
     * @throws UnknownModelException      if the version does not exist
     * @throws IllegalTransitionException if it is not RETIRED
     */
    public PromotionResult rollback(ModelType type, String version) {
        ctx.requireManaged(type);
        return promoter().promote(type, version, Promoter.Path.ROLLBACK, "rollback to " + version + " (manual rollback)", null);
    }

    /** One line per managed type: active version, its age and metrics, shadows, version count. */
    public List<ModelStatusSummary> getModelStatusSummary() {
        Instant now = clock().instant();
        List<ModelStatusSummary> out = new ArrayList<>();
        for (ModelType t : modelTypes()) {
            Optional<ModelArtifact> a = registry().getActive(t);
            List<String> shadows = registry().findByStatus(t, ModelStatus.SHADOW).stream().map(ModelArtifact::version).toList();
            int versions = registry().history(t, Integer.MAX_VALUE).size();
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
        return RecentData.labelledRows(dataClient(), featureEngineer(), clock().instant(), window);
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
        ctx.requireManaged(type);
        return OnlineSnapshots.register(ctx, type, learner, dataSeen, parentVersion);
    }

    /** Loads the ACTIVE version of {@code type} for predictions; the caller owns it (close it, e.g. with try-with-resources). */
    public Optional<LoadedModel> loadActiveModel(ModelType type) {
        return registry().getActive(type).map(a -> new LoadedModel(a.version(), ctx.load(a)));
    }

    /** Builds a manager; data client and trainer are required, the rest default (settings from {@link #config(ClmConfig)}). */
    public static final class Builder {
        ClmConfig config = ClmConfig.defaults();
        Clock clock = Clock.systemUTC();
        boolean clockSet;
        Clock storesClock;
        DataClient dataClient;
        FeatureEngineer featureEngineer;
        ModelTrainer trainer;
        ModelEvaluator evaluator;
        ShadowTester shadowTester;
        ModelRegistry registry;
        EventPublisher events;
        PolicyStore policyStore;
        RetrainingJobStore jobStore;
        ClmMetrics metrics;
        DriftEventStore driftEventStore;
        PerformanceLogStore performanceLogStore;
        ModelSupervisor supervisor;
        java.util.concurrent.ScheduledExecutorService schedulerExecutor;
        java.util.concurrent.Executor reactionExecutor;
        List<ModelType> modelTypes;
        ShadowResultStore shadowResultStore;
        ShadowPolicyConfig shadowPolicy;
        ShadowRecorderConfig shadowRecorder;
        final Map<ModelType, Map<String, String>> trainingParams = new LinkedHashMap<>();
        final List<RlAgent> rlAgents = new ArrayList<>();
        Duration rlMinResetInterval;
        final Map<ModelType, TrainingCadence> cadences = new LinkedHashMap<>();
        Duration cadenceCheckInterval;
        SampleWeighting sampleWeighting;

        /** How often the scheduler checks cadence types when cadences are registered: 1 hour. */
        public static final Duration DEFAULT_CADENCE_CHECK_INTERVAL = dev.clm.config.ScheduleSettings.DEFAULT_CADENCE_CHECK;

        private Builder() {}

        public Builder config(ClmConfig v) { config = Objects.requireNonNull(v, "config"); return this; }
        /** The manager's clock (default the UTC system clock, or the {@link #stores stores'} clock). */
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v, "clock"); clockSet = true; return this; }

        /**
         * Registry, retraining jobs, shadow results, drift events and performance logs from one
         * set of stores (for example {@code ClmDatabase}), and the manager's clock from the
         * stores, so what they stamp is the manager's time. {@link #build()} refuses a different
         * clock given with {@link #clock}.
         */
        public Builder stores(ClmStores v) {
            Objects.requireNonNull(v, "stores");
            registry = v.registry();
            jobStore = v.retrainingJobs();
            shadowResultStore = v.shadowResults();
            driftEventStore = v.driftEvents();
            performanceLogStore = v.performanceLogs();
            storesClock = Objects.requireNonNull(v.clock(), "stores clock");
            return this;
        }
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
        /** The promotion/rollback policy (default: the config's {@code shadow} section; its forecast horizon is always the feature engineer's); also used by the default replay tester. */
        public Builder shadowPolicy(ShadowPolicyConfig v) { shadowPolicy = v; return this; }
        /** Sizing of the live recorder (default: the config's {@code recorder} section). */
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
        /** Regime resets closer together than this are skipped (default {@code rl.min-reset-interval}, zero: every change resets). */
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
            if (storesClock != null) {
                if (clockSet && !clock.equals(storesClock)) {
                    throw new IllegalArgumentException("the stores write with clock " + storesClock + " but the manager was given "
                            + clock + "; give the stores the manager's clock (e.g. ClmDatabase.builder().clock(clock)) or leave clock() unset");
                }
                clock = storesClock;
            }
            return new ContinuousLearningManager(this);
        }
    }
}
