package dev.clm.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The parameters a trainer accepts for one model type: name, kind, default, range or allowed
 * values, and meaning. {@link #resolve(Map)} merges caller overrides over the defaults and
 * refuses an unknown name (listing the known ones) or a bad value with an
 * {@link InvalidParameterException} naming the parameter, the value and what was expected
 * (fail, don't repair). Rules across parameters run after the single checks. Building a schema
 * checks every default against its own range and the rules, so {@link #defaults()} always
 * resolves.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class ParamSchema {

    /** The value kind of a parameter. */
    public enum Kind {
        INT, LONG, DOUBLE, BOOLEAN,
        /** One of a fixed set of words, case-insensitive, normalised to lower case. */
        ENUM,
        /** Free text, or (when allowed values are given) one of them exactly. */
        STRING,
        /** Comma-separated integers, each in the range. */
        INT_LIST,
        /** Comma-separated numbers, each in the range. */
        DOUBLE_LIST
    }

    /**
     * A numeric range; an open bound excludes its value. A number must be finite unless an
     * infinite bound is closed ({@code [0, Infinity]} admits Infinity).
     */
    public record Range(double min, boolean minOpen, double max, boolean maxOpen) {
        public static Range closed(double min, double max) {
            return new Range(min, false, max, false);
        }

        public static Range open(double min, double max) {
            return new Range(min, true, max, true);
        }

        /** {@code [min, Infinity)}: finite and at least {@code min}. */
        public static Range atLeast(double min) {
            return new Range(min, false, Double.POSITIVE_INFINITY, true);
        }

        /** Any finite number. */
        public static Range finite() {
            return new Range(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, true);
        }

        public boolean contains(double v) {
            if (Double.isNaN(v)) return false;
            boolean aboveMin = minOpen ? v > min : v >= min;
            boolean belowMax = maxOpen ? v < max : v <= max;
            return aboveMin && belowMax;
        }

        @Override
        public String toString() {
            return (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max) + (maxOpen ? ")" : "]");
        }

        private static String fmt(double d) {
            if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }

    /**
     * One parameter. {@code allowed}: for ENUM and STRING the accepted values; for the numeric
     * kinds extra words accepted instead of a number (for example {@code auto}). {@code tags}
     * group parameters for the trainer (for example the ones that shape a network).
     */
    public record Param(String name, Kind kind, String defaultValue, Range range, Set<String> allowed, Set<String> tags,
                        String description) {
        public Param {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(defaultValue, "defaultValue");
            if (range == null) range = Range.finite();
            allowed = allowed == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(allowed));
            tags = tags == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(tags));
            description = description == null ? "" : description;
        }

        /** What a valid value looks like, as printed in error messages. */
        public String expected() {
            String words = allowed.isEmpty() ? "" : allowed.size() == 1 ? "'" + allowed.iterator().next() + "' or " : "one of " + allowed + " or ";
            return switch (kind) {
                case INT, LONG -> words + "an integer in " + range;
                case DOUBLE -> words + (range.equals(Range.finite()) ? "a finite number"
                        : (admitsInfinity() ? "a number in " : "a finite number in ") + range);
                case BOOLEAN -> "true or false";
                case ENUM -> "one of " + allowed;
                case STRING -> allowed.isEmpty() ? "a non-empty value" : "one of " + allowed;
                case INT_LIST -> words + "comma-separated integers each in " + range;
                case DOUBLE_LIST -> words + "comma-separated numbers each in " + range;
            };
        }

        private boolean admitsInfinity() {
            return (Double.isInfinite(range.max()) && !range.maxOpen()) || (Double.isInfinite(range.min()) && !range.minOpen());
        }

        /** Checks {@code raw} and returns it normalised (trimmed; integers canonical; enums lower case). */
        String check(ModelType type, String raw) {
            String v = raw == null ? "" : raw.trim();
            if (v.isEmpty()) throw bad(type, raw);
            switch (kind) {
                case INT, LONG, DOUBLE, INT_LIST, DOUBLE_LIST -> {
                    if (allowed.contains(v)) return v;
                    if (kind == Kind.INT || kind == Kind.LONG) return Long.toString(integer(type, raw, v));
                    if (kind == Kind.DOUBLE) {
                        number(type, raw, v);
                        return v;
                    }
                    String[] parts = v.split(",", -1);
                    List<String> out = new ArrayList<>();
                    for (String part : parts) {
                        String p = part.trim();
                        out.add(kind == Kind.INT_LIST ? Long.toString(integer(type, raw, p)) : p);
                        if (kind == Kind.DOUBLE_LIST) number(type, raw, p);
                    }
                    return String.join(",", out);
                }
                case BOOLEAN -> {
                    String b = v.toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) throw bad(type, raw);
                    return b;
                }
                case ENUM -> {
                    String e = v.toLowerCase(Locale.ROOT);
                    if (!allowed.contains(e)) throw bad(type, raw);
                    return e;
                }
                default -> {
                    if (!allowed.isEmpty() && !allowed.contains(v)) throw bad(type, raw);
                    return v;
                }
            }
        }

        private long integer(ModelType type, String raw, String v) {
            long parsed;
            try {
                parsed = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw bad(type, raw);
            }
            if (!range.contains(parsed)) throw outOfRange(type, raw);
            return parsed;
        }

        private void number(ModelType type, String raw, String v) {
            double parsed;
            try {
                parsed = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw bad(type, raw);
            }
            boolean infiniteAllowed = parsed > 0 ? range.max() == parsed && !range.maxOpen() : range.min() == parsed && !range.minOpen();
            if ((Double.isInfinite(parsed) && !infiniteAllowed) || !range.contains(parsed)) throw outOfRange(type, raw);
        }

        private InvalidParameterException bad(ModelType type, String raw) {
            return new InvalidParameterException(type, name, raw, expected(),
                    "parameter '" + name + "' of " + type + " was '" + raw + "', expected " + expected());
        }

        private InvalidParameterException outOfRange(ModelType type, String raw) {
            return new InvalidParameterException(type, name, raw, expected(),
                    "parameter '" + name + "' of " + type + " was '" + raw + "', out of range; expected " + expected());
        }
    }

    private final ModelType type;
    private final Map<String, Param> params;
    private final List<Consumer<ResolvedParams>> rules;
    private final boolean open;

    private ParamSchema(ModelType type, Map<String, Param> params, List<Consumer<ResolvedParams>> rules, boolean open) {
        this.type = type;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        this.rules = List.copyOf(rules);
        this.open = open;
    }

    public static Builder builder(ModelType type) {
        return new Builder(type);
    }

    /**
     * The schema of a trainer that declares no parameters: no defaults, and every name and value
     * passes (the trainer checks them when it trains). Production trainers declare theirs.
     */
    public static ParamSchema undeclared(ModelType type) {
        return new ParamSchema(Objects.requireNonNull(type, "type"), Map.of(), List.of(), true);
    }

    public ModelType type() {
        return type;
    }

    /** Whether names and values are left unchecked ({@link #undeclared}). */
    public boolean isUndeclared() {
        return open;
    }

    /** The declared parameters, by name in declaration order. */
    public Map<String, Param> params() {
        return params;
    }

    /** The names of the parameters carrying {@code tag}, in declaration order. */
    public Set<String> namesTagged(String tag) {
        Set<String> out = new LinkedHashSet<>();
        params.values().stream().filter(p -> p.tags().contains(tag)).forEach(p -> out.add(p.name()));
        return Collections.unmodifiableSet(out);
    }

    /** Every parameter with its default value, in declaration order. */
    public Map<String, String> defaults() {
        Map<String, String> out = new LinkedHashMap<>();
        params.values().forEach(p -> out.put(p.name(), p.defaultValue()));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Defaults overlaid with {@code overrides}, every value checked and normalised, then the
     * rules across parameters.
     *
     * @throws InvalidParameterException for an unknown name (listing the known ones) or a bad value
     * @throws IllegalArgumentException  from a rule across parameters, naming them
     */
    public ResolvedParams resolve(Map<String, String> overrides) {
        Map<String, String> out = new LinkedHashMap<>(defaults());
        if (overrides != null) {
            for (Map.Entry<String, String> e : overrides.entrySet()) {
                Param p = params.get(e.getKey());
                if (p == null) {
                    if (open) {
                        out.put(e.getKey(), e.getValue());
                        continue;
                    }
                    String known = new TreeSet<>(params.keySet()).toString();
                    throw new InvalidParameterException(type, e.getKey(), e.getValue(), "one of " + known,
                            "unknown parameter '" + e.getKey() + "' for " + type + "; known: " + known);
                }
                out.put(p.name(), p.check(type, e.getValue()));
            }
        }
        ResolvedParams resolved = new ResolvedParams(type, out);
        for (Consumer<ResolvedParams> rule : rules) rule.accept(resolved);
        return resolved;
    }

    /** {@link #resolve} without the result: throws as it does. */
    public void validate(Map<String, String> params) {
        resolve(params);
    }

    /** Builds a schema; each default is checked against its own range, and the defaults against the rules. */
    public static final class Builder {
        private final ModelType type;
        private final Map<String, Param> params = new LinkedHashMap<>();
        private final List<Consumer<ResolvedParams>> rules = new ArrayList<>();

        private Builder(ModelType type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder intParam(String name, long defaultValue, long min, long max, String description) {
            return add(new Param(name, Kind.INT, Long.toString(defaultValue), Range.closed(min, max), null, null, description));
        }

        public Builder longParam(String name, long defaultValue, long min, long max, String description) {
            return add(new Param(name, Kind.LONG, Long.toString(defaultValue), Range.closed(min, max), null, null, description));
        }

        /** A finite number in the closed range {@code [min, max]}. */
        public Builder doubleParam(String name, double defaultValue, double min, double max, String description) {
            return doubleParam(name, defaultValue, Range.closed(min, max), description);
        }

        public Builder doubleParam(String name, double defaultValue, Range range, String description) {
            return add(new Param(name, Kind.DOUBLE, Double.toString(defaultValue), range, null, null, description));
        }

        public Builder booleanParam(String name, boolean defaultValue, String description) {
            return add(new Param(name, Kind.BOOLEAN, Boolean.toString(defaultValue), null, null, null, description));
        }

        /** One of an enum's constants, written in lower case (case-insensitive on input). */
        public <E extends Enum<E>> Builder enumParam(String name, E defaultValue, String description) {
            Set<String> values = new LinkedHashSet<>();
            for (E e : defaultValue.getDeclaringClass().getEnumConstants()) values.add(e.name().toLowerCase(Locale.ROOT));
            return add(new Param(name, Kind.ENUM, defaultValue.name().toLowerCase(Locale.ROOT), null, values, null, description));
        }

        /** One of {@code allowed}, exactly (case-sensitive). */
        public Builder choiceParam(String name, String defaultValue, Set<String> allowed, String description) {
            return add(new Param(name, Kind.STRING, defaultValue, null, allowed, null, description));
        }

        public Builder intListParam(String name, String defaultValue, long min, long max, String description) {
            return add(new Param(name, Kind.INT_LIST, defaultValue, Range.closed(min, max), null, null, description));
        }

        public Builder add(Param p) {
            if (params.containsKey(p.name())) throw new IllegalArgumentException("parameter '" + p.name() + "' declared twice");
            p.check(type, p.defaultValue());
            params.put(p.name(), p);
            return this;
        }

        /** Tags the named (already declared) parameters, see {@link ParamSchema#namesTagged}. */
        public Builder tag(String tag, String... names) {
            for (String n : names) {
                Param p = params.get(n);
                if (p == null) throw new IllegalArgumentException("cannot tag undeclared parameter '" + n + "'");
                Set<String> tags = new LinkedHashSet<>(p.tags());
                tags.add(tag);
                params.put(n, new Param(p.name(), p.kind(), p.defaultValue(), p.range(), p.allowed(), tags, p.description()));
            }
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
            ParamSchema schema = new ParamSchema(type, params, rules, false);
            schema.resolve(Map.of()); // the defaults must satisfy the rules too
            return schema;
        }
    }
}
