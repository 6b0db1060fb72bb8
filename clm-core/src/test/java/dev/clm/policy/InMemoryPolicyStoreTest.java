package dev.clm.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.PolicyStore;
import dev.clm.api.contract.PolicyStoreContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryPolicyStoreTest extends PolicyStoreContract {
    @Override
    protected PolicyStore createStore() {
        return new InMemoryPolicyStore();
    }

    @Test
    void riskLimitsFollowTheActiveMode() {
        PolicyStore s = new InMemoryPolicyStore(Map.of("trading.mode", "conservative", "risk.conservative.max_leverage", "2",
                "risk.conservative.max_risk_per_trade_pct", "0.5"));
        assertThat(s.riskLimits().mode()).isEqualTo("conservative");
        assertThat(s.riskLimits().maxLeverage()).isEqualTo(2.0);
        assertThat(s.riskLimits().maxRiskPerTradePct()).isEqualTo(0.5);
    }
}
