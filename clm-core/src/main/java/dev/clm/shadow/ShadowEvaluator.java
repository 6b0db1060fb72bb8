package dev.clm.shadow;

import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TimeRange;
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
            ShadowComparison partial = n >= 3 ? ShadowComparison.compute(all, n, cfg.lagFor(n), cfg) : null;
            String reason = String.format(Locale.ROOT, "%d of %d samples with outcomes; the decision is taken once, at %d (fixed horizon)",
                    n, cfg.minSamples(), cfg.minSamples());
            return toResult(type, shadowVersion, activeVersion, all, n, partial, ShadowDecision.CONTINUE_TESTING, reason, alpha);
        }
        int h = cfg.minSamples();
        ShadowComparison c = ShadowComparison.compute(all, h, cfg.lagFor(h), cfg);
        PromotionPolicy.Verdict v = policy.decide(c, alpha);
        return toResult(type, shadowVersion, activeVersion, all, h, c, v.decision(), v.reason(), alpha);
    }

    /**
     * Replay on a window: one look at all rows (a window does not grow, so there is no
     * sequential problem). Rows of several symbols are interleaved in time, so one label
     * overlaps the next {@code overlapRows} rows: that is the Newey–West lag (unless
     * {@code hacLag} is configured) and {@code overlapRows + 1} the horizon of the
     * small-sample correction.
     */
    public ShadowTestResult evaluateReplay(ModelType type, String candidateVersion, String activeVersion, PairedForecasts data,
                                           int overlapRows) {
        ShadowPolicyConfig cfg = policy.config();
        int n = data.size();
        if (n < cfg.minSamples()) {
            ShadowComparison partial = n >= 3 ? ShadowComparison.compute(data, n, Math.min(overlapRows, n - 1), overlapRows + 1, cfg) : null;
            String reason = String.format(Locale.ROOT, "replay window has %d rows with labels; at least %d are required", n, cfg.minSamples());
            return toResult(type, candidateVersion, activeVersion, data, n, partial, ShadowDecision.CONTINUE_TESTING, reason, cfg.alpha());
        }
        int lag = cfg.hacLag() >= 0 ? Math.min(cfg.hacLag(), n - 1) : Math.min(Math.max(0, overlapRows), n - 1);
        ShadowComparison c = ShadowComparison.compute(data, n, lag, lag + 1, cfg);
        PromotionPolicy.Verdict v = policy.decide(c, cfg.alpha());
        return toResult(type, candidateVersion, activeVersion, data, n, c, v.decision(), v.reason(), cfg.alpha());
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
        stats.put("dm_statistic", c.dm().statistic());
        stats.put("dm_p_value", c.dm().pValueGreater());
        stats.put("dm_p_value_two_sided", c.dm().pValueTwoSided());
        stats.put("dm_hac_lag", (double) c.hacLag());
        stats.put("hit_test_p_value", c.hitTestPValue());
        stats.put("hit_worse_p_value", c.hitWorsePValue());
        stats.put("discordant_shadow_only", (double) c.discordantShadowOnly());
        stats.put("discordant_active_only", (double) c.discordantActiveOnly());
        put(stats, "active", c.active());
        put(stats, "shadow", c.shadow());
        return new ShadowTestResult(type, shadowVersion, activeVersion, data.size(), c.shadow().mae(), c.active().mae(),
                c.shadow().hitRate(), c.active().hitRate(), c.ksStatistic(), c.ksPValue(), c.meanDiff(), c.stdDiff(), decision,
                reason, window, stats, now);
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
