package dev.clm.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A simulated market for the position-sizing agent. Each step draws the trade's final price
 * move and its largest adverse excursion once (common random numbers), and every action's
 * outcome follows from them: calm markets (LOW / MEDIUM volatility) drift up with small
 * excursions, so a bigger position pays; wild ones (HIGH / EXTREME) barely drift and swing
 * hard, so the smallest position pays. Regime, confidence and exposure are held fixed so the
 * state space stays small enough for a bounded test (volatility and the agent's own recent
 * winrate vary).
 */
final class SizingMarketSim {
    static final double HOLD_HOURS = 6.0;
    // Per unit of size x leverage: calm earns 0.5 - 3 x 0.04 = +0.38 on average, wild 0.1 - 3 x 1.2 = -3.5 or worse.
    static final double CALM_MOVE_MEAN = 0.5;
    static final double CALM_MOVE_STD = 0.2;
    static final double CALM_ADVERSE_STD = 0.05;
    static final double WILD_MOVE_MEAN = 0.1;
    static final double WILD_MOVE_STD = 3.0;
    static final double WILD_ADVERSE_STD = 1.5;

    /** One decision: the volatility and the price path summary in percent of entry. */
    record Step(VolatilityLevel volatility, double finalMovePct, double adverseMovePct) {}

    private SizingMarketSim() {}

    static boolean calm(VolatilityLevel v) {
        return v == VolatilityLevel.LOW || v == VolatilityLevel.MEDIUM;
    }

    static List<Step> generate(long seed, int steps) {
        Random rnd = new Random(seed);
        List<Step> out = new ArrayList<>(steps);
        VolatilityLevel[] levels = VolatilityLevel.values();
        for (int t = 0; t < steps; t++) {
            VolatilityLevel v = levels[rnd.nextInt(levels.length)];
            double move = calm(v) ? CALM_MOVE_MEAN + CALM_MOVE_STD * rnd.nextGaussian() : WILD_MOVE_MEAN + WILD_MOVE_STD * rnd.nextGaussian();
            double adverse = Math.abs((calm(v) ? CALM_ADVERSE_STD : WILD_ADVERSE_STD) * rnd.nextGaussian());
            out.add(new Step(v, move, adverse));
        }
        return out;
    }

    /**
     * The outcome of {@code action} on {@code step}: the stop is hit first if the adverse move
     * reaches it, else the take-profit if the final move reaches it, else the final move.
     * PnL and drawdown are in percent of the base position's margin (move × leverage × size).
     */
    static SizingOutcome outcome(Step step, SizingAction action) {
        double sl = action.stopLoss().distancePct();
        double tp = action.takeProfit().distancePct();
        boolean slHit = step.adverseMovePct() >= sl;
        boolean tpHit = !slHit && step.finalMovePct() >= tp;
        double move = slHit ? -sl : tpHit ? tp : step.finalMovePct();
        double scale = action.leverage() * action.sizeMultiplier();
        return new SizingOutcome(move * scale, HOLD_HOURS, Math.min(step.adverseMovePct(), sl) * scale, tpHit, slHit);
    }

    static SizingState state(Step step, double winrate) {
        return new SizingState(MarketRegime.TRENDING, 0.75, 10.0, winrate, step.volatility());
    }

    record Result(double meanReward, double rewardStd, double meanPnl, int trades) {
        double standardError() {
            return rewardStd / Math.sqrt(trades);
        }
    }

    /** Replays with {@code policy}; {@code learner}, when not null, learns from each trade. */
    static Result replay(List<Step> steps, Function<SizingState, SizingAction> policy, RlPositionSizing learner) {
        RollingWinrate own = new RollingWinrate();
        double sum = 0, sumSq = 0, pnl = 0;
        SizingState state = state(steps.get(0), own.winrate());
        for (int t = 0; t < steps.size(); t++) {
            SizingAction a = policy.apply(state);
            SizingOutcome o = outcome(steps.get(t), a);
            own.record(o.won());
            SizingState next = t + 1 < steps.size() ? state(steps.get(t + 1), own.winrate()) : null;
            if (learner != null) learner.update(state, a, o, next);
            sum += o.reward();
            sumSq += o.reward() * o.reward();
            pnl += o.pnlPct();
            state = next;
        }
        int n = steps.size();
        double mean = sum / n;
        return new Result(mean, Math.sqrt(Math.max(0, sumSq / n - mean * mean)), pnl / n, n);
    }
}
