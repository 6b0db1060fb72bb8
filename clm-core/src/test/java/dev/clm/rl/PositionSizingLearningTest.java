package dev.clm.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.contract.MutableClock;
import dev.clm.policy.InMemoryPolicyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RlPositionSizing learns from a replayed simulated market")
class PositionSizingLearningTest {
    static final int TRAIN_STEPS = 60_000;
    static final int HOLDOUT_STEPS = 20_000;

    /** Limits loose enough that no decision is clamped, so the agent learns the action it chose. */
    static InMemoryPolicyStore loosePolicy() {
        return new InMemoryPolicyStore(Map.of("risk.normal.max_leverage", "10", "risk.normal.max_risk_per_trade_pct", "100"));
    }

    static RlPositionSizing trained(long seed) {
        RlPositionSizing agent = RlPositionSizing.builder().seed(seed).policyStore(loosePolicy())
                .clock(MutableClock.at("2026-03-01T00:00:00Z")).build();
        int[] clamped = {0};
        SizingMarketSim.replay(SizingMarketSim.generate(seed, TRAIN_STEPS), s -> {
            SizingDecision d = agent.getSizingDecision(s, 10_000.0);
            if (d.clamped()) clamped[0]++;
            return d.action();
        }, agent);
        assertThat(clamped[0]).as("clamped decisions under loose limits").isZero();
        return agent;
    }

    static double exposure(SizingAction a) {
        return a.sizeMultiplier() * a.leverage();
    }

    @Test
    @DisplayName("learns a smaller position in high volatility, where that is what pays")
    void smallerSizeInHighVolatility() {
        RlPositionSizing agent = trained(21);
        List<Double> calm = new ArrayList<>();
        List<Double> wild = new ArrayList<>();
        for (VolatilityLevel v : VolatilityLevel.values()) {
            for (double winrate : new double[] {0.3, 0.5, 0.7}) {
                SizingState s = new SizingState(MarketRegime.TRENDING, 0.75, 10.0, winrate, v);
                long visits = agent.visits(s);
                if (visits < 3_000) continue;
                SizingAction best = agent.greedyAction(s).orElseThrow();
                System.out.printf("sizing greedy %s after %d visits: %s (size x leverage %.1f)%n", s.key(), visits, best.label(), exposure(best));
                if (SizingMarketSim.calm(v)) {
                    // Here each unit of size x leverage earns about +0.38: the biggest position pays.
                    calm.add(exposure(best));
                } else {
                    // Here each unit of size x leverage costs about 3.5 or more: the smallest position pays.
                    assertThat(exposure(best)).as("size x leverage in wild state %s", s.key()).isLessThanOrEqualTo(1.0);
                    wild.add(exposure(best));
                }
            }
        }
        assertThat(calm).as("well-visited calm states").hasSizeGreaterThanOrEqualTo(2).allSatisfy(e -> assertThat(e).isGreaterThanOrEqualTo(3.0));
        assertThat(wild).as("well-visited wild states").hasSizeGreaterThanOrEqualTo(2);
        assertThat(wild.stream().mapToDouble(Double::doubleValue).max().orElseThrow())
                .as("largest wild-state size x leverage vs smallest calm-state one")
                .isLessThan(calm.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
    }

    @Test
    @DisplayName("on a held-out replay the greedy policy beats a uniform random policy by a clear margin")
    void beatsUniformRandomOnHeldOutReplay() {
        RlPositionSizing agent = trained(22);
        List<SizingMarketSim.Step> holdout = SizingMarketSim.generate(77, HOLDOUT_STEPS);
        Random coin = new Random(6);
        List<SizingAction> all = SizingAction.ALL;
        SizingMarketSim.Result greedy = SizingMarketSim.replay(holdout,
                s -> agent.greedyAction(s).orElseGet(() -> all.get(coin.nextInt(all.size()))), null);
        SizingMarketSim.Result random = SizingMarketSim.replay(holdout, s -> all.get(coin.nextInt(all.size())), null);

        double margin = greedy.meanReward() - random.meanReward();
        double se = Math.hypot(greedy.standardError(), random.standardError());
        System.out.printf("sizing held-out: greedy reward %.3f pnl %.3f%%, random reward %.3f pnl %.3f%%, margin %.3f (%.1f SE)%n",
                greedy.meanReward(), greedy.meanPnl(), random.meanReward(), random.meanPnl(), margin, margin / se);
        assertThat(margin).as("reward margin per trade over uniform random").isGreaterThan(3.0);
        assertThat(margin / se).as("margin in standard errors").isGreaterThan(10.0);
    }
}
