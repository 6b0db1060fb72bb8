package dev.clm.core;

import dev.clm.api.FeatureEngineer;
import dev.clm.api.ModelTrainer;
import dev.clm.api.PolicyStore;
import dev.clm.api.ModelType;
import dev.clm.api.UnknownModelException;
import dev.clm.config.InvalidConfigException;
import dev.clm.context.ClmContext;
import dev.clm.eval.DefaultModelEvaluator;
import dev.clm.events.InProcessEventBus;
import dev.clm.features.FeatureConfig;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.events.internal.QuietEventPublisher;
import dev.clm.metrics.ClmMetrics;
import dev.clm.policy.InMemoryPolicyStore;
import dev.clm.report.CycleJournal;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.rl.RlAgent;
import dev.clm.rl.RlAgentMaintenance;
import dev.clm.shadow.Promoter;
import dev.clm.shadow.ReplayDecisions;
import dev.clm.shadow.ReplayShadowTester;
import dev.clm.shadow.ShadowPolicyConfig;
import dev.clm.shadow.ShadowService;
import dev.clm.store.InMemoryDriftEventStore;
import dev.clm.store.InMemoryPerformanceLogStore;
import dev.clm.store.InMemoryRetrainingJobStore;
import dev.clm.store.InMemoryShadowResultStore;
import dev.clm.supervisor.ModelSupervisor;
import dev.clm.train.AliasedTypeTrainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one wiring point: turns a {@link ContinuousLearningManager.Builder} into components,
 * once, filling every default, and hands each the {@link ClmContext} (never the manager).
 * What the builder created (not what the caller gave) is marked so the manager closes it.
 */
