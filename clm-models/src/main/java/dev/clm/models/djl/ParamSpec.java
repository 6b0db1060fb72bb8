package dev.clm.models.djl;

import dev.clm.api.ModelType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parameters a neural model type accepts: name, default, kind and range. Resolving a
 * user map merges it over the defaults and rejects unknown names and bad values with an
 * {@link IllegalArgumentException} naming the parameter, the value and what was expected.
 *
 * <p>Immutable once built; thread safe.
 */
public final class ParamSpec {
    /** How a parameter's string value is read. */
    public enum Kind { INT, DOUBLE, INT_LIST }

    /** One parameter: closed range {@code [min, max]} applies to every number (also list items). */
    public record Entry(String name, String defaultValue, Kind kind, double min, double max, boolean architecture,
                        String description) {}

    private final ModelType type;
    private final Map<String, Entry> entries;

    private ParamSpec(ModelType type, Map<String, Entry> entries) {
        this.type = type;
        this.entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    public static Builder builder(ModelType type) {
        return new Builder(type);
    }

    public Map<String, Entry> entries() {
        return entries;
    }

    /** Default values, sorted by name. */
    public Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        entries.values().forEach(e -> d.put(e.name(), e.defaultValue()));
        return Collections.unmodifiableMap(d);
    }

    /** Names of the parameters that shape the network (fixed for INCREMENTAL fine-tuning). */
    public Set<String> architectureNames() {
        Set<String> s = new java.util.TreeSet<>();
        entries.values().stream().filter(Entry::architecture).forEach(e -> s.add(e.name()));
        return s;
    }

    /** Merges {@code params} over the defaults and validates every value. */
    public Resolved resolve(Map<String, String> params) {
        Map<String, String> merged = new TreeMap<>(defaults());
        if (params != null) {
            for (Map.Entry<String, String> p : params.entrySet()) {
                if (!entries.containsKey(p.getKey())) {
                    throw new IllegalArgumentException("unknown parameter '" + p.getKey() + "' for model type " + type
                            + "; expected one of " + entries.keySet());
                }
                if (p.getValue() == null) {
                    throw new IllegalArgumentException("parameter '" + p.getKey() + "' for model type " + type + " is null");
                }
                merged.put(p.getKey(), p.getValue().trim());
            }
        }
        for (Entry e : entries.values()) check(e, merged.get(e.name()));
        return new Resolved(type, Collections.unmodifiableMap(merged));
    }

    private void check(Entry e, String value) {
        switch (e.kind()) {
            case INT -> checkNumber(e, value, parseInt(e, value));
            case DOUBLE -> checkNumber(e, value, parseDouble(e, value));
            case INT_LIST -> {
                String[] parts = value.split(",", -1);
                for (String part : parts) checkNumber(e, value, parseInt(e, part.trim()));
            }
        }
    }

    private void checkNumber(Entry e, String value, double v) {
        if (!(v >= e.min() && v <= e.max())) {
            throw new IllegalArgumentException("parameter '" + e.name() + "' for model type " + type + " = '" + value
                    + "' is out of range; expected " + describeRange(e));
        }
    }

    private static String describeRange(Entry e) {
        String kind = switch (e.kind()) {
            case INT -> "an integer";
            case DOUBLE -> "a number";
            case INT_LIST -> "comma-separated integers each";
        };
        return kind + " in [" + fmt(e.min()) + ", " + fmt(e.max()) + "]";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private int parseInt(Entry e, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("parameter '" + e.name() + "' for model type " + type + " = '" + value
                    + "' is not valid; expected " + describeRange(e), ex);
        }
    }

    private double parseDouble(Entry e, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("parameter '" + e.name() + "' for model type " + type + " = '" + value
                    + "' is not valid; expected " + describeRange(e), ex);
        }
    }

    /** Builds a {@link ParamSpec}; entries keep insertion order for documentation. */
    public static final class Builder {
        private final ModelType type;
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder(ModelType type) {
            this.type = type;
        }

        public Builder architecture(String name, String def, Kind kind, double min, double max, String description) {
            return add(new Entry(name, def, kind, min, max, true, description));
        }

        public Builder training(String name, String def, Kind kind, double min, double max, String description) {
            return add(new Entry(name, def, kind, min, max, false, description));
        }

        private Builder add(Entry e) {
            if (entries.putIfAbsent(e.name(), e) != null) throw new IllegalStateException("duplicate parameter " + e.name());
            return this;
        }

        public ParamSpec build() {
            return new ParamSpec(type, entries);
        }
    }

    /** Validated parameter values; typed getters. Immutable. */
    public static final class Resolved {
        private final ModelType type;
        private final Map<String, String> values;

        Resolved(ModelType type, Map<String, String> values) {
            this.type = type;
            this.values = values;
        }

        /** All values (defaults included), sorted by name; recorded with the model. */
        public Map<String, String> asMap() {
            return values;
        }

        public String get(String name) {
            String v = values.get(name);
            if (v == null) throw new IllegalArgumentException("parameter '" + name + "' is not defined for model type " + type);
            return v;
        }

        public int getInt(String name) {
            return Integer.parseInt(get(name));
        }

        public double getDouble(String name) {
            return Double.parseDouble(get(name));
        }

        public int[] getIntList(String name) {
            String[] parts = get(name).split(",");
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) out[i] = Integer.parseInt(parts[i].trim());
            return out;
        }
    }
}
