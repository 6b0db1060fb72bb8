package dev.clm.core;

import dev.clm.api.Dataset;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.TrainedModel;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingType;
import dev.clm.context.ClmContext;
import dev.clm.rl.RlAgentMaintenance;
import dev.clm.scheduler.ClmOperations;
import dev.clm.scheduler.ClmScheduler;
import dev.clm.api.HealthStatus;
import dev.clm.drift.DriftAction;
import dev.clm.drift.DriftDetector;
import dev.clm.drift.DriftMonitor;
import dev.clm.drift.DriftReport;
import dev.clm.supervisor.ModelHealth;
import dev.clm.supervisor.ModelSupervisor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ClmOperations} of a manager: what its scheduler makes the cycle, the trigger check,
 * the shadow decisions, the drift detector and the supervisor do. Takes the manager's
 * collaborators, never the manager.
 *
 * <ul>
 *   <li>Scheduled retraining: a non-forced cycle over every managed type (the manager's
 *       triggers decide: TIME after the retrain interval, DATA_VOLUME, ...), only when
 *       auto-retraining is on. The task runs every cadence check interval (1 h by default,
 *       see {@link ManagerAutopilot#retrainingCheckInterval}): each run checks the cadence
 *       types and every type whose ACTIVE version reached the retrain interval (so TIME fires
 *       at most one check interval late, never a whole schedule period late because the
 *       version was trained minutes after the previous check), and all types when a
 *       retrain-schedule period has passed since they were last checked (the first time one
 *       period after this object was created, i.e. when the autopilot started). Manual
 *       retraining: a forced cycle of the given types.</li>
 *   <li>Reactions ({@link #retrainFor}), called directly by the drift and performance checks
 *       (through the scheduler, so never two cycles at once) whatever event publisher is used:
 *       the trigger is recorded and a cycle runs over the affected types; with auto-retraining
 *       off the request waits for the next cycle.</li>
 *   <li>Drift check, per type with an ACTIVE version: FEATURE drift of the newest
 *       {@code recentWindow} of data against the rows the active version was trained on,
 *       PREDICTION drift of its predictions on the same two windows, and PERFORMANCE drift of
 *       its live winrate (from the supervisor) against its recorded directional accuracy.
 *       Each report goes through the {@link DriftMonitor} (store, events, metrics) and its action
 *       is answered directly: PARTIAL_RETRAIN retrains the affected type, FULL_RETRAIN and
 *       FULL_RETRAIN_AND_ALERT every type (trigger DRIFT), LOG nothing.</li>
 *   <li>Performance check: a supervisor snapshot per ACTIVE version over {@code healthWindow};
 *       a version that is not HEALTHY is retrained (PERFORMANCE_DECAY); then RL maintenance.</li>
 *   <li>Shadow promotion, when auto-promotion is on (manual calls always run): the one shadow
 *       decision of {@link ShadowDecisions} (live review of shadows with live samples, the
 *       recorded replay decision of the others), winners promoted.</li>
 * </ul>
 * Calls are made one at a time by the {@link ClmScheduler}. Failures propagate to the
 * scheduler, which logs and counts them.
 */
public final class ManagerOperations implements ClmOperations {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerOperations.class);

    /** Asks the scheduler for a retraining (it waits for a running task and runs {@link #retrainFor}). */
    @FunctionalInterface
    interface RetrainRequests {
        void retrain(RetrainTrigger trigger, Set<ModelType> models, String reason, Instant observedAt);
    }

    private final ClmContext ctx;
    private final ModelCycle cycle;
    private final Triggers triggers;
    private final ShadowDecisions shadows;
    private final Map<ModelType, TrainingCadence> cadences;
    private final DriftDetector detector;
    private final DriftMonitor monitor;
    private final ModelSupervisor supervisor;
    private final RlAgentMaintenance rl;
    private final Duration recentWindow;
    private final Duration healthWindow;
    private final Duration cadenceCheckInterval;
    private final RetrainRequests requests;
    /** When the non-cadence types are next checked by a scheduled retraining (cadences only). */
    private Instant nextRegularCheck;

    /**
     * @param rl           the RL agents' maintenance, or null without agents
     * @param recentWindow newest data compared against the training data in drift checks (e.g. the performance window)
     * @param healthWindow window of the supervisor's health snapshots (e.g. 24 h)
     */
    ManagerOperations(ClmContext ctx, ModelCycle cycle, Triggers triggers, ShadowDecisions shadows, Map<ModelType, TrainingCadence> cadences,
                      DriftDetector detector, DriftMonitor monitor, ModelSupervisor supervisor, RlAgentMaintenance rl,
                      Duration recentWindow, Duration healthWindow, Duration cadenceCheckInterval, RetrainRequests requests) {
        this.ctx = ctx;
        this.cycle = cycle;
        this.triggers = triggers;
        this.shadows = shadows;
        this.cadences = cadences;
        this.detector = detector;
        this.monitor = monitor;
        this.supervisor = supervisor;
        this.rl = rl;
        this.recentWindow = recentWindow;
        this.healthWindow = healthWindow;
        this.cadenceCheckInterval = cadenceCheckInterval;
        this.requests = requests;
        this.nextRegularCheck = ctx.clock().instant().plus(ctx.config().retrainSchedule());
    }

    private List<ModelType> scope(Set<ModelType> models) {
        return models.isEmpty() ? ctx.modelTypes() : List.copyOf(models);
    }

    /** A cycle over every managed type in which the manager's own triggers decide what trains. */
    @Override
    public void scheduledRetraining() {
        if (!ctx.config().autoRetraining()) {
            LOG.info("scheduled retraining skipped: auto-retraining is off");
            return;
        }
        runCycle(false, typesToCheck(ctx.clock().instant()));
    }

    /** Cadence types, types whose active version is due by age, and every type when the schedule is due. */
    private synchronized List<ModelType> typesToCheck(Instant now) {
        boolean regularDue = !now.isBefore(nextRegularCheck);
        if (regularDue) {
            Duration period = ctx.config().retrainSchedule();
            while (!nextRegularCheck.isAfter(now)) nextRegularCheck = nextRegularCheck.plus(period);
        }
        List<ModelType> types = new ArrayList<>();
        for (ModelType t : ctx.modelTypes()) {
            if (regularDue || cadences.containsKey(t) || triggers.timeDue(t, now) || triggers.hasRequest(t)) types.add(t);
        }
        return types;
    }

    /** A forced cycle of {@code models} (every managed type when empty). */
    @Override
    public void retrain(RetrainingType type, Set<ModelType> models, String reason) {
        LOG.info("requested {} retraining of {}: {}", type, scope(models), reason);
        runCycle(true, scope(models));
    }

    /**
     * Types that already have a version trained at or after {@code observedAt} are skipped:
     * one drift check can publish several events (feature and prediction drift) and the first
     * reaction's cycle already answered them all.
     */
    @Override
    public void retrainFor(RetrainTrigger trigger, Set<ModelType> models, String reason, Instant observedAt) {
        List<ModelType> types = new ArrayList<>();
        for (ModelType t : scope(models)) {
            boolean fresh = ctx.registry().history(t, 1).stream().anyMatch(v -> !v.trainedAt().isBefore(observedAt));
            if (fresh) LOG.info("{} already retrained since {}; {} needs no new cycle", t, observedAt, reason);
            else types.add(t);
        }
        if (types.isEmpty()) return;
        for (ModelType t : types) triggers.request(t, trigger);
        if (!ctx.config().autoRetraining()) {
            LOG.info("{} retraining of {} requested ({}); auto-retraining is off, it waits for the next cycle", trigger, types, reason);
            return;
        }
        LOG.info("{} retraining of {}: {}", trigger, types, reason);
        runCycle(false, types);
    }

    /** Runs a cycle; the cycle records its own metrics (once, whoever runs it). */
    private void runCycle(boolean force, List<ModelType> types) {
        try {
            cycle.run(force, types);
        } catch (JobAlreadyRunningException e) {
            // another cycle (maybe in another process) is running; the requests stay recorded for the next one
            LOG.info("retraining of {} deferred: {}", types, e.getMessage());
        }
    }

    @Override
    public void checkDrift(ModelType model) {
        List<ModelType> types = model == null ? ctx.modelTypes() : List.of(model);
        Dataset recent = null;
        for (ModelType type : types) {
            Optional<ModelArtifact> active = ctx.registry().getActive(type);
            if (active.isEmpty()) continue;
            ModelArtifact a = active.get();
            if (recent == null) recent = RecentData.labelledRows(ctx.dataClient(), ctx.featureEngineer(), ctx.clock().instant(), recentWindow);
            Dataset reference = ctx.featureEngineer().transform(
                    ctx.dataClient().loadTrainingData(a.trainingRange().start(), a.trainingRange().end()));
            if (reference.rows() < 2 || recent.rows() < 2) {
                LOG.info("drift check of {} skipped: {} reference and {} recent rows", type, reference.rows(), recent.rows());
                continue;
            }
            List<DriftReport> reports = new ArrayList<>();
            reports.add(detector.featureDrift(type, reference, recent));
            try (TrainedModel m = ctx.load(a)) {
                reports.add(detector.predictionDrift(type, m.predict(reference), m.predict(recent)));
            }
            performanceDrift(type, a).ifPresent(reports::add);
            for (DriftReport r : reports) {
                DriftAction action = monitor.handle(r);
                LOG.debug("{} {} drift: {} -> {}", type, r.driftType(), r.severity(), action);
                answerDrift(type, action, "drift " + r.severity() + " (" + r.driftType() + ")");
            }
        }
    }

    /** The response to a drift finding of {@code type}: PARTIAL_RETRAIN retrains it, FULL_RETRAIN(_AND_ALERT) every type, LOG nothing. */
    void answerDrift(ModelType type, DriftAction action, String reason) {
        Instant observedAt = ctx.clock().instant();
        switch (action) {
            case LOG -> { }
            case PARTIAL_RETRAIN -> requests.retrain(RetrainTrigger.DRIFT, type == null ? Set.of() : Set.of(type), reason, observedAt);
            case FULL_RETRAIN, FULL_RETRAIN_AND_ALERT -> requests.retrain(RetrainTrigger.DRIFT, Set.of(), reason, observedAt);
        }
    }

    private Optional<DriftReport> performanceDrift(ModelType type, ModelArtifact active) {
        Double baseline = active.metrics().get(MetricNames.DIRECTIONAL_ACCURACY);
        if (baseline == null || !(baseline > 0 && baseline < 1)) return Optional.empty();
        ModelHealth h = supervisor.getModelHealth(type, recentWindow);
        if (h.outcomes() < 30) return Optional.empty();
        long wins = Math.round(h.winrate() * h.outcomes());
        return Optional.of(detector.winrateDrift(type, baseline, wins, h.outcomes()));
    }

    @Override
    public void checkPerformance() {
        for (ModelType type : ctx.modelTypes()) {
            var active = ctx.registry().getActive(type);
            if (active.isEmpty()) continue;
            ModelHealth h = supervisor.recordSnapshot(type, active.get().version(), healthWindow);
            if (h.status() != HealthStatus.HEALTHY) {
                requests.retrain(RetrainTrigger.PERFORMANCE_DECAY, Set.of(type), "performance " + h.status() + ": " + h.reasons(),
                        ctx.clock().instant());
            }
        }
        // RL agents given to the manager: due snapshots and pruning ride on the performance schedule
        // (one agent's failure is logged, never thrown).
        if (rl != null) rl.runMaintenance();
    }

    /** The shadow decision of every shadow of {@code model} (null: every type), winners promoted (an explicit request). */
    @Override
    public void promoteShadows(ModelType model) {
        List<ModelType> types = model == null ? ctx.modelTypes() : List.of(model);
        shadows.review(types, true).forEach(r -> {
            if (r.promotion() != null) LOG.info("promoted {} {} (was {})", r.type(), r.promotion().newVersion(), r.promotion().oldVersion());
        });
    }

    /** Scheduled shadow promotion respects the auto-promotion switch; manual calls go through {@link #promoteShadows}. */
    @Override
    public void scheduledShadowPromotion() {
        if (ctx.config().autoPromotion()) promoteShadows(null);
        else LOG.debug("scheduled shadow promotion skipped: auto-promotion is off");
    }

    @Override
    public Map<String, Object> configSummary() {
        Map<String, Object> m = new LinkedHashMap<>(ctx.config().asMap());
        m.put("drift.recentWindow", recentWindow.toString());
        m.put("supervisor.healthWindow", healthWindow.toString());
        m.put("modelTypes", ctx.modelTypes().toString());
        if (!cadences.isEmpty()) {
            List<String> described = new ArrayList<>();
            cadences.values().forEach(c -> described.add(c.type() + " = " + c.baseType() + " every " + c.interval() + ", lookback "
                    + c.lookback() + ", " + c.retrainingType()));
            m.put("cadences", described.toString());
            m.put("cadence.checkInterval", cadenceCheckInterval.toString());
        }
        return m;
    }
}