record ManagerWiring(ClmContext ctx, Map<ModelType, TrainingCadence> cadences, Duration cadenceCheckInterval, Promoter promoter,
                     ShadowService shadowService, Triggers triggers, ModelCycle cycle, CycleJournal journal, ShadowDecisions shadows,
                     ModelSupervisor supervisor, boolean ownsSupervisor, RlAgentMaintenance rlMaintenance, ManagerAutopilot autopilot) {

    static ManagerWiring of(ContinuousLearningManager.Builder b) {
        var clock = b.clock;
        var config = b.config;
        ModelTrainer given = Objects.requireNonNull(b.trainer, "trainer is required");
        Map<ModelType, TrainingCadence> cadences = Collections.unmodifiableMap(new LinkedHashMap<>(b.cadences));
        Map<ModelType, ModelType> aliases = new LinkedHashMap<>();
        // a trainer that already serves a cadence type (e.g. an ensemble trainer whose member trainer aliases it) trains it as is
        cadences.forEach((t, c) -> { if (!given.supports(t)) aliases.put(t, c.baseType()); });
        // a cadence type is its base type's model under its own name: the wrapper keeps type() consistent for registry and loaders
        ModelTrainer trainer = aliases.isEmpty() ? given : new AliasedTypeTrainer(given, aliases);
        LinkedHashSet<ModelType> managed = new LinkedHashSet<>(b.modelTypes != null ? b.modelTypes
                : new ArrayList<>(new TreeSet<>(given.supportedTypes())));
        managed.addAll(cadences.keySet()); // a registered cadence is always managed
        for (ModelType t : managed) {
            if (!trainer.supports(t)) throw new UnknownModelException(t, null, "the trainer supports only " + trainer.supportedTypes());
        }
        var evaluator = b.evaluator != null ? b.evaluator : new DefaultModelEvaluator(clock);
        FeatureEngineer featureEngineer = featureEngineerFor(b);
        // the forecast horizon of the shadow statistics is the label horizon of the feature engineer, never a second setting
        ShadowPolicyConfig policy = (b.shadowPolicy != null ? b.shadowPolicy : config.shadow()).withForecastHorizon(featureEngineer.horizon());
        Duration cadenceCheck = b.cadenceCheckInterval != null ? b.cadenceCheckInterval : config.schedule().cadenceCheck();
        var userEvents = b.events != null ? b.events : new InProcessEventBus(clock);
        ClmMetrics metrics = b.metrics != null ? b.metrics : ClmMetrics.noop();
        ClmContext ctx = new ClmContext(config, clock,
                Objects.requireNonNull(b.dataClient, "dataClient is required"),
                featureEngineer,
                                // each type is tested at alpha; the cycle corrects across the types (Benjamini-Hochberg)
                trainer, evaluator, b.shadowTester != null ? b.shadowTester : new ReplayShadowTester(policy, clock),
                b.registry != null ? b.registry : new InMemoryModelRegistry(clock),
                new QuietEventPublisher(userEvents), userEvents, metrics,
                policyStoreFor(b),
                b.jobStore != null ? b.jobStore : new InMemoryRetrainingJobStore(clock),
                b.shadowResultStore != null ? b.shadowResultStore : new InMemoryShadowResultStore(),
                b.driftEventStore != null ? b.driftEventStore : new InMemoryDriftEventStore(),
                b.performanceLogStore != null ? b.performanceLogStore : new InMemoryPerformanceLogStore(),
                List.copyOf(managed), b.trainingParams);
        checkTrainingParams(ctx, cadences);
        // verification: the registry checks the checksum, the trainer loads the bytes, the model predicts a probe row
        Promoter promoter = new Promoter(ctx.registry(), ctx.events(), clock, policy, metrics,
                Promoter.loadAndPredict(ctx::load, ctx.featureEngineer().featureNames().size()));
        ShadowService shadowService = new ShadowService(ctx.registry(), ctx.shadowResults(), ctx.events(), clock, policy,
                b.shadowRecorder != null ? b.shadowRecorder : config.recorder(), promoter);
        ReplayDecisions replay = new ReplayDecisions(ctx.registry(), policy.minSamples());
        Triggers triggers = new Triggers(ctx, cadences, new Demotion(ctx, promoter.rollbackMonitor()));
        // a degraded ACTIVE version that stays ACTIVE is retrained: a request the next retraining check answers
        promoter.rollbackMonitor().onDegraded(type -> triggers.request(type, dev.clm.api.RetrainTrigger.PERFORMANCE_DECAY));
        CycleJournal journal = new CycleJournal(CycleJournal.DEFAULT_CAPACITY);
        ModelCycle cycle = new ModelCycle(ctx, promoter, triggers, replay, cadences, b.sampleWeighting, journal);
        ShadowDecisions shadows = new ShadowDecisions(ctx, shadowService, replay, promoter);
        boolean ownsSupervisor = b.supervisor == null;
        ModelSupervisor supervisor = ownsSupervisor
                ? new ModelSupervisor(config.supervisor(), clock, ctx.events(), ctx.performanceLogs(), metrics) : b.supervisor;
        // RL agents: reset on the engine's regime.changed events from now on; maintenance on the performance schedule
        RlAgentMaintenance rl = b.rlAgents.isEmpty() ? null
                : new RlAgentMaintenance(b.rlAgents, ctx.events(), clock,
                        b.rlMinResetInterval != null ? b.rlMinResetInterval : config.rl().minResetInterval()).start();
        ManagerAutopilot autopilot = new ManagerAutopilot(ctx, cycle, triggers, shadows, cadences, cadenceCheck, supervisor, rl,
                b.schedulerExecutor, b.reactionExecutor);
        for (ModelType t : ctx.modelTypes()) metrics.activeModelAge(t, () -> activeAgeSeconds(ctx, t));
        return new ManagerWiring(ctx, cadences, cadenceCheck, promoter, shadowService, triggers, cycle, journal, shadows, supervisor,
                ownsSupervisor, rl, autopilot);
    }

    /**
     * Every managed type's parameters as a cycle will merge them (trainer defaults, a cadence's
     * base type, the type's own), checked by the trainer now, so a typo fails at build time.
     */
    private static void checkTrainingParams(ClmContext ctx, Map<ModelType, TrainingCadence> cadences) {
        Set<ModelType> used = new LinkedHashSet<>(ctx.modelTypes());
        cadences.values().forEach(c -> used.add(c.baseType()));
        Map<ModelType, Map<String, String>> params = ctx.trainingParams();
        for (ModelType t : params.keySet()) {
            if (!used.contains(t)) {
                throw new UnknownModelException(t, null, "trainingParams were given for a type that is not managed; managed: " + ctx.modelTypes());
            }
        }
        for (ModelType t : ctx.modelTypes()) {
            Map<String, String> merged = new LinkedHashMap<>(ctx.trainer().defaultParams(t));
            TrainingCadence cadence = cadences.get(t);
            if (cadence != null) merged.putAll(params.getOrDefault(cadence.baseType(), Map.of()));
            merged.putAll(params.getOrDefault(t, Map.of()));
            try {
                ctx.trainer().checkParams(t, merged);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trainingParams of " + t + ": " + e.getMessage(), e);
            }
        }
    }

    /** The builder's feature engineer, or a TechnicalFeatureEngineer of the {@code features} section. */
    private static FeatureEngineer featureEngineerFor(ContinuousLearningManager.Builder b) {
        if (b.featureEngineer == null) return new TechnicalFeatureEngineer(b.config.features());
        if (!b.config.features().equals(FeatureConfig.defaults())) {
            throw new InvalidConfigException("features.*", b.config.features().toMap(),
                    "the defaults when the builder is given its own feature engineer (the features section configures the"
                            + " default TechnicalFeatureEngineer only; configure the given engineer instead)");
        }
        return b.featureEngineer;
    }

    /**
     * One policy store for the manager and its RL agents: the builder's, else the one an agent
     * was built with, else a new in-memory store; every agent without a store of its own reads
     * its limits from it, and an agent with a different one is refused.
     */
    private static PolicyStore policyStoreFor(ContinuousLearningManager.Builder b) {
        PolicyStore store = b.policyStore;
        if (store == null) {
            store = b.rlAgents.stream().map(RlAgent::ownPolicyStore).flatMap(Optional::stream).findFirst().orElse(null);
        }
        if (store == null) store = new InMemoryPolicyStore();
        for (RlAgent a : b.rlAgents) a.usePolicyStore(store);
        return store;
    }

    /** Age in seconds of the ACTIVE version of {@code type} (since promotion, else training), NaN without one. */
    private static double activeAgeSeconds(ClmContext ctx, ModelType type) {
        return ctx.registry().getActive(type)
                .map(a -> (double) Duration.between(a.promotedAt() != null ? a.promotedAt() : a.trainedAt(), ctx.clock().instant()).toSeconds())
                .orElse(Double.NaN);
    }
}
