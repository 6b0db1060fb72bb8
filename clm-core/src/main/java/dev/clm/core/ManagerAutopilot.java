package dev.clm.core;

import dev.clm.api.ClmEvent;
import dev.clm.api.ModelType;
import dev.clm.config.ClmConfig;
import dev.clm.context.ClmContext;
import dev.clm.drift.DriftConfig;
import dev.clm.drift.DriftDetector;
import dev.clm.drift.DriftMonitor;
import dev.clm.drift.DriftResponsePolicy;
import dev.clm.rl.RlAgentMaintenance;
import dev.clm.scheduler.ClmScheduler;
import dev.clm.scheduler.EventReactions;
import dev.clm.scheduler.ScheduleConfig;
import dev.clm.scheduler.SystemStatus;
import dev.clm.supervisor.ModelSupervisor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What makes a manager run by itself: the {@link ClmScheduler} with the manager's four
 * schedules driving {@link ManagerOperations}, the drift detector and monitor configured from
 * {@link ClmConfig}, and the hooks for the engine's {@code regime.changed} events. Built once
 * with the manager (no thread starts before {@link #start()}); the reactions to drift and
 * degradation are direct calls inside the checks, so they work with any event publisher.
 *
 * <p>{@link #start()} / {@link #stop()} are idempotent; a stopped autopilot can start again;
 * {@link #close()} also shuts down the threads it owns. Thread-safe.
 */
public final class ManagerAutopilot implements AutoCloseable {
    /** Window of the supervisor's periodic health snapshots. */
    public static final Duration DEFAULT_HEALTH_WINDOW = dev.clm.config.ScheduleSettings.DEFAULT_HEALTH_WINDOW;

    private final ClmScheduler scheduler;
    private final EventReactions reactions;
    private final ExecutorService ownedReactionExecutor;
    private final DriftDetector detector;
    private final DriftMonitor monitor;
    private final ManagerOperations operations;
    private boolean closed;

    /**
     * @param schedulerExecutor runs the ticks; null for the scheduler's own daemon thread
     * @param reactionExecutor  runs the regime-change hooks; null for the autopilot's own daemon thread
     */
    ManagerAutopilot(ClmContext ctx, ModelCycle cycle, Triggers triggers, ShadowDecisions shadows, Map<ModelType, TrainingCadence> cadences,
                     Duration cadenceCheckInterval, ModelSupervisor supervisor, RlAgentMaintenance rl,
                     ScheduledExecutorService schedulerExecutor, Executor reactionExecutor) {
        ClmConfig c = ctx.config();
        this.detector = new DriftDetector(c.drift());
        this.monitor = new DriftMonitor(ctx.driftEvents(), ctx.events(), DriftResponsePolicy.defaults(), ctx.metrics(), ctx.clock());
        this.operations = new ManagerOperations(ctx, cycle, triggers, shadows, cadences, detector, monitor, supervisor, rl,
                c.performanceWindow(), c.schedule().healthWindow(), cadenceCheckInterval,
                (trigger, models, reason, at) -> scheduler().triggerRetraining(trigger, models, reason, at));
        ScheduleConfig schedule = new ScheduleConfig(retrainingCheckInterval(c.retrainSchedule(), cadenceCheckInterval),
                c.driftSchedule(), c.performanceSchedule(), c.shadowPromotionSchedule(), c.schedule().tick());
        this.scheduler = new ClmScheduler(operations, ctx.registry(), schedule, ctx.clock(), schedulerExecutor, ctx.metrics());
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
        this.reactions = new EventReactions(ctx.events(), reactionExecutor);
    }

    /**
     * How often the retraining task runs: the configured retrain schedule, or the check interval
     * when it is shorter (so TIME and a weekly or monthly cadence fire within one check of their
     * due time). {@link ManagerOperations} checks every type only once per retrain schedule,
     * and in between the cadence types and those whose TIME rule is due.
     */
    static Duration retrainingCheckInterval(Duration configured, Duration cadenceCheck) {
        return cadenceCheck.compareTo(configured) < 0 ? cadenceCheck : configured;
    }

    /** The drift rule's thresholds: the {@code drift} section of the manager's configuration. */
    static DriftConfig driftConfig(ClmConfig c) {
        return c.drift();
    }

    public synchronized void start() {
        if (closed) throw new IllegalStateException("the autopilot was closed");
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

    /** Whether {@link #close()} has run and the owned threads are shut down. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops and shuts down the threads the autopilot owns (the scheduler's and the reactions'). Idempotent. */
    @Override
    public synchronized void close() {
        stop();
        if (closed) return;
        closed = true;
        if (ownedReactionExecutor != null) ownedReactionExecutor.shutdown();
    }
}
