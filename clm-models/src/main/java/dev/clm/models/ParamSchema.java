package dev.clm.models;

import dev.clm.api.ModelType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The parameters a trainer accepts for one model type: names, defaults and allowed ranges.
 * {@link #resolve(Map)} merges caller overrides over the defaults and rejects unknown names
 * and out-of-range values with an {@link IllegalArgumentException} naming the parameter, the
 * value and what was expected (fail, don't repair). Rules across parameters (for example a
 * class-imbalance setting that only applies to a direction objective) run after the
 * per-parameter checks.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class ParamSchema {

    /** The value kind of a parameter. */
    public enum Kind { INT, DOUBLE, STRING }

    /** One parameter: name, kind, default (as a string), inclusive range or allowed values, meaning. */
    public record Param(String name, Kind kind, String defaultValue, double min, double max, Set<String> allowed,
                        String description) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(defaultValue, "defaultValue");
            allowed = allowed == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(allowed));
            description = description == null ? "" : description;
        }

        /** Checks {@code raw} and returns it normalised; throws naming the parameter. */
        String check(ModelType type, String raw) {
            String v = raw == null ? null : raw.trim();
            if (v == null || v.isEmpty()) throw bad(type, raw, "a value");
            switch (kind) {
                case INT -> {
                    long parsed;
                    try {
                        parsed = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw bad(type, raw, "an integer in [" + fmt(min) + ", " + fmt(max) + "]");
                    }
                    if (parsed < min || parsed > max) throw bad(type, raw, "an integer in [" + fmt(min) + ", " + fmt(max) + "]");
                    return Long.toString(parsed);
                }
                case DOUBLE -> {
                    double parsed;
                    try {
                        parsed = Double.parseDouble(v);
                    } catch (NumberFormatException e) {
                        throw bad(type, raw, "a number in [" + fmt(min) + ", " + fmt(max) + "]");
                    }
                    if (!Double.isFinite(parsed) || parsed < min || parsed > max) {
                        throw bad(type, raw, "a finite number in [" + fmt(min) + ", " + fmt(max) + "]");
                    }
                    return v;
                }
                default -> {
                    if (!allowed.isEmpty() && !allowed.contains(v)) throw bad(type, raw, "one of " + allowed);
                    return v;
                }
            }
        }

        private IllegalArgumentException bad(ModelType type, String raw, String expected) {
            return new IllegalArgumentException("parameter '" + name + "' of " + type + " was '" + raw + "', expected " + expected);
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }

    private final ModelType type;
    private final Map<String, Param> params;
    private final List<Consumer<ResolvedParams>> rules;

    private ParamSchema(ModelType type, Map<String, Param> params, List<Consumer<ResolvedParams>> rules) {
        this.type = type;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.rules = List.copyOf(rules);
    }

    public static Builder builder(ModelType type) {
        return new Builder(type);
    }

    public ModelType type() {
        return type;
    }

    public List<Param> params() {
        return List.copyOf(params.values());
    }

    /** Every parameter with its default value, in declaration order. */
    public Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        params.values().forEach(p -> out.put(p.name(), p.defaultValue()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Defaults overlaid with {@code overrides}. Throws {@link IllegalArgumentException} for an
     * unknown name (listing the known ones) or a value out of its range.
     */
    public ResolvedParams resolve(Map<String, String> overrides) {
        Map<String, String> out = new LinkedHashMap<>(defaults());
        if (overrides != null) {
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                Param p = params.get(e.getKey());
                if (p == null) {
                    throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "' for " + type + "; known: " + params.keySet());
                }
                out.put(p.name(), p.check(type, e.getValue()));
            }
        }
        ResolvedParams resolved = new ResolvedParams(type, out);
        for (Consumer<ResolvedParams> rule : rules) rule.accept(resolved);
        return resolved;
    }

    /** Builds a schema; each parameter's default is checked against its own range. */
    public static final class Builder {
        private final ModelType type;
        private final Map<String, Param> params = new LinkedHashMap<>();
        private final List<Consumer<ResolvedParams>> rules = new java.util.ArrayList<>();

        private Builder(ModelType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder intParam(String name, long defaultValue, long min, long max, String description) {
            return add(new Param(name, Kind.INT, Long.toString(defaultValue), min, max, null, description));
        }

        public Builder doubleParam(String name, double defaultValue, double min, double max, String description) {
            return add(new Param(name, Kind.DOUBLE, Double.toString(defaultValue), min, max, null, description));
        }

        public Builder choiceParam(String name, String defaultValue, Set<String> allowed, String description) {
            return add(new Param(name, Kind.STRING, defaultValue, 0, 0, allowed, description));
        }

        public Builder add(Param p) {
            if (params.containsKey(p.name())) throw new IllegalArgumentException("parameter '" + p.name() + "' declared twice");
            p.check(type, p.defaultValue());
            params.put(p.name(), p);
            return this;
        }

        /**
         * Adds a rule across parameters, run by {@link ParamSchema#resolve} after the single
         * checks; it throws {@link IllegalArgumentException} naming the parameters it rejects.
         */
        public Builder rule(Consumer<ResolvedParams> rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        public ParamSchema build() {
            ParamSchema schema = new ParamSchema(type, params, rules);
            schema.resolve(Map.of()); // the defaults must satisfy the rules too
            return schema;
        }
    }
}
