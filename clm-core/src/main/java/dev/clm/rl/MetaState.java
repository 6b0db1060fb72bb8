package dev.clm.rl;

import java.util.Objects;

/**
 * State of the meta-strategy agent: regime × volatility × liquidity × recent performance
 * (4 × 4 × 3 × 3 = 144 states). Immutable.
 */
public record MetaState(MarketRegime regime, VolatilityLevel volatility, LiquidityLevel liquidity, PerformanceLevel performance) {
    public MetaState {
        Objects.requireNonNull(regime, "regime must not be null");
        Objects.requireNonNull(volatility, "volatility must not be null");
        Objects.requireNonNull(liquidity, "liquidity must not be null");
        Objects.requireNonNull(performance, "performance must not be null");
    }

    /** Q-table key, for example {@code TRENDING|LOW|HIGH|GOOD}. */
    public String key() {
        return regime + "|" + volatility + "|" + liquidity + "|" + performance;
    }
}
