package dev.clm.rl;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A simulated market for the meta-strategy agent: a sticky regime chain, and per step the
 * closed-trade outcome every strategy would have had (common random numbers, so two policies
 * replayed on the same steps face the same market). One strategy is best in each regime.
 */
final class MetaMarketSim {
    static final Map<MarketRegime, StrategyAction> BEST = Map.of(
            MarketRegime.TRENDING, StrategyAction.TREND_FOLLOW,
            MarketRegime.RANGING, StrategyAction.MEAN_REVERSION,
            MarketRegime.CHOPPY, StrategyAction.DEFENSIVE,
            MarketRegime.VOLATILE, StrategyAction.BREAKOUT);
    static final double BEST_MEAN_PNL = 1.0;
    static final double OTHER_MEAN_PNL_LOW = -0.6;
    static final double OTHER_MEAN_PNL_HIGH = 0.3;
    static final double PNL_STD = 1.5;

    /** The market at one decision: context plus what each strategy's trade would yield. */
    record Step(MarketRegime regime, VolatilityLevel volatility, LiquidityLevel liquidity, MetaOutcome[] outcomes) {}

    private MetaMarketSim() {}

    static List<Step> generate(long seed, int steps) {
        Random rnd = new Random(seed);
        // Mean PnL per regime and strategy: the best strategy at BEST_MEAN_PNL, the others spread below.
        Map<MarketRegime, double[]> means = new EnumMap<>(MarketRegime.class);
        Random layout = new Random(7);
        for (MarketRegime r : MarketRegime.values()) {
            double[] m = new double[StrategyAction.values().length];
            for (StrategyAction a : StrategyAction.values()) {
                m[a.ordinal()] = a == BEST.get(r) ? BEST_MEAN_PNL
                        : OTHER_MEAN_PNL_LOW + layout.nextDouble() * (OTHER_MEAN_PNL_HIGH - OTHER_MEAN_PNL_LOW);
            }
            means.put(r, m);
        }
        Map<MarketRegime, RollingWinrate[]> winrates = new EnumMap<>(MarketRegime.class);
        for (MarketRegime r : MarketRegime.values()) {
            RollingWinrate[] w = new RollingWinrate[StrategyAction.values().length];
            for (int i = 0; i < w.length; i++) w[i] = new RollingWinrate();
            winrates.put(r, w);
        }
        List<Step> out = new ArrayList<>(steps);
        MarketRegime regime = MarketRegime.values()[rnd.nextInt(4)];
        for (int t = 0; t < steps; t++) {
            if (rnd.nextDouble() < 0.05) regime = MarketRegime.values()[rnd.nextInt(4)];
            VolatilityLevel vol = switch (regime) {
                case TRENDING -> rnd.nextBoolean() ? VolatilityLevel.LOW : VolatilityLevel.MEDIUM;
                case RANGING -> VolatilityLevel.LOW;
                case CHOPPY -> rnd.nextBoolean() ? VolatilityLevel.MEDIUM : VolatilityLevel.HIGH;
                case VOLATILE -> rnd.nextBoolean() ? VolatilityLevel.HIGH : VolatilityLevel.EXTREME;
            };
            LiquidityLevel liq = rnd.nextBoolean() ? LiquidityLevel.MEDIUM : LiquidityLevel.HIGH;
            MetaOutcome[] outcomes = new MetaOutcome[StrategyAction.values().length];
            for (int a = 0; a < outcomes.length; a++) {
                double pnl = means.get(regime)[a] + PNL_STD * rnd.nextGaussian();
                double hours = 2.0 + 10.0 * rnd.nextDouble();
                double dd = Math.abs(0.3 * rnd.nextGaussian()) + Math.max(0.0, -pnl) * 0.5;
                RollingWinrate w = winrates.get(regime)[a];
                w.record(pnl > 0);
                outcomes[a] = new MetaOutcome(pnl, hours, dd, w.winrate());
            }
            out.add(new Step(regime, vol, liq, outcomes));
        }
        return out;
    }

    /** Totals of one replay. */
    record Result(double meanReward, double rewardStd, double meanPnl, int trades) {
        double standardError() {
            return rewardStd / Math.sqrt(trades);
        }
    }

    /**
     * Replays {@code steps} with {@code policy} choosing from the state (whose performance level is
     * the policy's own recent winrate); {@code learner}, when not null, learns from each trade.
     */
    static Result replay(List<Step> steps, Function<MetaState, StrategyAction> policy, RlMetaStrategy learner) {
        RollingWinrate own = new RollingWinrate();
        double sum = 0, sumSq = 0, pnl = 0;
        MetaState state = state(steps.get(0), own);
        for (int t = 0; t < steps.size(); t++) {
            Step s = steps.get(t);
            StrategyAction a = policy.apply(state);
            MetaOutcome o = s.outcomes()[a.ordinal()];
            own.record(o.pnlPct() > 0);
            MetaState next = t + 1 < steps.size() ? state(steps.get(t + 1), own) : null;
            if (learner != null) learner.update(state, a, o, next);
            double r = o.reward();
            sum += r;
            sumSq += r * r;
            pnl += o.pnlPct();
            state = next;
        }
        int n = steps.size();
        double mean = sum / n;
        return new Result(mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean)), pnl / n, n);
    }

    static MetaState state(Step s, RollingWinrate own) {
        return new MetaState(s.regime(), s.volatility(), s.liquidity(), PerformanceLevel.fromWinrate(own.winrate()));
    }
}
