package dev.clm.features;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The process-wide registry of {@link FeatureFamily.Factory}s by name, which {@link
 * TechnicalFeatureEngineer#fromConfig(Map)} uses to rebuild user families from a model's recorded
 * feature config. Register each family once at start-up, before loading models. Thread-safe.
 */
public final class FeatureFamilies {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Map<String, FeatureFamily.Factory> FACTORIES = new ConcurrentHashMap<>();

    private FeatureFamilies() {}

    /** Registers {@code factory} under {@code name}; registering the same factory again is a no-op, another one under a taken name fails. */
    public static void register(String name, FeatureFamily.Factory factory) {
        checkName(name);
        Objects.requireNonNull(factory, "factory");
        FeatureFamily.Factory old = FACTORIES.putIfAbsent(name, factory);
        if (old != null && old != factory) {
            throw new IllegalStateException("feature family '" + name + "' is already registered with another factory");
        }
    }

    /** Removes the factory registered under {@code name}, if any. */
    public static void unregister(String name) {
        FACTORIES.remove(name);
    }

    /** The factories registered now (a copy). */
    public static Map<String, FeatureFamily.Factory> registered() {
        return Map.copyOf(FACTORIES);
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("feature family name '" + name + "' must be 1..64 letters, digits, '_' or '-'");
        }
    }
}
