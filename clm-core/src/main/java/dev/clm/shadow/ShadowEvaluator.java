package dev.clm.shadow;

import dev.clm.api.Estimate;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TimeRange;
import dev.clm.stats.BlockTest;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns paired forecasts into a {@link ShadowTestResult} with the {@link PromotionPolicy}'s
 * decision. Live mode applies the fixed horizon (first {@code minSamples} samples); replay mode
 * is a single look at every row of the window. Stateless apart from its configuration;
 * thread-safe.
 */
public final class ShadowEvaluator {
    private final PromotionPolicy policy;
    private final Clock clock;

    public ShadowEvaluator(ShadowPolicyConfig config, Clock clock) {
        if (clock == null) throw new IllegalArgumentException("clock must not be null");
        this.policy = new PromotionPolicy(config);
        this.clock = clock;
    }

    public ShadowPolicyConfig config() {
        return policy.config();
    }

    /**
     * Live samples: CONTINUE_TESTING before the horizon, then the decision on exactly the first
     * {@code minSamples} samples.
     *
     * @param competitors shadows of this type tested at the same time (>= 1); alpha is divided by it
     */
    public ShadowTestResult evaluateLive(ModelType type, String shadowVersion, String activeVersion, PairedForecasts all,
                                         int competitors) {
        ShadowPolicyConfig cfg = policy.config();
        int n = all.size();
        double alpha = cfg.alpha() / Math.max(1, competitors);
        if (n < cfg.minSamples()) {
            ShadowComparison partial = n >= 3 ? ShadowComparison.compute(all, n, cfg) : null;
            String reason = String.format(Locale.ROOT, "%d of %d samples with outcomes; the decision is taken once, at %d (fixed horizon)",
                    n, cfg.minSamples(), cfg.minSamples());
            return toResult(type, shadowVersion, activeVersion, all, n, partial, ShadowDecision.CONTINUE_TESTING, reason, alpha);
        }
        int h = cfg.minSamples();
        ShadowComparison c = ShadowComparison.compute(all, h, cfg);
        PromotionPolicy.Verdict v = policy.decide(c, alpha);
        return toResult(type, shadowVersion, activeVersion, all, h, c, v.decision(), v.reason(), alpha);
    }

    /**
     * Replay on a window: one look at all rows (a window does not grow, so there is no
     * sequential problem). Rows of several symbols are interleaved in time; the tests aggregate
     * them per timestamp and purge folds by the label horizon in time ({@code data.horizonMillis()},
     * else the policy's horizon in bars times the median timestamp step).
     *
     * @param competitors candidates compared in the same cycle (>= 1); alpha is divided by it (Bonferroni)
     */
    public ShadowTestResult evaluateReplay(ModelType type, String candidateVersion, String activeVersion, PairedForecasts data,
                                           int competitors) {
        ShadowPolicyConfig cfg = policy.config();
        int n = data.size();
        double alpha = cfg.alpha() / Math.max(1, competitors);
        if (n < cfg.minSamples()) {
            ShadowComparison partial = n >= 3 ? ShadowComparison.compute(data, n, cfg) : null;
            String reason = String.format(Locale.ROOT, "replay window has %d rows with labels; at least %d are required", n, cfg.minSamples());
            return toResult(type, candidateVersion, activeVersion, data, n, partial, ShadowDecision.CONTINUE_TESTING, reason, alpha);
        }
        ShadowComparison c = ShadowComparison.compute(data, n, cfg);
        PromotionPolicy.Verdict v = policy.decide(c, alpha);
        return toResult(type, candidateVersion, activeVersion, data, n, c, v.decision(), v.reason(), alpha);
    }

