package dev.clm.api;

import java.util.Map;
import java.util.Optional;

/**
 * Live configuration the engine can change while clm runs (risk limits, switches).
 * Implementations are thread-safe; reads are cheap.
 */
public interface PolicyStore {

    Optional<String> get(String key);

    void put(String key, String value);

    /** All current values. */
    Map<String, String> snapshot();

    /** The risk limits of the active trading mode. */
    RiskLimits riskLimits();

    default double getDouble(String key, double defaultValue) {
        return get(key).map(v -> {
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("policy '" + key + "' must be a number, was '" + v + "'", e);
            }
        }).orElse(defaultValue);
    }

    default boolean getBoolean(String key, boolean defaultValue) {
        return get(key).map(v -> Boolean.parseBoolean(v.trim())).orElse(defaultValue);
    }
}
