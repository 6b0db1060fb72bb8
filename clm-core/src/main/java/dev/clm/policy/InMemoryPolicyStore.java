package dev.clm.policy;

import dev.clm.api.PolicyStore;
import dev.clm.api.RiskLimits;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link PolicyStore} in memory. Risk limits come from the keys {@code trading.mode}
 * (default {@code normal}), {@code risk.<mode>.max_leverage} (default 3) and
 * {@code risk.<mode>.max_risk_per_trade_pct} (default 2). Thread-safe; reads never lock.
 */
public final class InMemoryPolicyStore implements PolicyStore {
    public static final String MODE_KEY = "trading.mode";
    public static final String DEFAULT_MODE = "normal";
    public static final double DEFAULT_MAX_LEVERAGE = 3.0;
    public static final double DEFAULT_MAX_RISK_PER_TRADE_PCT = 2.0;

    private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();

    public InMemoryPolicyStore() {}

    public InMemoryPolicyStore(Map<String, String> initial) {
        initial.forEach(this::put);
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void put(String key, String value) {
        if (key == null || key.isBlank()) throw new IllegalArgumentException("policy key must not be blank");
        if (value == null) throw new IllegalArgumentException("policy '" + key + "' value must not be null");
        values.put(key, value);
    }

    @Override
    public Map<String, String> snapshot() {
        return Map.copyOf(values);
    }

    @Override
    public RiskLimits riskLimits() {
        String mode = get(MODE_KEY).orElse(DEFAULT_MODE);
        return new RiskLimits(mode, getDouble("risk." + mode + ".max_leverage", DEFAULT_MAX_LEVERAGE),
                getDouble("risk." + mode + ".max_risk_per_trade_pct", DEFAULT_MAX_RISK_PER_TRADE_PCT));
    }
}
