package dev.clm.scheduler;

import dev.clm.api.CycleReport;
import dev.clm.api.Dataset;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowTestResult;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.core.MetricNames;
import dev.clm.drift.DriftAction;
import dev.clm.drift.DriftDetector;
import dev.clm.drift.DriftMonitor;
import dev.clm.drift.DriftReport;
import dev.clm.metrics.ClmMetrics;
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
 * {@link ClmOperations} of a {@link ContinuousLearningManager}: what the scheduler and the
 * event reactions make the manager do.
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
 *   <li>Reactions ({@link #retrainFor}): the trigger is recorded with
 *       {@code requestRetrain} and a cycle runs over the affected types; with auto-retraining
 *       off the request waits for the next cycle.</li>
 *   <li>Drift check, per type with an ACTIVE version: FEATURE drift of the newest
 *       {@code recentWindow} of data against the rows the active version was trained on,
 *       PREDICTION drift of its predictions on the same two windows, and PERFORMANCE drift of
 *       its live winrate (from the supervisor) against its recorded directional accuracy.
 *       Each report goes through the {@link DriftMonitor} (store, events, metrics); the
 *       reactions to those events do the retraining.</li>
 *   <li>Performance check: a supervisor snapshot per ACTIVE version over {@code healthWindow}.</li>
 *   <li>Shadow promotion, when auto-promotion is on (manual calls always run): the live review of
 *       shadows with live samples, then the replay decision of the others ({@code runShadowTests},
 *       one look per shadow and ACTIVE version, recorded) and {@code promoteIfBetter}.</li>
 * </ul>
 * Calls are made one at a time by the {@link ClmScheduler}. Failures propagate to the
 * scheduler, which logs and counts them.
 */
public final class ManagerOperations implements ClmOperations {
    private static final Logger LOG = LoggerFactory.getLogger(ManagerOperations.class);

    private final ContinuousLearningManager manager;
    private final DriftDetector detector;
    private final DriftMonitor monitor;
    private final ModelSupervisor supervisor;
    private final ClmMetrics metrics;
    private final Duration recentWindow;
    private final Duration healthWindow;
    /** When the non-cadence types are next checked by a scheduled retraining (cadences only). */
    private Instant nextRegularCheck;

    /**
     * @param recentWindow newest data compared against the training data in drift checks (e.g. the performance window)
     * @param healthWindow window of the supervisor's health snapshots (e.g. 24 h)
     */
    public ManagerOperations(ContinuousLearningManager manager, DriftDetector detector, DriftMonitor monitor,
                             ModelSupervisor supervisor, ClmMetrics metrics, Duration recentWindow, Duration healthWindow) {
        if (manager == null || detector == null || monitor == null || supervisor == null || metrics == null
                || recentWindow == null || healthWindow == null) {
            throw new IllegalArgumentException("no argument of ManagerOperations may be null");
        }
        this.manager = manager;
        this.detector = detector;
        this.monitor = monitor;
        this.supervisor = supervisor;
        this.metrics = metrics;
        this.recentWindow = recentWindow;
        this.healthWindow = healthWindow;
        this.nextRegularCheck = manager.clock().instant().plus(manager.config().retrainSchedule());
    }

    private List<ModelType> scope(Set<ModelType> models) {
        return models.isEmpty() ? manager.modelTypes() : List.copyOf(models);
    }

    /** A cycle over every managed type in which the manager's own triggers decide what trains. */
    @Override
    public void scheduledRetraining() {
        if (!manager.config().autoRetraining()) {
            LOG.info("scheduled retraining skipped: auto-retraining is off");
            return;
        }
        runCycle(false, typesToCheck(manager.clock().instant()));
    }

    /** Cadence types, types whose active version is due by age, and every type when the schedule is due. */
    private synchronized List<ModelType> typesToCheck(Instant now) {
        boolean regularDue = !now.isBefore(nextRegularCheck);
        if (regularDue) {
            Duration period = manager.config().retrainSchedule();
            while (!nextRegularCheck.isAfter(now)) nextRegularCheck = nextRegularCheck.plus(period);
        }
        List<ModelType> types = new ArrayList<>();
        for (ModelType t : manager.modelTypes()) {
            if (regularDue || manager.cadences().containsKey(t) || dueByAge(t, now)) types.add(t);
        }
        return types;
    }

    /**
     * The TIME rule without loading anything: the ACTIVE version and the newest version of any
     * status are both at least the retrain interval old (so a rejected candidate waits a whole
     * interval instead of being retrained at every check).
     */
    private boolean dueByAge(ModelType type, Instant now) {
        Duration interval = manager.config().retrainInterval();
        boolean activeOld = manager.registry().getActive(type).map(a -> !a.trainedAt().plus(interval).isAfter(now)).orElse(false);
        return activeOld && manager.registry().history(type, 1).stream().allMatch(v -> !v.trainedAt().plus(interval).isAfter(now));
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
            boolean fresh = manager.registry().history(t, 1).stream().anyMatch(v -> !v.trainedAt().isBefore(observedAt));
            if (fresh) LOG.info("{} already retrained since {}; {} needs no new cycle", t, observedAt, reason);
            else types.add(t);
        }
        if (types.isEmpty()) return;
        for (ModelType t : types) manager.requestRetrain(t, trigger);
        if (!manager.config().autoRetraining()) {
            LOG.info("{} retraining of {} requested ({}); auto-retraining is off, it waits for the next cycle", trigger, types, reason);
            return;
        }
        LOG.info("{} retraining of {}: {}", trigger, types, reason);
        runCycle(false, types);
    }

    private void runCycle(boolean force, List<ModelType> types) {
        try {
            CycleReport report = manager.runFullCycle(force, types);
            for (CycleReport.ModelFailure f : report.failed()) {
                metrics.failure(f.type(), f.stage());
                metrics.retrain(f.type(), false, Duration.ZERO);
            }
            if (report.status() == CycleReport.Status.FAILED) metrics.failure(null, "cycle");
        } catch (JobAlreadyRunningException e) {
            // another cycle (maybe in another process) is running; the requests stay recorded for the next one
            LOG.info("retraining of {} deferred: {}", types, e.getMessage());
        }
    }

    @Override
    public void checkDrift(ModelType model) {
        List<ModelType> types = model == null ? manager.modelTypes() : List.of(model);
        Dataset recent = null;
        for (ModelType type : types) {
            Optional<ModelArtifact> active = manager.registry().getActive(type);
            if (active.isEmpty()) continue;
            ModelArtifact a = active.get();
            if (recent == null) recent = manager.recentDataset(recentWindow);
            Dataset reference = manager.featureEngineer().transform(
                    manager.dataClient().loadTrainingData(a.trainingRange().start(), a.trainingRange().end()));
            if (reference.rows() < 2 || recent.rows() < 2) {
                LOG.info("drift check of {} skipped: {} reference and {} recent rows", type, reference.rows(), recent.rows());
                continue;
            }
            List<DriftReport> reports = new ArrayList<>();
            reports.add(detector.featureDrift(type, reference, recent));
            Optional<LoadedModel> loaded = manager.loadActiveModel(type);
            if (loaded.isPresent()) {
                try (var m = loaded.get().model()) {
                    reports.add(detector.predictionDrift(type, m.predict(reference), m.predict(recent)));
                }
            }
            performanceDrift(type, a).ifPresent(reports::add);
            for (DriftReport r : reports) {
                DriftAction action = monitor.handle(r);
                LOG.debug("{} {} drift: {} -> {}", type, r.driftType(), r.severity(), action);
            }
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
        for (ModelType type : manager.modelTypes()) {
            manager.registry().getActive(type).ifPresent(a -> supervisor.recordSnapshot(type, a.version(), healthWindow));
        }
        // RL agents given to the manager: due snapshots and pruning ride on the performance schedule
        // (a no-op without agents; one agent's failure is logged, never thrown).
        manager.runRlMaintenance();
    }

    @Override
    public void promoteShadows(ModelType model) {
        List<ModelType> types = model == null ? manager.modelTypes() : List.of(model);
        // Shadows the engine records live samples for are decided by the live, fixed-horizon policy; the rest by one
        // replay each (runShadowTests records that decision and returns it on later looks instead of testing again).
        for (ModelType t : types) {
            if (manager.shadowService().hasLiveSamples(t)) manager.shadowService().reviewShadows(t, true);
        }
        Map<ModelType, ShadowTestResult> results = manager.runShadowTests(types);
        if (results.isEmpty()) return;
        manager.promoteIfBetter(results).forEach(p -> LOG.info("promoted {} {} (was {})", p.type(), p.newVersion(), p.oldVersion()));
    }

    /** Scheduled shadow promotion respects the auto-promotion switch; manual calls go through {@link #promoteShadows}. */
    @Override
    public void scheduledShadowPromotion() {
        if (manager.config().autoPromotion()) promoteShadows(null);
        else LOG.debug("scheduled shadow promotion skipped: auto-promotion is off");
    }

    @Override
    public Map<String, Object> configSummary() {
        Map<String, Object> m = new LinkedHashMap<>(manager.config().asMap());
        m.put("drift.recentWindow", recentWindow.toString());
        m.put("supervisor.healthWindow", healthWindow.toString());
        m.put("modelTypes", manager.modelTypes().toString());
        if (!manager.cadences().isEmpty()) {
            List<String> cadences = new ArrayList<>();
            manager.cadences().values().forEach(c -> cadences.add(c.type() + " = " + c.baseType() + " every " + c.interval() + ", lookback "
                    + c.lookback() + ", " + c.retrainingType()));
            m.put("cadences", cadences.toString());
            m.put("cadence.checkInterval", manager.cadenceCheckInterval().toString());
        }
        return m;
    }

    /** Age in seconds of the ACTIVE version of {@code type} (since promotion, else training), NaN without one. */
    public double activeAgeSeconds(ModelType type, Instant now) {
        return manager.registry().getActive(type)
                .map(a -> (double) Duration.between(a.promotedAt() != null ? a.promotedAt() : a.trainedAt(), now).toSeconds())
                .orElse(Double.NaN);
    }
}
