package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.PolicyStore;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link PolicyStore} must have; each test gets a fresh, empty store. */
public abstract class PolicyStoreContract {
    protected abstract PolicyStore createStore();

    @Test
    void valuesRoundTripAndTypedReadsParse() {
        PolicyStore s = createStore();
        s.put("max.positions", "7");
        s.put("trading.enabled", "false");
        assertThat(s.get("max.positions")).contains("7");
        assertThat(s.getDouble("max.positions", 1)).isEqualTo(7.0);
        assertThat(s.getDouble("missing", 1.5)).isEqualTo(1.5);
        assertThat(s.getBoolean("trading.enabled", true)).isFalse();
        assertThat(s.snapshot()).containsEntry("max.positions", "7");
    }

    @Test
    void nonNumericValueIsAnErrorNamingTheKey() {
        PolicyStore s = createStore();
        s.put("max.positions", "lots");
        assertThatThrownBy(() -> s.getDouble("max.positions", 1)).hasMessageContaining("max.positions");
    }

    @Test
    void riskLimitsAreAlwaysValid() {
        var limits = createStore().riskLimits();
        assertThat(limits.maxLeverage()).isGreaterThanOrEqualTo(1.0);
        assertThat(limits.maxRiskPerTradePct()).isGreaterThan(0.0);
    }
}
