package dev.clm.shadow;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.HealthStatus;
import dev.clm.api.EventTopics;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.ShadowTestResult;
import dev.clm.stats.BlockTest;
import org.apache.commons.math3.distribution.TDistribution;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a newly promoted ACTIVE model against the baseline of the model it replaced and rolls
 * back on a significant degradation.
 *
 * <p>After {@link #watch} the new version's outcomes are collected (from the recorder as a
 * {@link ShadowOutcomeListener}, or through {@link #observe}). When {@code rollbackWindowSamples}
 * outcomes are in, one decision is taken (fixed horizon, so watching does not multiply false
 * alarms). The statistics know the data's dependence: outcomes are averaged per timestamp and
 * tested on purged time folds ({@link BlockTest}, Ibragimov and Müller 2010), so a window that
 * spans fewer than six label horizons of time cannot conclude anything and PASSES.
 * <ul>
 *   <li>Loss: the new model's skill over the zero-return forecast on the watched outcomes,
 *       {@code loss(0) - loss(model)} (which also removes a change of volatility between the two
 *       windows), is compared with the replaced model's skill on its test window; the
 *       difference is tested with both standard errors ({@code sqrt(se_new^2 + se_baseline^2)},
 *       Student-t with the new window's folds - 1 degrees of freedom, conservative). A baseline
 *       without a skill estimate is compared by its mean loss, as a constant.</li>
 *   <li>Hit rate: the new hit rate is compared with the baseline's the same way.</li>
 * </ul>
 * Roll back when either is significantly worse (each at {@code rollbackAlpha / 2}, Bonferroni
 * for "either") and worse by at least {@code rollbackMinDegradation} relative. A rollback makes
 * the previous version ACTIVE again through the {@link Promoter} (which publishes
 * {@link EventTopics#MODEL_ROLLED_BACK} and the promotion events).
 *
 * <p>Thread-safe (one lock per watched type).
 */
public final class RollbackMonitor implements ShadowOutcomeListener {
    private static final Logger LOG = LoggerFactory.getLogger(RollbackMonitor.class);
    private static final int RECENT_KEYS = 4096;

    private final ModelRegistry registry;
    private final EventPublisher events;
    private final ShadowPolicyConfig config;
    private final Clock clock;
    private final Promoter promoter;
    private final ConcurrentHashMap<ModelType, Watch> watches = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<ModelType> onDegraded = type -> { };

    /**
     * Built by its {@link Promoter}, which makes the previous version ACTIVE again on a
     * rollback (after verifying it: if it cannot be made ACTIVE, the degraded version stays
     * ACTIVE, the decision is {@link WatchState#DEGRADED_NOT_ROLLED_BACK} and a degradation
     * event names the reason).
     */
    RollbackMonitor(ModelRegistry registry, EventPublisher events, Clock clock, ShadowPolicyConfig config, Promoter promoter) {
        this.registry = registry;
        this.events = events;
        this.clock = clock;
        this.config = config;
        this.promoter = promoter;
    }

    /**
     * What the replaced model achieved: mean loss (in the policy's loss) and hit rate, and, when
     * known, its skill over the zero forecast with standard errors (from its shadow test's folds).
     *
     * @param meanLoss      mean per-forecast loss of the retired model (> 0)
     * @param hitRate       its hit rate in (0, 1)
     * @param skillVsZero   mean per-timestamp {@code loss(0) - loss(model)}, NaN if unknown
     * @param skillStdError standard error of {@code skillVsZero}, NaN if unknown
     * @param hitRateStdError standard error of the hit rate, NaN if unknown
     */
    public record Baseline(double meanLoss, double hitRate, double skillVsZero, double skillStdError, double hitRateStdError) {
        /** Statistic key of the active side's skill over zero in a shadow result. */
        public static final String ACTIVE_SKILL = "active_skill_vs_zero";
        /** Statistic key of its standard error. */
        public static final String ACTIVE_SKILL_SE = "active_skill_vs_zero_std_error";
        /** Statistic key of the standard error of the active side's hit rate. */
        public static final String ACTIVE_HIT_SE = "active_hit_rate_std_error";

        public Baseline {
            if (!(meanLoss > 0) || !Double.isFinite(meanLoss)) throw new IllegalArgumentException("baseline meanLoss must be finite and > 0, was " + meanLoss);
            if (!(hitRate > 0 && hitRate < 1)) throw new IllegalArgumentException("baseline hitRate must be in (0, 1), was " + hitRate);
            if (Double.isInfinite(skillVsZero) || Double.isInfinite(skillStdError) || skillStdError < 0
                    || Double.isInfinite(hitRateStdError) || hitRateStdError < 0) {
                throw new IllegalArgumentException("baseline skill and standard errors must be finite and >= 0 or NaN, were "
                        + skillVsZero + ", " + skillStdError + ", " + hitRateStdError);
            }
        }

        /** A baseline known only by its mean loss and hit rate (compared as constants). */
        public Baseline(double meanLoss, double hitRate) {
            this(meanLoss, hitRate, Double.NaN, Double.NaN, Double.NaN);
        }

        /** The active side of the shadow test that led to the promotion. */
        public static Baseline from(ShadowTestResult r) {
            double loss = r.statistics().getOrDefault("active_mean_loss", r.activeMae());
            Map<String, Double> st = r.statistics();
            return new Baseline(loss, r.activeDirectionAccuracy(), st.getOrDefault(ACTIVE_SKILL, Double.NaN),
                    st.getOrDefault(ACTIVE_SKILL_SE, Double.NaN), st.getOrDefault(ACTIVE_HIT_SE, Double.NaN));
        }

        boolean hasSkill() {
            return !Double.isNaN(skillVsZero) && !Double.isNaN(skillStdError);
        }
    }

    /** State of a watch. */
    public enum WatchState { WATCHING, PASSED, ROLLED_BACK, DEGRADED_NOT_ROLLED_BACK, SUPERSEDED }

    /** The outcome of a watch, once decided. */
    public record RollbackDecision(ModelType type, String watchedVersion, String previousVersion, WatchState state,
                                   long samples, double meanLoss, double hitRate, double lossPValue, double hitPValue,
                                   String reason, java.time.Instant decidedAt) {}

    /** Starts watching {@code newVersion} of {@code type}; replaces an earlier watch of the type. */
    public void watch(ModelType type, String newVersion, String previousVersion, Baseline baseline) {
        if (type == null || newVersion == null || previousVersion == null || baseline == null) {
            throw new IllegalArgumentException("type, newVersion, previousVersion and baseline must not be null");
        }
        if (config.rollbackWindowSamples() == 0) return;
        watches.put(type, new Watch(newVersion, previousVersion, baseline, config.rollbackWindowSamples()));
        LOG.info("watching {} {} against the baseline of {} (loss {}, hit rate {}) for {} outcomes", type, newVersion,
                previousVersion, baseline.meanLoss(), baseline.hitRate(), config.rollbackWindowSamples());
    }

    /** Whether a watch of {@code type} is still collecting outcomes. */
    public boolean isWatching(ModelType type) {
        Watch w = watches.get(type);
        return w != null && w.decision == null;
    }

    /** The decision of the last watch of {@code type}, if it was taken. */
    public Optional<RollbackDecision> decision(ModelType type) {
        Watch w = watches.get(type);
        return w == null ? Optional.empty() : Optional.ofNullable(w.decision);
    }

    @Override
    public void onOutcome(ModelType type, String symbol, long timestampMillis, String activeVersion, double activePrediction,
                          String shadowVersion, double shadowPrediction, double realisedReturn) {
        if (activeVersion == null) return;
        Watch w = watches.get(type);
        if (w == null || !w.version.equals(activeVersion)) return;
        synchronized (w) {
            // Several shadows record the same signal: count the active's forecast once.
            if (!w.recentKeys.add(symbol + '@' + timestampMillis)) return;
            if (w.recentKeys.size() > RECENT_KEYS) w.recentKeys.remove(w.recentKeys.iterator().next());
        }
        observe(type, activeVersion, symbol, timestampMillis, activePrediction, realisedReturn);
    }

    /**
     * One outcome of the watched ACTIVE version (ignored for other versions or once decided),
     * without a time: consecutive outcomes are taken as consecutive bars of one symbol.
     * Returns the decision if this outcome completed the window.
     */
    public Optional<RollbackDecision> observe(ModelType type, String version, double prediction, double realisedReturn) {
        return observe(type, version, null, Long.MIN_VALUE, prediction, realisedReturn);
    }

    /**
     * One outcome of the watched ACTIVE version for {@code symbol} at {@code timestampMillis}
     * (ignored for other versions or once decided). Returns the decision if this outcome
     * completed the window.
     */
    public Optional<RollbackDecision> observe(ModelType type, String version, String symbol, long timestampMillis,
                                              double prediction, double realisedReturn) {
        Watch w = watches.get(type);
        if (w == null || !w.version.equals(version)) return Optional.empty();
        if (!Double.isFinite(prediction) || !Double.isFinite(realisedReturn)) {
            throw new IllegalArgumentException("prediction and realisedReturn must be finite, were " + prediction + " and " + realisedReturn);
        }
        RollbackDecision d;
        synchronized (w) {
            if (w.decision != null || w.n >= w.losses.length) return Optional.empty();
            int i = w.n;
            w.losses[i] = config.loss().loss(prediction, realisedReturn);
            w.zeroLosses[i] = config.loss().loss(0, realisedReturn);
            double pr = prediction * realisedReturn;
            w.hits[i] = (byte) (pr > 0 ? 1 : pr < 0 ? -1 : 0);
            boolean timed = symbol != null && timestampMillis != Long.MIN_VALUE;
            w.times[i] = timed ? timestampMillis : i;
            if (timed) {
                Long last = w.lastBySymbol.put(symbol, timestampMillis);
                if (last != null && timestampMillis > last) w.steps[w.stepCount++] = timestampMillis - last;
            } else {
                w.untimed = true;
            }
            w.n++;
            if (w.n < w.losses.length) return Optional.empty();
            d = decide(type, w);
            w.decision = d;
        }
        return Optional.of(act(type, w, d));
    }

    private RollbackDecision decide(ModelType type, Watch w) {
        int n = w.n;
        long horizon = w.horizonMillis(config.forecastHorizon());
        double[] skill = new double[n], lossVsBase = new double[n], hitEdge = new double[n];
        double sum = 0;
        long hits = 0, directional = 0;
        for (int i = 0; i < n; i++) {
            skill[i] = w.zeroLosses[i] - w.losses[i];
            lossVsBase[i] = w.losses[i] - w.baseline.meanLoss();
            sum += w.losses[i];
            if (w.hits[i] != 0) {
                directional++;
                if (w.hits[i] > 0) hits++;
                hitEdge[i] = (w.hits[i] > 0 ? 1 : 0) - w.baseline.hitRate();
            }
        }
        double meanLoss = sum / n;
        double half = config.rollbackAlpha() / 2;
        double lossP;
        int folds;
        double ess;
        if (w.baseline.hasSkill()) {
            BlockTest.Result now = BlockTest.ofRows(skill, w.times, n, horizon);
            lossP = lowerTail(now.mean() - w.baseline.skillVsZero(), now, w.baseline.skillStdError());
            folds = now.blocks();
            ess = now.effectiveSamples();
        } else {
            BlockTest.Result now = BlockTest.ofRows(lossVsBase, w.times, n, horizon);
            lossP = now.pValueGreater();
            folds = now.blocks();
            ess = now.effectiveSamples();
        }
        BlockTest.Result hitTest = BlockTest.ofRows(hitEdge, w.times, n, horizon);
        double hitP = lowerTail(hitTest.mean(), hitTest, Double.isNaN(w.baseline.hitRateStdError()) ? 0 : w.baseline.hitRateStdError());
        double lossIncrease = meanLoss / w.baseline.meanLoss() - 1;
        double hitRate = directional == 0 ? 0.5 : hits / (double) directional;
        double hitDrop = 1 - hitRate / w.baseline.hitRate();
        boolean decidable = folds >= 2;
        boolean lossDegraded = decidable && lossP < half && lossIncrease >= config.rollbackMinDegradation();
        boolean hitDegraded = decidable && hitP < half && hitDrop >= config.rollbackMinDegradation();
        String detail = String.format(Locale.ROOT,
                "%d outcomes (effective sample %.0f, %d folds): loss %.6g vs baseline %.6g (%+.2f%%, p=%.4g), hit rate %.3f vs "
                        + "baseline %.3f (p=%.4g), level %.4g each%s",
                n, ess, folds, meanLoss, w.baseline.meanLoss(), 100 * lossIncrease, lossP, hitRate, w.baseline.hitRate(), hitP, half,
                decidable ? "" : "; fewer than 2 folds of independent data, nothing can be concluded");
        WatchState state = !(lossDegraded || hitDegraded) ? WatchState.PASSED
                : config.autoRollback() ? WatchState.ROLLED_BACK : WatchState.DEGRADED_NOT_ROLLED_BACK;
        String reason = (state == WatchState.PASSED ? "no significant degradation: " : "significant degradation: ") + detail;
        return new RollbackDecision(type, w.version, w.previous, state, n, meanLoss, hitRate, lossP, hitP, reason, clock.instant());
    }

    /**
     * One-sided p-value that a mean is below 0 given the block test's standard error and an
     * independent extra standard error: Student-t with the block test's folds - 1 degrees of freedom.
     */
    static double lowerTail(double difference, BlockTest.Result r, double extraStdError) {
        if (!r.decidable()) return 1.0;
        double se = Math.sqrt(r.stdError() * r.stdError() + extraStdError * extraStdError);
        if (!(se > 0)) return difference < 0 ? 0.0 : 1.0;
        double p = new TDistribution(null, r.blocks() - 1.0).cumulativeProbability(difference / se);
        return Math.max(0, Math.min(1, p));
    }

    private RollbackDecision act(ModelType type, Watch w, RollbackDecision d) {
        if (d.state() == WatchState.PASSED) {
            LOG.info("{} {} passed its rollback watch: {}", type, w.version, d.reason());
            return d;
        }
        if (d.state() == WatchState.DEGRADED_NOT_ROLLED_BACK) {
            LOG.warn("{} {} degraded but automatic rollback is off: {}", type, w.version, d.reason());
            publishDegraded(type, w.version, d.reason());
            return d;
        }
        Optional<dev.clm.api.ModelArtifact> active = registry.getActive(type);
        if (active.isEmpty() || !active.get().version().equals(w.version)) {
            RollbackDecision superseded = new RollbackDecision(type, w.version, w.previous, WatchState.SUPERSEDED, d.samples(),
                    d.meanLoss(), d.hitRate(), d.lossPValue(), d.hitPValue(),
                    "degraded, but " + w.version + " is no longer ACTIVE; nothing rolled back (" + d.reason() + ")", d.decidedAt());
            w.decision = superseded;
            return superseded;
        }
        String reason = "rollback: " + d.reason();
        try {
            promoter.promote(type, w.previous, Promoter.Path.AUTOMATIC_ROLLBACK, reason, null);
        } catch (RuntimeException e) {
            RollbackDecision refused = new RollbackDecision(type, w.version, w.previous, WatchState.DEGRADED_NOT_ROLLED_BACK,
                    d.samples(), d.meanLoss(), d.hitRate(), d.lossPValue(), d.hitPValue(),
                    "degraded, but the previous version " + w.previous + " cannot be made ACTIVE again: " + e.getMessage()
                            + " (" + d.reason() + ")", d.decidedAt());
            w.decision = refused;
            LOG.error("{} {} degraded; rollback to {} refused: {}", type, w.version, w.previous, e.getMessage());
            publishDegraded(type, w.version, refused.reason());
            return refused;
        }
        LOG.warn("{} rolled back from {} to {}: {}", type, w.version, w.previous, d.reason());
        return d;
    }

    /** Stops watching {@code type} (for example when another promotion replaced the version). */
    public void cancel(ModelType type) {
        watches.remove(type);
    }

    /** Decisions taken so far, one per watched type. */
    public List<RollbackDecision> decisions() {
        List<RollbackDecision> out = new ArrayList<>();
        for (Watch w : watches.values()) if (w.decision != null) out.add(w.decision);
        return out;
    }

    /**
     * Called (on the thread that completed the watch, so it must be quick) for a type whose
     * ACTIVE version degraded and stays ACTIVE (automatic rollback off or refused). The manager
     * records a PERFORMANCE_DECAY retrain request, answered by the next retraining check.
     */
    public void onDegraded(java.util.function.Consumer<ModelType> listener) {
        this.onDegraded = java.util.Objects.requireNonNull(listener, "listener");
    }

    private void publishDegraded(ModelType type, String version, String reason) {
        try {
            onDegraded.accept(type);
        } catch (RuntimeException e) {
            LOG.warn("degradation listener failed for {} {}", type, version, e);
        }
        // the promoter's publisher: never throws
        events.publish(new ClmEvent.PerformanceDegraded(clock.instant(), false, type, version, HealthStatus.DEGRADED, List.of(reason)));
    }

    private static final class Watch {
        final String version, previous;
        final Baseline baseline;
        final double[] losses, zeroLosses;
        final byte[] hits;
        final long[] times, steps;
        final java.util.HashMap<String, Long> lastBySymbol = new java.util.HashMap<>();
        final LinkedHashSet<String> recentKeys = new LinkedHashSet<>();
        int n, stepCount;
        boolean untimed;
        volatile RollbackDecision decision;

        Watch(String version, String previous, Baseline baseline, int window) {
            this.version = version;
            this.previous = previous;
            this.baseline = baseline;
            this.losses = new double[window];
            this.zeroLosses = new double[window];
            this.hits = new byte[window];
            this.times = new long[window];
            this.steps = new long[window];
        }

        /** Horizon in time: bars x the median step of one symbol's timestamps; bars x 1 for untimed outcomes. */
        long horizonMillis(int bars) {
            if (untimed || stepCount == 0) {
                if (untimed) for (int i = 0; i < n; i++) times[i] = i;
                return Math.max(1, bars);
            }
            long[] s = java.util.Arrays.copyOf(steps, stepCount);
            java.util.Arrays.sort(s);
            return Math.max(1, s[stepCount / 2] * (long) bars);
        }
    }
}
