package dev.clm.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Builds a {@link ClmConfig} from layers: defaults, then a file, then {@code CLM_*}
 * environment variables. The file is a Java properties file, or YAML when its name ends in
 * {@code .yaml} / {@code .yml} (parsed by Jackson's YAML module: comments, nesting
 * {@code shadow: {min-samples: 200}} or dotted keys, lists for the feature periods). Keys are
 * the dotted keys of {@link ClmConfig#settings()}, optionally under {@code clm.}; a key may be
 * written with {@code _} or in camelCase ({@code shadow.min_samples}, {@code shadow.minSamples}).
 *
 * <p>Strict: an unknown key in a file, a key given twice (also in two spellings), a removed
 * setting, a value of the wrong type or out of range is an {@link InvalidConfigException}
 * naming it. An unknown {@code CLM_} environment variable is only logged, because the
 * environment is shared with other programs; a removed one is an error. The names of the flat
 * configuration ({@code retrain-interval}, {@code CLM_RETRAIN_INTERVAL}) are still read, with a
 * warning naming the new key.
 */
public final class ConfigLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
    /** Environment variable naming the file {@link #fromEnvironment()} loads. */
    public static final String CONFIG_FILE_VARIABLE = "CLM_CONFIG";
    /** CLM_ variables of this project's own build (test switches), not settings. */
    private static final List<String> NOT_SETTINGS = List.of("CLM_PG_TESTS", "CLM_PG_URL", "CLM_BROWSER_TESTS", "CLM_SPARK_IT", CONFIG_FILE_VARIABLE);

    /** Names of the flat configuration and the key each became. */
    static final Map<String, String> LEGACY = Map.ofEntries(
            Map.entry("retrain-interval", "triggers.retrain-interval"),
            Map.entry("min-improvement", "shadow.min-improvement"),
            Map.entry("training-lookback", "cycle.training-lookback"),
            Map.entry("data-threshold-bars", "triggers.data-threshold-bars"),
            Map.entry("performance-decay", "drift.performance-decay"),
            Map.entry("performance-window", "triggers.performance-window"),
            Map.entry("significance-level", "shadow.alpha"),
            Map.entry("drift-p-value-threshold", "drift.alpha"),
            Map.entry("psi-moderate", "drift.psi-medium"),
            Map.entry("psi-high", "drift.psi-high"),
            Map.entry("retrain-schedule", "schedule.retraining"),
            Map.entry("drift-schedule", "schedule.drift-check"),
            Map.entry("performance-schedule", "schedule.performance-check"),
            Map.entry("shadow-promotion-schedule", "schedule.shadow-promotion"),
            Map.entry("auto-retraining", "schedule.auto-retraining"),
            Map.entry("auto-promotion", "shadow.auto-promote"),
            Map.entry("validation-fraction", "split.validation-fraction"),
            Map.entry("test-fraction", "split.test-fraction"),
            Map.entry("embargo-bars", "split.embargo-bars"),
            Map.entry("retraining-type", "cycle.retraining-type"),
            Map.entry("jdbc-url", "storage.jdbc-url"),
            Map.entry("data-dir", "storage.data-directory"));

    /** Settings that no longer exist, and why. */
    static final Map<String, String> REMOVED = Map.of(
            "shadow-window", "no setting: nothing ever read it; a live shadow is decided when it has shadow.min-samples outcomes",
            "shadow-min-predictions", "no setting: it meant four things, now shadow.min-samples, split.min-rows,"
                    + " cycle.incremental-min-rows and triggers.performance-min-rows (each default 100)");

    private ConfigLoader() {}

    /** Defaults, then the file named by {@code CLM_CONFIG} (if set), then the {@code CLM_*} variables of the process. */
    public static ClmConfig fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** As {@link #fromEnvironment()} with the given environment. */
    public static ClmConfig fromEnvironment(Map<String, String> env) {
        String file = env.get(CONFIG_FILE_VARIABLE);
        if (file != null && file.isBlank()) throw new InvalidConfigException(CONFIG_FILE_VARIABLE, "''", "the path of a configuration file");
        return load(file == null ? null : Path.of(file.trim()), env);
    }

    /** Defaults, then {@code file} (if non-null), then {@code env}. */
    public static ClmConfig load(Path file, Map<String, String> env) {
        ClmConfig.Builder b = ClmConfig.builder();
        if (file != null) {
            readFile(file).forEach((key, value) -> {
                try {
                    b.set(key, value);
                } catch (InvalidConfigException e) {
                    throw e.from(file.toString());
                }
            });
        }
        applyEnvironment(b, env);
        return b.build();
    }

    /** Defaults, then {@code file}. */
    public static ClmConfig load(Path file) {
        return load(file, Map.of());
    }

    /** The file's settings by dotted key, in file order; unknown, removed and duplicated keys are errors. */
    static Map<String, String> readFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Map<String, String> raw = name.endsWith(".yaml") || name.endsWith(".yml") ? readYaml(file) : readProperties(file);
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> spelledAs = new LinkedHashMap<>();
        raw.forEach((rawKey, value) -> {
            String key = resolve(rawKey, file.toString());
            String earlier = spelledAs.putIfAbsent(key, rawKey);
            if (earlier != null) {
                throw new InvalidConfigException(key, "'" + out.get(key) + "' and '" + value + "'",
                        "one value, but '" + earlier + "' and '" + rawKey + "' both set it (in " + file + ")");
            }
            out.put(key, value);
        });
        return out;
    }

    /** The dotted key a file key names, or an error naming the key. */
    private static String resolve(String rawKey, String source) {
        String k = normalise(rawKey);
        if (k.startsWith("clm.")) k = k.substring(4);
        if (isSetting(k)) return k;
        String legacy = LEGACY.get(k);
        if (legacy != null) {
            LOG.warn("configuration key '{}' in {} is the old name of '{}'; please rename it", rawKey, source, legacy);
            return legacy;
        }
        String removed = REMOVED.get(k);
        if (removed != null) throw new InvalidConfigException(rawKey + " (in " + source + ")", "?", removed);
        try {
            ClmConfig.sectionOf(k);
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(rawKey + " (in " + source + ")", "?", e.getMessage().replaceFirst("^.*expected ", ""));
        }
        return k;
    }

    private static boolean isSetting(String k) {
        try {
            ClmConfig.sectionOf(k);
            return true;
        } catch (InvalidConfigException e) {
            return false;
        }
    }

    /** {@code Shadow.minSamples}, {@code shadow.min_samples} → {@code shadow.min-samples}. */
    static String normalise(String key) {
        String k = key.strip();
        if (!k.equals(k.toLowerCase(Locale.ROOT)) && !k.equals(k.toUpperCase(Locale.ROOT))) k = Values.kebab(k);
        return k.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Map<String, String> readProperties(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        Properties p = new Properties() {
            @Override
            public synchronized Object put(Object key, Object value) {
                if (values.containsKey((String) key)) {
                    throw new InvalidConfigException(key + " (in " + file + ")", "'" + values.get(key) + "' and '" + value + "'",
                            "each key once");
                }
                values.put((String) key, (String) value);
                return super.put(key, value);
            }
        };
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        return values;
    }

    private static Map<String, String> readYaml(Path file) {
        YAMLMapper yaml = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(file.toString(), "?", "valid YAML with each key once: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) return out;
        if (!root.isObject()) throw new InvalidConfigException(file.toString(), "?", "a YAML mapping of settings");
        flatten("", root, out, file);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out, Path file) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
            JsonNode v = f.getValue();
            if (v.isObject()) {
                flatten(key, v, out, file);
            } else if (v.isArray()) {
                StringBuilder sb = new StringBuilder();
                for (JsonNode e : v) {
                    if (!e.isValueNode()) throw new InvalidConfigException(key + " (in " + file + ")", v, "a list of numbers");
                    sb.append(sb.length() == 0 ? "" : ",").append(e.asText());
                }
                put(out, key, sb.toString(), file);
            } else if (v.isNull()) {
                throw new InvalidConfigException(key + " (in " + file + ")", "(nothing)", "a value");
            } else {
                put(out, key, v.asText(), file);
            }
        }
    }

    private static void put(Map<String, String> out, String key, String value, Path file) {
        if (out.containsKey(key)) {
            throw new InvalidConfigException(key + " (in " + file + ")", "'" + out.get(key) + "' and '" + value + "'", "each key once");
        }
        out.put(key, value);
    }

    static void applyEnvironment(ClmConfig.Builder b, Map<String, String> env) {
        Map<String, String> byVariable = new LinkedHashMap<>();
        for (ClmConfig.Setting s : ClmConfig.settings()) byVariable.put(s.environmentVariable(), s.key());
        Map<String, String> setBy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("CLM_") || NOT_SETTINGS.contains(name)) continue;
            String flat = name.substring(4).toLowerCase(Locale.ROOT).replace('_', '-');
            String key = byVariable.get(name);
            if (key == null && LEGACY.containsKey(flat)) {
                key = LEGACY.get(flat);
                LOG.warn("environment variable {} is the old name of {}; please rename it", name, ClmConfig.environmentVariable(key));
            }
            if (key == null && REMOVED.containsKey(flat)) throw new InvalidConfigException(name, "'" + e.getValue() + "'", REMOVED.get(flat));
            if (key == null) {
                LOG.warn("ignoring environment variable {}: not a clm setting (see ClmConfig.settings())", name);
                continue;
            }
            String earlier = setBy.putIfAbsent(key, name);
            if (earlier != null) {
                throw new InvalidConfigException(key, "'" + env.get(earlier) + "' and '" + e.getValue() + "'",
                        "one value, but " + earlier + " and " + name + " both set it");
            }
            try {
                b.set(key, e.getValue());
            } catch (InvalidConfigException x) {
                throw x.from("environment variable " + name);
            }
        }
    }
}
