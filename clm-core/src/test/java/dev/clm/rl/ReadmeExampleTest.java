package dev.clm.rl;

import dev.clm.api.ClmEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.EventTopics;
import dev.clm.events.InProcessEventBus;
import dev.clm.policy.InMemoryPolicyStore;
import dev.clm.store.InMemoryRlVersionStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the README's RL usage example runs")
class ReadmeExampleTest {
    @Test
    void readmeExample() {
        Clock clock = Clock.systemUTC();
        InProcessEventBus events = new InProcessEventBus(clock);
        InMemoryRlVersionStore versions = new InMemoryRlVersionStore();   // JdbcRlVersionStore in production
        InMemoryPolicyStore policy = new InMemoryPolicyStore();

        RlMetaStrategy meta = RlMetaStrategy.builder().clock(clock).versionStore(versions).events(events).seed(7).build();
        RlPositionSizing sizing = RlPositionSizing.builder().clock(clock).versionStore(versions).events(events)
                .policyStore(policy).seed(8).build();
        RlAgentMaintenance maintenance = new RlAgentMaintenance(List.of(meta, sizing), events, clock).start();
        maintenance.restoreAll();                                          // continue from the latest versions after a restart

        // Before a trade: pick the strategy and the size.
        MetaState ms = new MetaState(MarketRegime.TRENDING, VolatilityLevel.fromPercentile(0.4),
                LiquidityLevel.fromVolumeRatio(1.1), PerformanceLevel.fromWinrate(sizing.recentWinrate()));
        StrategyAction strategy = meta.selectStrategy(ms);
        SizingState ss = sizing.state(MarketRegime.TRENDING, 0.72, 15.0, VolatilityLevel.MEDIUM);
        SizingDecision d = sizing.getSizingDecision(ss, 25_000.0);
        if (d.clamped()) System.out.println("clamped: " + d.clampReasons());
        // ... open with d.marginAmount(), d.leverage(), d.takeProfit(), d.stopLoss() ...

        // After it closes: teach both agents.
        meta.update(ms, strategy, new MetaOutcome(1.8, 6.0, -0.7, 0.58), null);
        sizing.update(ss, d.action(), new SizingOutcome(1.8, 6.0, -0.7, true, false), null);

        // The engine's regime detector changed its mind: both agents archive and re-explore.
        events.publish(new ClmEvent.RegimeChanged(clock.instant(), "VOLATILE", "TRENDING"));
        maintenance.runMaintenance();                                      // from the scheduler, e.g. hourly

        assertThat(meta.version()).isEqualTo(2);
        assertThat(sizing.version()).isEqualTo(2);
        assertThat(d.riskPct()).isLessThanOrEqualTo(policy.riskLimits().maxRiskPerTradePct() + 1e-9);
    }
}
