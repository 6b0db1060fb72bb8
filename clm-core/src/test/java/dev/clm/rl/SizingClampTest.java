package dev.clm.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clm.api.RiskLimits;
import dev.clm.policy.InMemoryPolicyStore;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RlPositionSizing never exceeds the policy's risk limits")
class SizingClampTest {
    static final double BALANCE = 25_000.0;

    static double riskPct(double base, double size, double leverage, StopLossStrategy sl) {
        return base * size * leverage * sl.distancePct() / 100.0;
    }

    @Test
    @DisplayName("a clamp is applied exactly when the policy's limits are tighter than the action, for every action and many limits")
    void clampWheneverLimitsAreTighter() {
        RlPositionSizing agent = RlPositionSizing.builder().build();
        Random rnd = new Random(17);
        int clampedCount = 0;
        int checked = 0;
        for (int trial = 0; trial < 200; trial++) {
            RiskLimits limits = new RiskLimits("m" + trial, 1.0 + rnd.nextDouble() * 11.0, 0.05 + rnd.nextDouble() * 5.0);
            for (SizingAction a : SizingAction.ALL) {
                SizingDecision d = agent.clamp(a, false, BALANCE, limits);
                boolean leverageTighter = a.leverage() > limits.maxLeverage();
                boolean riskTighter = riskPct(10.0, a.sizeMultiplier(), Math.min(a.leverage(), limits.maxLeverage()), a.stopLoss())
                        > limits.maxRiskPerTradePct() + 1e-9;
                assertThat(d.clamped()).as("%s under %s", a.label(), limits).isEqualTo(leverageTighter || riskTighter);
                assertThat(d.leverage()).isLessThanOrEqualTo(limits.maxLeverage()).isLessThanOrEqualTo(a.leverage());
                assertThat(d.sizeMultiplier()).isLessThanOrEqualTo(a.sizeMultiplier()).isPositive();
                assertThat(d.riskPct()).isLessThanOrEqualTo(limits.maxRiskPerTradePct() + 1e-9);
                assertThat(d.riskAmount()).isCloseTo(BALANCE * d.riskPct() / 100.0, within(1e-6));
                if (leverageTighter) assertThat(d.clampReasons()).anyMatch(r -> r.startsWith("leverage"));
                if (riskTighter) assertThat(d.clampReasons()).anyMatch(r -> r.startsWith("risk"));
                if (riskTighter) assertThat(d.riskPct()).isCloseTo(limits.maxRiskPerTradePct(), within(1e-9));
                if (!d.clamped()) {
                    assertThat(d.sizeMultiplier()).isEqualTo(a.sizeMultiplier());
                    assertThat(d.leverage()).isEqualTo(a.leverage());
                } else {
                    clampedCount++;
                }
                checked++;
            }
        }
        assertThat(clampedCount).as("clamped decisions").isBetween(checked / 10, checked - checked / 10);
    }

    @Test
    @DisplayName("amounts follow the sizing model: margin = balance x 10% x size, notional = margin x leverage, risk = notional x SL%")
    void sizingModel() {
        RlPositionSizing agent = RlPositionSizing.builder().build();
        SizingAction a = new SizingAction(0.5, 2, TakeProfitStrategy.BALANCED, StopLossStrategy.MEDIUM);
        SizingDecision d = agent.clamp(a, false, 10_000, new RiskLimits("normal", 3, 2));
        assertThat(d.clamped()).isFalse();
        assertThat(d.marginAmount()).isCloseTo(500.0, within(1e-9));
        assertThat(d.notionalAmount()).isCloseTo(1_000.0, within(1e-9));
        assertThat(d.riskAmount()).isCloseTo(10.0, within(1e-9));
        assertThat(d.riskPct()).isCloseTo(0.1, within(1e-12));
        assertThat(d.takeProfit()).isEqualTo(TakeProfitStrategy.BALANCED);
    }

