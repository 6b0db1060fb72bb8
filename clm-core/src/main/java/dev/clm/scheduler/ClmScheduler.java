package dev.clm.scheduler;

import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingType;
import dev.clm.metrics.ClmMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the manager's four periodic tasks (retraining, drift check, performance check, shadow
 * promotion) by the injected {@link Clock}.
 *
 * <p>How it runs: {@link #start()} schedules {@link #tick()} every {@code tick} period on a
 * {@link ScheduledExecutorService} (its own daemon thread unless one is given). A tick reads
 * the clock and runs, one after the other, every task whose due time has come; time itself
 * never comes from the executor, so tests advance a {@code MutableClock} and call
 * {@code tick()} directly, without sleeping. Schedules are fixed-rate from {@code start()}: a
 * task first runs one interval after start, then every interval; runs missed while the
 * process was busy or suspended are coalesced into one (never a burst of catch-up runs).
 *
 * <p>Never two cycles at once: ticks and manual triggers share one lock. A tick that finds a
 * cycle running returns at once (the tasks stay due for the next tick); a manual trigger
 * waits for the running cycle and then runs on the caller's thread. A task that throws is
 * logged, counted ({@code clm.failures}, stage {@code scheduler.<task>}) and rescheduled at
 * its next regular time. {@code start()} and {@code stop()} are idempotent.
 *
 * <p>Thread-safe.
 */
public final class ClmScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClmScheduler.class);

    private final ClmOperations operations;
    private final ModelRegistry registry;
    private final ScheduleConfig schedule;
    private final Clock clock;
    private final ClmMetrics metrics;
    private final ScheduledExecutorService givenExecutor;
    private final ReentrantLock cycleLock = new ReentrantLock();
    private final Object stateLock = new Object();

    private final EnumMap<ScheduledTask, Instant> nextDue = new EnumMap<>(ScheduledTask.class);
    private final EnumMap<ScheduledTask, Instant> lastRun = new EnumMap<>(ScheduledTask.class);
    private final EnumMap<ScheduledTask, AtomicLong> runs = new EnumMap<>(ScheduledTask.class);
    private final EnumMap<ScheduledTask, AtomicLong> failures = new EnumMap<>(ScheduledTask.class);
    private final AtomicLong skippedTicks = new AtomicLong();
    private volatile String lastError;
    private volatile boolean running;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> ticking;

    /**
     * @param registry  source of active and shadow versions for {@link #getSystemStatus()}; may be null
     * @param executor  runs the ticks; null for a daemon thread owned by the scheduler (shut down by {@link #stop()})
     */
    public ClmScheduler(ClmOperations operations, ModelRegistry registry, ScheduleConfig schedule, Clock clock,
                        ScheduledExecutorService executor, ClmMetrics metrics) {
        if (operations == null || schedule == null || clock == null || metrics == null) {
            throw new IllegalArgumentException("operations, schedule, clock and metrics must not be null");
        }
        this.operations = operations;
        this.registry = registry;
        this.schedule = schedule;
        this.clock = clock;
        this.metrics = metrics;
        this.givenExecutor = executor;
        for (ScheduledTask t : ScheduledTask.values()) {
            runs.put(t, new AtomicLong());
            failures.put(t, new AtomicLong());
        }
    }

    /** Starts the periodic tasks; each first runs one interval from now. Does nothing if running. */
    public void start() {
        synchronized (stateLock) {
            if (running) return;
            Instant now = clock.instant();
            for (ScheduledTask t : ScheduledTask.values()) nextDue.put(t, now.plus(schedule.interval(t)));
            executor = givenExecutor != null ? givenExecutor : Executors.newSingleThreadScheduledExecutor(r -> {
                Thread th = new Thread(r, "clm-scheduler");
                th.setDaemon(true);
                return th;
            });
            long tickMillis = schedule.tick().toMillis();
            ticking = executor.scheduleWithFixedDelay(this::tickSafely, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
            running = true;
            LOG.info("clm scheduler started: {}", schedule.intervals());
        }
    }

    /** Stops the periodic tasks (a running task finishes). Does nothing if stopped. */
    public void stop() {
        synchronized (stateLock) {
            if (!running) return;
            running = false;
            ticking.cancel(false);
            if (givenExecutor == null) executor.shutdown();
            executor = null;
            nextDue.clear();
            LOG.info("clm scheduler stopped");
        }
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        stop();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (Throwable t) { // an escaping throwable would cancel the periodic schedule for good
            LOG.error("scheduler tick failed; ticking continues", t);
        }
    }

    /**
     * Runs the tasks that are due now; returns how many ran. Returns 0 at once when stopped or
     * when another cycle holds the lock.
     */
    public int tick() {
        if (!running) return 0;
        if (!cycleLock.tryLock()) {
            skippedTicks.incrementAndGet();
            return 0;
        }
        try {
            int ran = 0;
            for (ScheduledTask task : ScheduledTask.values()) {
                Instant due;
                synchronized (stateLock) {
                    if (!running) break;
                    due = nextDue.get(task);
                }
                Instant now = clock.instant();
                if (now.isBefore(due)) continue;
                runTask(task, () -> runScheduled(task));
                ran++;
                synchronized (stateLock) {
                    if (running) nextDue.put(task, nextAfter(due, schedule.interval(task), clock.instant()));
                }
            }
            return ran;
        } finally {
            cycleLock.unlock();
        }
    }

    /** The first slot due + k*interval (k &ge; 1) after {@code now}: missed runs coalesce into none. */
    private static Instant nextAfter(Instant due, java.time.Duration interval, Instant now) {
        Instant next = due.plus(interval);
        if (!next.isAfter(now)) {
            long missed = java.time.Duration.between(next, now).toNanos() / interval.toNanos() + 1;
            next = next.plus(interval.multipliedBy(missed));
        }
        return next;
    }

    private void runScheduled(ScheduledTask task) {
        switch (task) {
            case RETRAINING -> operations.scheduledRetraining();
            case DRIFT_CHECK -> operations.checkDrift(null);
            case PERFORMANCE_CHECK -> operations.checkPerformance();
            case SHADOW_PROMOTION -> operations.scheduledShadowPromotion();
        }
    }

    /** Runs a task under the caller's hold of the cycle lock: records the run, catches and counts failures. */
    private void runTask(ScheduledTask task, Runnable body) {
        Instant started = clock.instant();
        synchronized (stateLock) {
            lastRun.put(task, started);
        }
        try {
            body.run();
        } catch (RuntimeException e) {
            failures.get(task).incrementAndGet();
            lastError = task + " at " + started + ": " + e;
            metrics.failure(null, "scheduler." + task.name().toLowerCase());
            LOG.error("scheduled task {} failed; it runs again at its next time", task, e);
        } finally {
            runs.get(task).incrementAndGet();
        }
    }

    private void manual(ScheduledTask task, Runnable body) {
        cycleLock.lock();
        try {
            runTask(task, body);
        } finally {
            cycleLock.unlock();
        }
    }

    /**
     * Retrains now (waits for a running cycle first). Failures are logged and counted, not thrown.
     *
     * @param models empty for every configured model type
     */
    public void triggerRetraining(RetrainingType type, Set<ModelType> models, String reason) {
        if (type == null || models == null || reason == null) throw new IllegalArgumentException("type, models and reason must not be null");
        manual(ScheduledTask.RETRAINING, () -> operations.retrain(type, Set.copyOf(models), "manual: " + reason));
    }

    /**
     * Retrains {@code models} because {@code trigger} fired (used by the event reactions);
     * waits for a running cycle first. Failures are logged and counted, not thrown.
     */
    public void triggerRetraining(RetrainTrigger trigger, Set<ModelType> models, String reason, Instant observedAt) {
        if (trigger == null || models == null || reason == null || observedAt == null) {
            throw new IllegalArgumentException("trigger, models, reason and observedAt must not be null");
        }
        manual(ScheduledTask.RETRAINING, () -> operations.retrainFor(trigger, Set.copyOf(models), reason, observedAt));
    }

    /** Checks drift now for {@code model} (null: every model); waits for a running cycle first. */
    public void manualTriggerDriftCheck(ModelType model) {
        manual(ScheduledTask.DRIFT_CHECK, () -> operations.checkDrift(model));
    }

    /** Checks the shadows of {@code model} (null: every model) for promotion now; waits for a running cycle first. */
    public void manualPromoteShadow(ModelType model) {
        manual(ScheduledTask.SHADOW_PROMOTION, () -> operations.promoteShadows(model));
    }

    /** Ticks that found a cycle running and did nothing. */
    public long skippedTicks() {
        return skippedTicks.get();
    }

    public long runs(ScheduledTask task) {
        return runs.get(task).get();
    }

    public long failures(ScheduledTask task) {
        return failures.get(task).get();
    }

    /** Running state, last and next runs, counts, active and shadow versions, configuration. */
    public SystemStatus getSystemStatus() {
        Map<ScheduledTask, Instant> last, next;
        synchronized (stateLock) {
            last = new EnumMap<>(lastRun);
            next = new EnumMap<>(nextDue);
        }
        Map<ScheduledTask, Long> runCounts = new EnumMap<>(ScheduledTask.class);
        Map<ScheduledTask, Long> failureCounts = new EnumMap<>(ScheduledTask.class);
        for (ScheduledTask t : ScheduledTask.values()) {
            runCounts.put(t, runs.get(t).get());
            failureCounts.put(t, failures.get(t).get());
        }
        Map<ModelType, String> active = new HashMap<>();
        Map<ModelType, List<String>> shadows = new HashMap<>();
        if (registry != null) {
            for (ModelType type : registry.modelTypes()) {
                registry.getActive(type).ifPresent(a -> active.put(type, a.version()));
                List<String> s = registry.findByStatus(type, ModelStatus.SHADOW).stream().map(ModelArtifact::version).toList();
                if (!s.isEmpty()) shadows.put(type, s);
            }
        }
        Map<String, Object> config = new HashMap<>(operations.configSummary());
        schedule.intervals().forEach((t, d) -> config.put("schedule." + t.name().toLowerCase(), d.toString()));
        config.put("schedule.tick", schedule.tick().toString());
        return new SystemStatus(running, clock.instant(), last, next, runCounts, failureCounts,
                lastError == null ? "" : lastError, active, shadows, config);
    }
}
