package dev.clm.models;

import dev.clm.api.ModelType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A complete, validated parameter set (defaults plus overrides) produced by
 * {@link ParamSchema#resolve(Map)}. Immutable; {@link #asMap()} is what a trainer records in
 * provenance so a version can be retrained from it.
 */
public final class ResolvedParams {
    private final ModelType type;
    private final Map<String, String> values;

    ResolvedParams(ModelType type, Map<String, String> values) {
        this.type = type;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String string(String name) {
        String v = values.get(name);
        if (v == null) throw new IllegalArgumentException("parameter '" + name + "' is not defined for " + type);
        return v;
    }

    public int intValue(String name) {
        return Math.toIntExact(Long.parseLong(string(name)));
    }

    public long longValue(String name) {
        return Long.parseLong(string(name));
    }

    public double doubleValue(String name) {
        return Double.parseDouble(string(name));
    }

    /** The model type these parameters are for. */
    public ModelType type() {
        return type;
    }

    /** All values by name, in declaration order. */
    public Map<String, String> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return type + values.toString();
    }
}