    @Test
    @DisplayName("decisions read the live policy: tightening the active mode's limits clamps the next decision and says why")
    void livePolicy() {
        InMemoryPolicyStore policy = new InMemoryPolicyStore(Map.of("risk.normal.max_leverage", "10", "risk.normal.max_risk_per_trade_pct", "100"));
        RlPositionSizing agent = RlPositionSizing.builder().policyStore(policy)
                .config(RlAgentConfig.defaults().toBuilder().initialEpsilon(0).minEpsilon(0).build()).build();
        SizingState s = agent.state(MarketRegime.VOLATILE, 0.9, 0, VolatilityLevel.LOW);
        SizingAction big = new SizingAction(1.5, 10, TakeProfitStrategy.AGGRESSIVE, StopLossStrategy.WIDE);
        for (int i = 0; i < 3; i++) agent.update(s, big, new SizingOutcome(20, 2, 0.1, true, false), null);

        SizingDecision loose = agent.getSizingDecision(s, BALANCE);
        assertThat(loose.action()).isEqualTo(big);
        assertThat(loose.clamped()).isFalse();
        assertThat(loose.explored()).isFalse();
        assertThat(loose.riskPct()).isCloseTo(3.0, within(1e-9));

        policy.put("trading.mode", "conservative");
        policy.put("risk.conservative.max_leverage", "2");
        policy.put("risk.conservative.max_risk_per_trade_pct", "0.5");
        SizingDecision tight = agent.getSizingDecision(s, BALANCE);
        assertThat(tight.action()).isEqualTo(big);
        assertThat(tight.clamped()).isTrue();
        assertThat(tight.leverage()).isEqualTo(2.0);
        assertThat(tight.riskPct()).isCloseTo(0.5, within(1e-9));
        assertThat(tight.sizeMultiplier()).isCloseTo(1.25, within(1e-9)); // 0.5 / (10 x 2 x 2%)
        assertThat(tight.limits().mode()).isEqualTo("conservative");
        assertThat(tight.clampReasons()).hasSize(2).allMatch(r -> r.contains("'conservative'"));
    }

    @Test
    @DisplayName("the default policy (max leverage 3, max risk 2%) clamps the largest actions")
    void defaultPolicy() {
        RlPositionSizing agent = RlPositionSizing.builder().build();
        SizingDecision d = agent.clamp(new SizingAction(1.5, 10, TakeProfitStrategy.BALANCED, StopLossStrategy.WIDE), true, BALANCE,
                new InMemoryPolicyStore().riskLimits());
        assertThat(d.clamped()).isTrue();
        assertThat(d.leverage()).isEqualTo(3.0);
        assertThat(d.riskPct()).isLessThanOrEqualTo(2.0 + 1e-9);
    }

    @Test
    @DisplayName("bad balance or state values are refused, naming the field")
    void badInput() {
        RlPositionSizing agent = RlPositionSizing.builder().build();
        SizingState s = agent.state(MarketRegime.RANGING, 0.5, 10, VolatilityLevel.MEDIUM);
        assertThatThrownBy(() -> agent.getSizingDecision(s, 0)).hasMessageContaining("balance");
        assertThatThrownBy(() -> agent.getSizingDecision(s, Double.NaN)).hasMessageContaining("balance");
        assertThatThrownBy(() -> new SizingState(MarketRegime.RANGING, 1.2, 0, 0.5, VolatilityLevel.LOW)).hasMessageContaining("confidence");
        assertThatThrownBy(() -> new SizingState(MarketRegime.RANGING, 0.5, -1, 0.5, VolatilityLevel.LOW)).hasMessageContaining("exposurePct");
        assertThatThrownBy(() -> new SizingAction(0.4, 1, TakeProfitStrategy.BALANCED, StopLossStrategy.TIGHT)).hasMessageContaining("sizeMultiplier");
        assertThatThrownBy(() -> new SizingAction(0.5, 4, TakeProfitStrategy.BALANCED, StopLossStrategy.TIGHT)).hasMessageContaining("leverage");
        assertThatThrownBy(() -> new SizingOutcome(1, 1, 0, true, true)).hasMessageContaining("takeProfitHit");
        assertThatThrownBy(() -> RlPositionSizing.builder().basePositionPct(0)).hasMessageContaining("basePositionPct");
    }
}
