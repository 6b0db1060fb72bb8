package dev.clm.config;

import dev.clm.api.RetrainingType;
import dev.clm.drift.DriftConfig;
import dev.clm.features.FeatureConfig;
import dev.clm.shadow.ShadowPolicyConfig;
import dev.clm.shadow.ShadowRecorderConfig;
import dev.clm.supervisor.SupervisorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Every setting of the library, as one immutable tree of validated sections: {@link #cycle()},
 * {@link #split()}, {@link #triggers()}, {@link #shadow()}, {@link #recorder()}, {@link #drift()},
 * {@link #supervisor()}, {@link #schedule()}, {@link #features()}, {@link #rl()} and
 * {@link #storage()}. Each setting has a dotted key ({@code shadow.min-samples}) and an
 * environment variable ({@code CLM_SHADOW_MIN_SAMPLES}); {@link ConfigLoader} reads them from a
 * properties or YAML file and the environment, {@link #settings()} lists them with their
 * defaults and meaning, {@link #toTable()} prints the values in force.
 *
 * <p>Nothing is clamped or ignored: a value out of range, unparseable, overflowing or unknown
 * is an {@link InvalidConfigException} naming its key. Values that must agree with a
 * collaborator are not settings: the shadow test's forecast horizon is the feature engineer's
 * label horizon, set by the manager.
 */
public final class ClmConfig {
    /** Every section in print order. */
    static final List<Section<?>> SECTIONS = List.of(
            new RecordSection<>("cycle", CycleSettings.class, CycleSettings.defaults(), Set.of()),
            new RecordSection<>("split", SplitSettings.class, SplitSettings.defaults(), Set.of()),
            new RecordSection<>("triggers", TriggerSettings.class, TriggerSettings.defaults(), Set.of()),
            new RecordSection<>("shadow", ShadowPolicyConfig.class, ShadowPolicyConfig.defaults(), Set.of("forecastHorizon")),
            new RecordSection<>("recorder", ShadowRecorderConfig.class, ShadowRecorderConfig.defaults(), Set.of()),
            new RecordSection<>("drift", DriftConfig.class, DriftConfig.defaults(), Set.of()),
            new RecordSection<>("supervisor", SupervisorConfig.class, SupervisorConfig.defaults(), Set.of()),
            new RecordSection<>("schedule", ScheduleSettings.class, ScheduleSettings.defaults(), Set.of()),
            new FeatureSection(),
            new RecordSection<>("rl", RlSettings.class, RlSettings.defaults(), Set.of()),
            new RecordSection<>("storage", StorageSettings.class, StorageSettings.defaults(), Set.of()),
            new RecordSection<>("http", HttpSettings.class, HttpSettings.defaults(), Set.of()));

    private static final ClmConfig DEFAULTS = new Builder().build();

    /** One setting: dotted key, environment variable, default value as written in a file, meaning and range. */
    public record Setting(String key, String environmentVariable, String defaultValue, String description) {}

    private final Map<Section<?>, Object> values;

    private ClmConfig(Map<Section<?>, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static ClmConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bases.putAll(values);
        return b;
    }

    public CycleSettings cycle() { return section("cycle", CycleSettings.class); }
    public SplitSettings split() { return section("split", SplitSettings.class); }
    public TriggerSettings triggers() { return section("triggers", TriggerSettings.class); }
    /** The promotion policy and rollback watch; its forecast horizon is set by the manager from the feature engineer. */
    public ShadowPolicyConfig shadow() { return section("shadow", ShadowPolicyConfig.class); }
    public ShadowRecorderConfig recorder() { return section("recorder", ShadowRecorderConfig.class); }
    public DriftConfig drift() { return section("drift", DriftConfig.class); }
    public SupervisorConfig supervisor() { return section("supervisor", SupervisorConfig.class); }
    public ScheduleSettings schedule() { return section("schedule", ScheduleSettings.class); }
    /** The features of the default {@code TechnicalFeatureEngineer} (used when the builder is given no feature engineer). */
    public FeatureConfig features() { return section("features", FeatureConfig.class); }
    public RlSettings rl() { return section("rl", RlSettings.class); }
    public StorageSettings storage() { return section("storage", StorageSettings.class); }
    /** The embedded HTTP control plane ({@code dev.clm.http.ClmHttpServer}). */
    public HttpSettings http() { return section("http", HttpSettings.class); }

    private <T> T section(String name, Class<T> type) {
        return type.cast(values.get(sectionNamed(name)));
    }

    /** The value of a dotted key as it would be written in a file. */
    public String get(String key) {
        Section<?> s = sectionOf(key);
        return read(s, values.get(s), key.substring(s.name.length() + 1));
    }

    /** Every setting by dotted key, in print order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Section<?> s : SECTIONS) for (String k : s.keys()) m.put(s.dotted(k), read(s, values.get(s), k));
        return m;
    }

    /** The dotted keys whose value differs from the default. */
    public Set<String> changedKeys() {
        Map<String, String> mine = asMap(), base = DEFAULTS.asMap();
        Set<String> changed = new java.util.LinkedHashSet<>();
        mine.forEach((k, v) -> { if (!v.equals(base.get(k))) changed.add(k); });
        return changed;
    }

    /** Every setting of the library: key, environment variable, default and meaning. */
    public static List<Setting> settings() {
        List<Setting> out = new ArrayList<>();
        for (Section<?> s : SECTIONS) {
            for (String k : s.keys()) {
                String key = s.dotted(k);
                out.add(new Setting(key, environmentVariable(key), read(s, s.defaults, k), SettingDescriptions.of(key)));
            }
        }
        return out;
    }

    /** {@code shadow.min-samples} → {@code CLM_SHADOW_MIN_SAMPLES}. */
    public static String environmentVariable(String key) {
        return "CLM_" + key.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /**
     * The values in force as one aligned text table (setting, value, default, environment
     * variable; changed values marked {@code *}), for the log at start and the system status.
     */
    public String toTable() {
        Map<String, String> mine = asMap();
        List<Setting> all = settings();
        int wk = "setting".length(), wv = "value".length(), wd = "default".length();
        for (Setting s : all) {
            wk = Math.max(wk, s.key().length());
            wv = Math.max(wv, (s.key().equals("http.token") ? 4 : mine.get(s.key()).length()) + 2);
            wd = Math.max(wd, s.defaultValue().length());
        }
        StringBuilder sb = new StringBuilder("clm configuration (" + all.size() + " settings, * = not the default)\n");
        row(sb, wk, wv, wd, "setting", "value", "default", "environment variable");
        for (Setting s : all) {
            String v = mine.get(s.key());
            if (s.key().equals("http.token") && !v.isEmpty()) v = "****"; // a secret is never printed
            row(sb, wk, wv, wd, s.key(), v.equals(s.defaultValue()) ? v : v + " *", s.defaultValue(), s.environmentVariable());
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, int wk, int wv, int wd, String k, String v, String d, String e) {
        sb.append(pad(k, wk)).append("  ").append(pad(v, wv)).append("  ").append(pad(d, wd)).append("  ").append(e).append('\n');
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    /** The README's settings table: one Markdown row per setting. */
    public static String settingsMarkdown() {
        StringBuilder sb = new StringBuilder("| setting | environment variable | default | meaning |\n|---|---|---|---|\n");
        for (Setting s : settings()) {
            sb.append("| `").append(s.key()).append("` | `").append(s.environmentVariable()).append("` | `")
                    .append(s.defaultValue().isEmpty() ? "(empty)" : s.defaultValue()).append("` | ")
                    .append(s.description()).append(" |\n");
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static <T> String read(Section<T> s, Object value, String key) {
        return s.read((T) value, key);
    }

    static Section<?> sectionNamed(String name) {
        for (Section<?> s : SECTIONS) if (s.name.equals(name)) return s;
        throw new IllegalArgumentException("no section " + name);
    }

    /** The section of a dotted key, or an {@link InvalidConfigException} naming the key and the known ones. */
    static Section<?> sectionOf(String key) {
        int dot = key.indexOf('.');
        if (dot > 0) {
            for (Section<?> s : SECTIONS) {
                if (s.name.equals(key.substring(0, dot)) && s.keys().contains(key.substring(dot + 1))) return s;
            }
        }
        throw new InvalidConfigException(key, "?", "a known setting (" + knownKeysNear(key) + ")");
    }

    private static String knownKeysNear(String key) {
        int dot = key.indexOf('.');
        if (dot > 0) {
            for (Section<?> s : SECTIONS) {
                if (s.name.equals(key.substring(0, dot))) return "in section " + s.name + ": " + String.join(", ", s.keys());
            }
        }
        List<String> names = new ArrayList<>();
        for (Section<?> s : SECTIONS) names.add(s.name + ".*");
        return "sections " + String.join(", ", names) + "; see ClmConfig.settings()";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClmConfig c && asMap().equals(c.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return "ClmConfig" + asMap();
    }

    // ---- shortcuts kept from the flat configuration ----

    /** Same as {@code triggers().retrainInterval()}. */
    public Duration retrainInterval() { return triggers().retrainInterval(); }
    /** Same as {@code shadow().minImprovement()}. */
    public double minImprovement() { return shadow().minImprovement(); }
    /** Same as {@code cycle().trainingLookback()}. */
    public Duration trainingLookback() { return cycle().trainingLookback(); }
    /** Same as {@code triggers().dataThresholdBars()}. */
    public long dataThresholdBars() { return triggers().dataThresholdBars(); }
    /** Same as {@code triggers().performanceAlpha()}. */
    public double performanceAlpha() { return triggers().performanceAlpha(); }
    /** Same as {@code triggers().performanceWindow()}. */
    public Duration performanceWindow() { return triggers().performanceWindow(); }
    /** Same as {@code shadow().alpha()}. */
    public double significanceLevel() { return shadow().alpha(); }
    /** Same as {@code drift().alpha()}. */
    public double driftPValueThreshold() { return drift().alpha(); }
    /** Same as {@code drift().psiMedium()}. */
    public double psiModerate() { return drift().psiMedium(); }
    /** Same as {@code drift().psiHigh()}. */
    public double psiHigh() { return drift().psiHigh(); }
    /** Same as {@code schedule().retraining()}. */
    public Duration retrainSchedule() { return schedule().retraining(); }
    /** Same as {@code schedule().driftCheck()}. */
    public Duration driftSchedule() { return schedule().driftCheck(); }
    /** Same as {@code schedule().performanceCheck()}. */
    public Duration performanceSchedule() { return schedule().performanceCheck(); }
    /** Same as {@code schedule().shadowPromotion()}. */
    public Duration shadowPromotionSchedule() { return schedule().shadowPromotion(); }
    /** Same as {@code schedule().autoRetraining()}. */
    public boolean autoRetraining() { return schedule().autoRetraining(); }
    /** Same as {@code shadow().autoPromote()}. */
    public boolean autoPromotion() { return shadow().autoPromote(); }
    /** Same as {@code split().validationFraction()}. */
    public double validationFraction() { return split().validationFraction(); }
    /** Same as {@code split().testFraction()}. */
    public double testFraction() { return split().testFraction(); }
    /** Same as {@code split().embargoBars()}. */
    public int embargoBars() { return split().embargoBars(); }
    /** Same as {@code cycle().retrainingType()}. */
    public RetrainingType retrainingType() { return cycle().retrainingType(); }

    /**
     * Mutable builder: whole sections ({@link #shadow(ShadowPolicyConfig)}), single settings by
     * dotted key ({@link #set(String, String)}), or the shortcuts of the flat configuration.
     * Settings given by key are applied together at {@link #build()}, which names any value a
     * section refuses.
     */
    public static final class Builder {
        private final Map<Section<?>, Object> bases = new LinkedHashMap<>();
        private final Map<Section<?>, Map<String, String>> overrides = new LinkedHashMap<>();

        private Builder() {
            for (Section<?> s : SECTIONS) bases.put(s, s.defaults);
        }

        /**
         * Sets one setting by dotted key from its text form (as in a file); the type is checked
         * now, the range at {@link #build()}.
         *
         * @throws InvalidConfigException for an unknown key or a value of the wrong type (overflow included)
         */
        public Builder set(String key, String value) {
            Objects.requireNonNull(key, "key");
            Section<?> s = sectionOf(key);
            String local = key.substring(s.name.length() + 1);
            if (value == null) throw new InvalidConfigException(key, null, "a value");
            s.parseCheck(local, value);
            overrides.computeIfAbsent(s, x -> new LinkedHashMap<>()).put(local, value.trim());
            return this;
        }

        private Builder section(String name, Object v) {
            Section<?> s = sectionNamed(name);
            bases.put(s, Objects.requireNonNull(v, name));
            overrides.remove(s);
            return this;
        }

        public Builder cycle(CycleSettings v) { return section("cycle", v); }
        public Builder split(SplitSettings v) { return section("split", v); }
        public Builder triggers(TriggerSettings v) { return section("triggers", v); }
        public Builder shadow(ShadowPolicyConfig v) { return section("shadow", v); }
        public Builder recorder(ShadowRecorderConfig v) { return section("recorder", v); }
        public Builder drift(DriftConfig v) { return section("drift", v); }
        public Builder supervisor(SupervisorConfig v) { return section("supervisor", v); }
        public Builder schedule(ScheduleSettings v) { return section("schedule", v); }
        public Builder features(FeatureConfig v) { return section("features", v); }
        public Builder rl(RlSettings v) { return section("rl", v); }
        public Builder storage(StorageSettings v) { return section("storage", v); }
        public Builder http(HttpSettings v) { return section("http", v); }

        private Builder now(String key, Object value) {
            set(key, Values.format(value));
            Section<?> s = sectionOf(key);
            Object built = build(s); // a shortcut fails at once, like the flat setters did
            bases.put(s, built);
            overrides.remove(s);
            return this;
        }

        @SuppressWarnings("unchecked")
        private <T> T build(Section<T> s) {
            return s.build((T) bases.get(s), overrides.getOrDefault(s, Map.of()));
        }

        /** Shortcut for {@code triggers.retrain-interval}. */
        public Builder retrainInterval(Duration d) { return now("triggers.retrain-interval", d); }
        /** Shortcut for {@code shadow.min-improvement}. */
        public Builder minImprovement(double v) { return now("shadow.min-improvement", v); }
        /** Shortcut for {@code cycle.training-lookback}. */
        public Builder trainingLookback(Duration d) { return now("cycle.training-lookback", d); }
        /** Shortcut for {@code triggers.data-threshold-bars}. */
        public Builder dataThresholdBars(long v) { return now("triggers.data-threshold-bars", v); }
        /** Shortcut for {@code triggers.performance-decay} (the trigger only; the drift rule's decays are {@code drift.*}). */
        public Builder performanceAlpha(double v) { return now("triggers.performance-alpha", v); }
        /** Shortcut for {@code triggers.performance-window}. */
        public Builder performanceWindow(Duration d) { return now("triggers.performance-window", d); }
        /** Shortcut for {@code shadow.alpha}. */
        public Builder significanceLevel(double v) { return now("shadow.alpha", v); }
        /** Shortcut for {@code drift.alpha}. */
        public Builder driftPValueThreshold(double v) { return now("drift.alpha", v); }
        /** Shortcut for {@code drift.psi-medium}; checked against {@code drift.psi-high} at {@link #build()}. */
        public Builder psiModerate(double v) { return set("drift.psi-medium", Values.format(v)); }
        /** Shortcut for {@code drift.psi-high}; checked against {@code drift.psi-medium} at {@link #build()}. */
        public Builder psiHigh(double v) { return set("drift.psi-high", Values.format(v)); }
        /** Shortcut for {@code schedule.retraining}. */
        public Builder retrainSchedule(Duration d) { return now("schedule.retraining", d); }
        /** Shortcut for {@code schedule.drift-check}. */
        public Builder driftSchedule(Duration d) { return now("schedule.drift-check", d); }
        /** Shortcut for {@code schedule.performance-check}. */
        public Builder performanceSchedule(Duration d) { return now("schedule.performance-check", d); }
        /** Shortcut for {@code schedule.shadow-promotion}. */
        public Builder shadowPromotionSchedule(Duration d) { return now("schedule.shadow-promotion", d); }
        /** Shortcut for {@code schedule.auto-retraining}. */
        public Builder autoRetraining(boolean v) { return now("schedule.auto-retraining", v); }
        /** Shortcut for {@code shadow.auto-promote}. */
        public Builder autoPromotion(boolean v) { return now("shadow.auto-promote", v); }
        /** Shortcut for {@code split.validation-fraction}. */
        public Builder validationFraction(double v) { return now("split.validation-fraction", v); }
        /** Shortcut for {@code split.test-fraction}. */
        public Builder testFraction(double v) { return now("split.test-fraction", v); }
        /** Shortcut for {@code split.walk-forward-fold}. */
        public Builder walkForwardFold(java.time.Duration v) { return now("split.walk-forward-fold", v); }
        /** Shortcut for {@code split.walk-forward-folds}. */
        public Builder walkForwardFolds(int v) { return now("split.walk-forward-folds", v); }
        /** Shortcut for {@code split.embargo-bars}. */
        public Builder embargoBars(int v) { return now("split.embargo-bars", v); }
        /** Shortcut for {@code cycle.retraining-type}. */
        public Builder retrainingType(RetrainingType t) {
            if (t == null) throw new InvalidConfigException("cycle.retraining-type", null, "one of FULL, PARTIAL, INCREMENTAL");
            return now("cycle.retraining-type", t);
        }
        /** Shortcut for {@code shadow.min-samples}. */
        public Builder shadowMinSamples(int v) { return now("shadow.min-samples", v); }

        /** Validates every section and the settings that span sections. */
        public ClmConfig build() {
            Map<Section<?>, Object> built = new LinkedHashMap<>();
            for (Section<?> s : SECTIONS) built.put(s, build(s));
            ClmConfig c = new ClmConfig(built);
            if (c.triggers().performanceWindow().compareTo(c.cycle().trainingLookback()) > 0) {
                throw new InvalidConfigException("triggers.performance-window", Values.duration(c.triggers().performanceWindow()),
                        "at most cycle.training-lookback (" + Values.duration(c.cycle().trainingLookback()) + ")");
            }
            return c;
        }
    }
}
