package dev.clm.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A complete, checked parameter set (defaults plus overrides) produced by
 * {@link ParamSchema#resolve(Map)}, with typed getters. Immutable; {@link #asMap()} is what a
 * trainer records in provenance so a version can be retrained from it.
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

    public boolean booleanValue(String name) {
        return Boolean.parseBoolean(string(name));
    }

    /** An ENUM parameter as the enum constant of the same name. */
    public <E extends Enum<E>> E enumValue(String name, Class<E> enumType) {
        return Enum.valueOf(enumType, string(name).toUpperCase(Locale.ROOT));
    }

    public int[] intList(String name) {
        String[] parts = string(name).split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i].trim());
        return out;
    }

    public double[] doubleList(String name) {
        String[] parts = string(name).split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Double.parseDouble(parts[i].trim());
        return out;
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