    private ShadowTestResult toResult(ModelType type, String shadowVersion, String activeVersion, PairedForecasts data, int used,
                                      ShadowComparison c, ShadowDecision decision, String reason, double alpha) {
        Instant now = clock.instant();
        TimeRange window = window(data, used, now);
        Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("samples_with_outcome", (double) data.size());
        stats.put("samples_used", (double) used);
        stats.put("alpha", alpha);
        stats.put("min_samples", (double) policy.config().minSamples());
        if (c == null) {
            return new ShadowTestResult(type, shadowVersion, activeVersion, data.size(), 0, 0, 0.5, 0.5, 0, 1, 0, 0, decision,
                    reason, window, stats, now);
        }
        stats.put("improvement", c.improvement());
        BlockTest.Result binding = c.bindingLossTest();
        stats.put("loss_p_value", binding.pValueGreater());
        stats.put("loss_vs_active_statistic", c.lossVsActive().statistic());
        stats.put("loss_vs_active_p_value", c.lossVsActive().pValueGreater());
        stats.put("loss_vs_zero_statistic", c.lossVsZero().statistic());
        stats.put("loss_vs_zero_p_value", c.lossVsZero().pValueGreater());
        stats.put("folds", (double) c.lossVsActive().blocks());
        stats.put("folds_won_vs_active", (double) c.lossVsActive().blocksPositive());
        stats.put("folds_won_vs_zero", (double) c.lossVsZero().blocksPositive());
        stats.put("effective_samples", c.lossVsActive().effectiveSamples());
        stats.put("horizon_ms", (double) c.horizonMillis());
        stats.put("zero_mean_loss", c.zeroMeanLoss());
        if (binding.decidable()) stats.put("loss_difference_std_error", binding.stdError());
        stats.put(RollbackMonitor.Baseline.ACTIVE_SKILL, c.activeVsZero().mean());
        if (c.activeVsZero().decidable()) stats.put(RollbackMonitor.Baseline.ACTIVE_SKILL_SE, c.activeVsZero().stdError());
        if (c.activeHitVsCoin().decidable()) stats.put(RollbackMonitor.Baseline.ACTIVE_HIT_SE, c.activeHitVsCoin().stdError());
        stats.put("hit_test_p_value", c.hitTestPValue());
        stats.put("hit_worse_p_value", c.hitWorsePValue());
        // the level every significance requirement passes at: what a correction across candidates compares
        double decisionP = binding.pValueGreater();
        if (policy.config().hitRate() == HitRateRequirement.BETTER) decisionP = Math.max(decisionP, c.hitTestPValue());
        stats.put(DECISION_P_VALUE, decisionP);
        stats.put("discordant_shadow_only", (double) c.discordantShadowOnly());
        stats.put("discordant_active_only", (double) c.discordantActiveOnly());
        put(stats, "active", c.active());
        put(stats, "shadow", c.shadow());
        return new ShadowTestResult(type, shadowVersion, activeVersion, data.size(), c.shadow().mae(), c.active().mae(),
                c.shadow().hitRate(), c.active().hitRate(), c.ksStatistic(), c.ksPValue(), c.meanDiff(), c.stdDiff(), decision,
                reason, window, stats, now, binding.effectiveSamples(), estimate(binding), estimate(c.hitVsActive()));
    }

    /**
     * Statistic of a replay or live result: the largest p-value among the significance tests the
     * promotion rule requires (loss vs active, loss vs zero, and the hit-rate test when it must be
     * better), i.e. the smallest level at which all of them pass.
     */
    public static final String DECISION_P_VALUE = "decision_p_value";

    /** The block test's estimate with its uncertainty (NaN standard error with fewer than two folds). */
    static Estimate estimate(BlockTest.Result r) {
        return new Estimate(r.mean(), r.stdError(), r.lower(), r.upper(), r.effectiveSamples());
    }

    private static void put(Map<String, Double> stats, String side, SideMetrics m) {
        stats.put(side + "_hit_rate", m.hitRate());
        stats.put(side + "_mae", m.mae());
        stats.put(side + "_rmse", m.rmse());
        stats.put(side + "_mean_loss", m.meanLoss());
        stats.put(side + "_mean_pnl", m.meanPnl());
        stats.put(side + "_sharpe", m.sharpe());
        stats.put(side + "_max_drawdown", m.maxDrawdown());
    }

    private static TimeRange window(PairedForecasts data, int used, Instant now) {
        if (data.size() == 0) return new TimeRange(now, now);
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        long[] ts = data.timestampsMillis();
        for (int i = 0; i < Math.max(used, 1) && i < ts.length; i++) {
            min = Math.min(min, ts[i]);
            max = Math.max(max, ts[i]);
        }
        return TimeRange.ofEpochMillis(min, max);
    }
}
