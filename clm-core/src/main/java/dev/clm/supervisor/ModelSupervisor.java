package dev.clm.supervisor;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.HealthStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.api.PerformanceLogStore;
import dev.clm.metrics.ClmMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches live models from the engine's hot path and judges their health.
 *
 * <p>Hot path: {@link #logPrediction} and {@link #logOutcome} write a few primitives into a
 * per-model lock-free ring and return (no lock, no allocation after a model's first call).
 * A background drainer (one daemon thread owned by the supervisor, or the executor given)
 * moves records into a bounded per-model history every quarter ring; {@link #drain()} and
 * {@link #getModelHealth} drain too. Memory is bounded by the two capacities of
 * {@link SupervisorConfig}. If the engine outruns the drainer the oldest undrained records
 * are overwritten: never silently, they are counted ({@link #dropped}), logged, counted in
 * the metrics and published on {@code learning.supervisor.overflow} ({@link EventTopics#SUPERVISOR_OVERFLOW}).
 *
 * <p>Health ({@link #getModelHealth}): winrate with a Wilson 95% interval computed on the
 * effective number of outcomes (non-overlapping {@code outcomeHorizonMillis} windows of the
 * predictions' times, {@link dev.clm.stats.BlockTest#effectiveSamples}: outcomes realised over
 * overlapping horizons, or of several symbols at one time, are not independent trials), expected
 * calibration error, long/short ratio, latency p50/p95/p99, coverage, and a status: each
 * crossed threshold of {@link SupervisorConfig} is a reason; one reason is DEGRADED; two or
 * more, or a winrate whose Wilson upper bound is below the minimum (significantly bad), is
 * CRITICAL. {@link #recordSnapshot} writes a {@code model_performance_logs} row and publishes
 * {@code learning.model.performance.degraded} and {@code learning.performance.alert} when the
 * model is not HEALTHY.
 *
 * <p>Thread-safe. Close it to stop its drain thread.
 */
public final class ModelSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSupervisor.class);
    private static final double Z95 = 1.959963984540054;

    private final SupervisorConfig config;
    private final Clock clock;
    private final EventPublisher events;
    private final PerformanceLogStore store;
    private final ClmMetrics metrics;
    private final java.util.concurrent.Executor drainExecutor;
    private final ExecutorService ownedExecutor;
    private final ConcurrentHashMap<ModelType, ModelChannel> channels = new ConcurrentHashMap<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Object drainLock = new Object();

    /** Thresholds and buffer sizes this supervisor was built with. */
    public SupervisorConfig config() {
        return config;
    }

    /** A supervisor with its own daemon drain thread. */
    public ModelSupervisor(SupervisorConfig config, Clock clock, EventPublisher events, PerformanceLogStore store, ClmMetrics metrics) {
        this(config, clock, events, store, metrics, null);
    }

    /**
     * @param drainExecutor runs background drains; null for a daemon thread owned (and shut
     *                      down) by this supervisor. {@code Runnable::run} drains on the logging thread.
     */
    public ModelSupervisor(SupervisorConfig config, Clock clock, EventPublisher events, PerformanceLogStore store,
                           ClmMetrics metrics, java.util.concurrent.Executor drainExecutor) {
        if (config == null || clock == null || events == null || store == null || metrics == null) {
            throw new IllegalArgumentException("config, clock, events, store and metrics must not be null");
        }
        this.config = config;
        this.clock = clock;
        this.events = events;
        this.store = store;
        this.metrics = metrics;
        if (drainExecutor == null) {
            ownedExecutor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "clm-supervisor-drain");
                t.setDaemon(true);
                return t;
            });
            this.drainExecutor = ownedExecutor;
        } else {
            ownedExecutor = null;
            this.drainExecutor = drainExecutor;
        }
    }

    /**
     * Records a prediction; returns its id for {@link #logOutcome}. Non-blocking.
     *
     * @param prediction   the model's output; its sign is the direction (&gt; 0 long, &lt; 0 short, 0 flat)
     * @param confidence   probability in [0, 1] that the direction is right
     * @param latencyNanos time the model took to predict
     */
    public long logPrediction(ModelType model, double prediction, double confidence, long latencyNanos) {
        if (Double.isNaN(prediction) || !(confidence >= 0 && confidence <= 1) || latencyNanos < 0) {
            throw new IllegalArgumentException("prediction must be a number, confidence in [0, 1] and latencyNanos >= 0, were "
                    + prediction + ", " + confidence + ", " + latencyNanos);
        }
        ModelChannel ch = channel(model);
        long id = ch.offerPrediction(clock.millis(), prediction, (float) confidence, latencyNanos);
        if (ch.shouldRequestDrain(id)) requestDrain();
        return id;
    }

    /** Records the realised return of prediction {@code predictionId} of {@code model}. Non-blocking. */
    public void logOutcome(ModelType model, long predictionId, double realizedReturn) {
        if (!Double.isFinite(realizedReturn)) throw new IllegalArgumentException("realizedReturn must be finite, was " + realizedReturn);
        ModelChannel ch = channel(model);
        long seq = ch.offerOutcome(predictionId, realizedReturn);
        if (ch.shouldRequestDrain(seq)) requestDrain();
    }

    private ModelChannel channel(ModelType model) {
        ModelChannel ch = channels.get(model);
        if (ch != null) return ch;
        if (model == null) throw new IllegalArgumentException("model must not be null");
        return channels.computeIfAbsent(model, m -> new ModelChannel(m, config.inboxCapacity(), config.historyCapacity()));
    }

    private void requestDrain() {
        if (!drainScheduled.compareAndSet(false, true)) return;
        try {
            drainExecutor.execute(() -> {
                drainScheduled.set(false);
                drain();
            });
        } catch (RejectedExecutionException e) {
            drainScheduled.set(false); // closed: the next health query drains
        }
    }

    /** Moves everything logged so far into the history; publishes overflow if records were lost. */
    public void drain() {
        List<Object[]> overflow = new ArrayList<>();
        synchronized (drainLock) {
            for (ModelChannel ch : channels.values()) {
                long outcomeLimit = ch.outcomeCursor.get(); // read before predictions: see ModelChannel
                ch.drainPredictions();
                ch.drainOutcomes(outcomeLimit);
                long total = ch.dropped();
                if (total > ch.droppedReported) {
                    overflow.add(new Object[] {ch.type, total - ch.droppedReported, total});
                    ch.droppedReported = total;
                }
            }
        }
        for (Object[] o : overflow) reportOverflow((ModelType) o[0], (Long) o[1], (Long) o[2]);
    }

    private void reportOverflow(ModelType type, long lost, long total) {
        LOG.warn("supervisor inbox of {} overflowed: {} records dropped ({} in total); drain more often or raise inboxCapacity",
                type, lost, total);
        metrics.supervisorDropped(type, lost);
        events.publish(new ClmEvent.ComponentNotice(clock.instant(), EventTopics.SUPERVISOR_OVERFLOW,
                Map.of("modelType", type.name(), "dropped", lost, "totalDropped", total)));
    }

    /** Records (predictions and outcomes) lost to overflow for {@code model} since start. */
    public long dropped(ModelType model) {
        ModelChannel ch = channels.get(model);
        return ch == null ? 0 : ch.dropped();
    }

    /** Predictions lost to overflow for {@code model} since start. */
    public long droppedPredictions(ModelType model) {
        ModelChannel ch = channels.get(model);
        return ch == null ? 0 : ch.droppedPredictions.get();
    }

    /** Outcomes lost to overflow for {@code model} since start. */
    public long droppedOutcomes(ModelType model) {
        ModelChannel ch = channels.get(model);
        return ch == null ? 0 : ch.droppedOutcomes.get();
    }

    /** Outcomes whose prediction was unknown or already out of the history. */
    public long unmatchedOutcomes(ModelType model) {
        synchronized (drainLock) {
            ModelChannel ch = channels.get(model);
            return ch == null ? 0 : ch.unmatchedOutcomes;
        }
    }

    /** Health of {@code model} over the last {@code window} (drains first). */
    public ModelHealth getModelHealth(ModelType model, Duration window) {
        if (model == null || window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("model must not be null and window must be positive, were " + model + ", " + window);
        }
        drain();
        Instant now = clock.instant();
        long from = now.minus(window).toEpochMilli();
        synchronized (drainLock) {
            ModelChannel ch = channels.get(model);
            if (ch == null) {
                return new ModelHealth(model, now, window, 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Double.NaN, Double.NaN, HealthStatus.HEALTHY, List.of(), 0, false);
            }
            return compute(ch, now, window, from);
        }
    }

    private ModelHealth compute(ModelChannel ch, Instant now, Duration window, long from) {
        int cap = ch.historyMask + 1;
        long[] latencies = new long[cap];
        int bins = config.calibrationBins();
        long[] binCount = new long[bins];
        double[] binConfidence = new double[bins];
        long[] binWins = new long[bins];
        long predictions = 0, outcomes = 0, wins = 0, longs = 0, shorts = 0;
        long oldest = Long.MAX_VALUE;
        boolean full = true;
        long[] outcomeTimes = new long[cap];
        for (int h = 0; h < cap; h++) {
            if (ch.hId[h] < 0) {
                full = false;
                continue;
            }
            oldest = Math.min(oldest, ch.hTime[h]);
            if (ch.hTime[h] < from) continue;
            double p = ch.hPrediction[h];
            latencies[(int) predictions++] = ch.hLatency[h];
            if (p > 0) longs++; else if (p < 0) shorts++;
            double r = ch.hReturn[h];
            if (Double.isNaN(r) || p == 0) continue;
            outcomeTimes[(int) outcomes] = ch.hTime[h];
            outcomes++;
            boolean win = p * r > 0;
            if (win) wins++;
            int b = Math.min(bins - 1, (int) (ch.hConfidence[h] * bins));
            binCount[b]++;
            binConfidence[b] += ch.hConfidence[h];
            if (win) binWins[b]++;
        }
        double winrate = outcomes == 0 ? Double.NaN : (double) wins / outcomes;
        double effective = outcomes == 0 ? 0
                : Math.min(outcomes, dev.clm.stats.BlockTest.effectiveSamples(outcomeTimes, (int) outcomes, config.outcomeHorizonMillis()));
        double[] wilson = wilson(winrate, effective);
        double ece = Double.NaN;
        if (outcomes > 0) {
            ece = 0;
            for (int b = 0; b < bins; b++) {
                if (binCount[b] == 0) continue;
                double gap = Math.abs((double) binWins[b] / binCount[b] - binConfidence[b] / binCount[b]);
                ece += gap * binCount[b] / outcomes;
            }
        }
        double longShort = longs + shorts == 0 ? Double.NaN : shorts == 0 ? longs : (double) longs / shorts;
        Arrays.sort(latencies, 0, (int) predictions);
        double p50 = percentileMicros(latencies, (int) predictions, 0.50);
        double p95 = percentileMicros(latencies, (int) predictions, 0.95);
        double p99 = percentileMicros(latencies, (int) predictions, 0.99);
        double coverage = predictions == 0 ? Double.NaN : (double) outcomes / predictions;

        List<String> reasons = new ArrayList<>();
        boolean significantlyBad = false;
        if (outcomes >= config.minSamples()) {
            if (winrate < config.minWinrate()) {
                reasons.add(String.format("winrate %.3f below %.2f (95%% CI %.3f..%.3f, n=%d, effective %.0f)", winrate, config.minWinrate(),
                        wilson[0], wilson[1], outcomes, effective));
                significantlyBad = wilson[1] < config.minWinrate();
            }
            if (ece > config.maxCalibrationError()) reasons.add(String.format("calibration error %.3f above %.2f", ece, config.maxCalibrationError()));
        }
        if (predictions >= config.minSamples()) {
            if (p99 / 1000.0 > config.maxLatencyMillis()) reasons.add(String.format("p99 latency %.1f ms above %.0f ms", p99 / 1000.0, config.maxLatencyMillis()));
            if (longShort > config.maxLongShortRatio() || longShort < config.minLongShortRatio()) {
                reasons.add(String.format("long/short ratio %.2f outside [%.2f, %.2f]", longShort, config.minLongShortRatio(), config.maxLongShortRatio()));
            }
        }
        HealthStatus status = reasons.isEmpty() ? HealthStatus.HEALTHY
                : reasons.size() >= 2 || significantlyBad ? HealthStatus.CRITICAL : HealthStatus.DEGRADED;
        boolean truncated = full && oldest > from;
        return new ModelHealth(ch.type, now, window, predictions, outcomes, winrate, wilson[0], wilson[1], ece, longShort,
                p50, p95, p99, coverage, status, reasons, ch.dropped(), truncated);
    }

    /** Wilson score interval (95%) for {@code wins} of {@code n}; NaN when n = 0. */
    static double[] wilson(long wins, long n) {
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : wilson((double) wins / n, n);
    }

    /** Wilson score interval (95%) for a proportion {@code p} observed on {@code n} effective trials; NaN when n = 0. */
    static double[] wilson(double p, double n) {
        if (!(n > 0)) return new double[] {Double.NaN, Double.NaN};
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /** Nearest-rank percentile of the first {@code n} sorted nanosecond values, in microseconds. */
    private static double percentileMicros(long[] sortedNanos, int n, double q) {
        if (n == 0) return Double.NaN;
        int rank = (int) Math.ceil(q * n);
        return sortedNanos[Math.max(0, rank - 1)] / 1000.0;
    }

    /**
     * Computes the health over {@code window}, stores it as a {@code model_performance_logs}
     * row for {@code version}, and publishes the degraded/alert events when it is not HEALTHY.
     */
    public ModelHealth recordSnapshot(ModelType model, String version, Duration window) {
        ModelHealth h = getModelHealth(model, window);
        store.record(new PerformanceLog(model, version, h.at(), window, h.predictions(), h.outcomes(), h.winrate(),
                h.winrateLower(), h.winrateUpper(), h.calibrationError(), h.longShortRatio(), h.latencyP50Micros(),
                h.latencyP95Micros(), h.latencyP99Micros(), h.coverage(), h.status()));
        if (h.status() != HealthStatus.HEALTHY) {
            LOG.warn("model {} {} is {}: {}", model, version, h.status(), h.reasons());
            events.publish(new ClmEvent.PerformanceDegraded(h.at(), false, model, version, h.status(), h.reasons()));
            events.publish(new ClmEvent.PerformanceDegraded(h.at(), true, model, version, h.status(), h.reasons()));
        }
        return h;
    }

    /** Stored health snapshots of {@code model} since {@code since}, newest first, at most {@code limit}. */
    public java.util.List<PerformanceLog> logs(ModelType model, java.time.Instant since, int limit) {
        return store.since(model, since, limit);
    }

    /** Model types that logged at least one prediction or outcome. */
    public java.util.Set<ModelType> models() {
        return java.util.Set.copyOf(channels.keySet());
    }

    @Override
    public void close() {
        if (ownedExecutor != null) ownedExecutor.shutdown();
    }
}
