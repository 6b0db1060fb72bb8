package dev.clm.scheduler;

import dev.clm.api.ClmEvent;
import dev.clm.api.DriftEventStore;
import dev.clm.api.ModelType;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.drift.DriftConfig;
import dev.clm.drift.DriftDetector;
import dev.clm.drift.DriftMonitor;
import dev.clm.drift.DriftResponsePolicy;
import dev.clm.metrics.ClmMetrics;
import dev.clm.metrics.EventMetrics;
import dev.clm.supervisor.ModelSupervisor;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Everything that makes a {@link ContinuousLearningManager} run by itself: the
 * {@link ClmScheduler} with the manager's four schedules, the {@link EventReactions}, the
 * drift detector and monitor configured from {@link ClmConfig} (p-value threshold, PSI
 * thresholds), metrics fed from events and the active-model-age gauges.
 *
 * <p>{@link #start()} / {@link #stop()} are idempotent; a stopped autopilot can start again.
 * Reactions run on a daemon thread owned by the autopilot unless an executor is given.
 * Thread-safe.
 */
public final class ManagerAutopilot implements AutoCloseable {
    /** Window of the supervisor's periodic health snapshots (the {@code schedule.health-window} default). */
    public static final Duration DEFAULT_HEALTH_WINDOW = dev.clm.config.ScheduleSettings.DEFAULT_HEALTH_WINDOW;

    private final ContinuousLearningManager manager;
    private final ClmScheduler scheduler;
    private final EventReactions reactions;
    private final EventMetrics eventMetrics;
    private final ExecutorService ownedReactionExecutor;
    private final DriftDetector detector;
    private final DriftMonitor monitor;
    private final ManagerOperations operations;
    private boolean eventMetricsClosed;

    /**
     * @param schedulerExecutor runs the ticks; null for the scheduler's own daemon thread
     * @param reactionExecutor  runs the event reactions; null for the autopilot's own daemon thread
     */
    public ManagerAutopilot(ContinuousLearningManager manager, ModelSupervisor supervisor, DriftEventStore driftStore,
                            ClmMetrics metrics, ScheduledExecutorService schedulerExecutor, Executor reactionExecutor) {
        this.manager = manager;
        ClmConfig c = manager.config();
        this.detector = new DriftDetector(c.drift());
        this.monitor = new DriftMonitor(driftStore, manager.events(), DriftResponsePolicy.defaults(), metrics, manager.clock());
        this.operations = new ManagerOperations(manager, detector, monitor, supervisor, metrics, c.performanceWindow(), c.schedule().healthWindow());
        ScheduleConfig schedule = new ScheduleConfig(retrainingCheckInterval(manager), c.driftSchedule(), c.performanceSchedule(),
                c.shadowPromotionSchedule(), c.schedule().tick());
        this.scheduler = new ClmScheduler(operations, manager.registry(), schedule, manager.clock(), schedulerExecutor, metrics);
        if (reactionExecutor == null) {
            ownedReactionExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "clm-reactions");
                t.setDaemon(true);
                return t;
            });
            reactionExecutor = ownedReactionExecutor;
        } else {
            ownedReactionExecutor = null;
        }
        this.reactions = new EventReactions(manager.events(), scheduler, reactionExecutor);
        this.eventMetrics = new EventMetrics(manager.events(), manager.registry(), metrics);
        for (ModelType t : manager.modelTypes()) {
            metrics.activeModelAge(t, () -> operations.activeAgeSeconds(t, manager.clock().instant()));
        }
    }

    /**
     * How often the retraining task runs: the configured retrain schedule, or the manager's
     * cadence check interval when cadences are registered and it is shorter (so a weekly or
     * monthly cadence fires within one check of its due time). {@link ManagerOperations} then
     * checks the non-cadence types only once per retrain schedule, as without cadences.
     */
    static Duration retrainingCheckInterval(ContinuousLearningManager manager) {
        Duration configured = manager.config().retrainSchedule();
        Duration cadence = manager.cadenceCheckInterval();
        return cadence.compareTo(configured) < 0 ? cadence : configured;
    }

    /** The drift rule's thresholds: the {@code drift} section of the manager's configuration. */
    static DriftConfig driftConfig(ClmConfig c) {
        return c.drift();
    }

    public synchronized void start() {
        reactions.start();
        scheduler.start();
    }

    public synchronized void stop() {
        scheduler.stop();
        reactions.close();
    }

    public boolean isRunning() {
        return scheduler.isRunning();
    }

    public ClmScheduler scheduler() {
        return scheduler;
    }

    public DriftDetector driftDetector() {
        return detector;
    }

    public DriftMonitor driftMonitor() {
        return monitor;
    }

    public ManagerOperations operations() {
        return operations;
    }

    /** Adds a hook for {@code regime.changed} events (the RL agents reset there). */
    public void onRegimeChange(Consumer<ClmEvent> hook) {
        reactions.onRegimeChange(hook);
    }

    public SystemStatus getSystemStatus() {
        return scheduler.getSystemStatus();
    }

    /** Stops and releases the threads the autopilot owns. */
    @Override
    public synchronized void close() {
        stop();
        if (!eventMetricsClosed) {
            eventMetrics.close();
            eventMetricsClosed = true;
        }
        if (ownedReactionExecutor != null) ownedReactionExecutor.shutdown();
    }

}
