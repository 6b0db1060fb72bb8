package dev.clm.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a {@link ClmConfig} from layers: defaults, then a file (Java properties or flat YAML
 * {@code key: value} lines, keys as in {@link ConfigSetting#propertyName()}, optionally
 * prefixed {@code clm.}), then {@code CLM_*} environment variables. An unknown key in the
 * file is an error naming it (a typo must not silently fall back to a default); an unknown
 * {@code CLM_} environment variable is logged as a warning (the environment is shared with
 * other programs).
 */
public final class ConfigLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigLoader.class);
    /** Environment variables starting with CLM_ that are not configuration settings (used elsewhere). */
    private static final List<String> RESERVED_ENV = List.of("CLM_PG_TESTS", "CLM_PG_URL", "CLM_DATA_DIR", "CLM_JDBC_URL", "CLM_CONFIG");

    private ConfigLoader() {}

    /** Defaults overlaid with the process environment. */
    public static ClmConfig fromEnvironment() {
        return load(null, System.getenv());
    }

    /** Defaults, then {@code file} (if non-null), then {@code env}. */
    public static ClmConfig load(Path file, Map<String, String> env) {
        ClmConfig.Builder b = ClmConfig.builder();
        if (file != null) applyFile(b, file);
        applyEnvironment(b, env);
        return b.build();
    }

    static void applyFile(ClmConfig.Builder b, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!") || line.equals("---") || line.equals("clm:")) continue;
            int eq = indexOfSeparator(line);
            if (eq < 0) throw new InvalidConfigException(file + ":" + (i + 1), "'" + line + "'", "a 'key = value' or 'key: value' line");
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = unquote(line.substring(eq + 1).strip());
            if (key.startsWith("clm.")) key = key.substring(4);
            values.put(key, value);
        }
        values.forEach((k, v) -> setting(k, file.toString()).apply(b, v));
    }

    static void applyEnvironment(ClmConfig.Builder b, Map<String, String> env) {
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("CLM_") || RESERVED_ENV.contains(name)) continue;
            ConfigSetting s = null;
            for (ConfigSetting c : ConfigSetting.values()) if (c.environmentVariable().equals(name)) s = c;
            if (s == null) {
                LOG.warn("ignoring environment variable {}: not a clm setting (known: {})", name, knownEnv());
                continue;
            }
            s.apply(b, e.getValue());
        }
    }

    private static ConfigSetting setting(String key, String source) {
        String normal = key.replace('_', '-');
        for (ConfigSetting c : ConfigSetting.values()) {
            if (c.propertyName().equals(normal) || c.propertyName().replace("-", "").equals(normal.replace("-", ""))) return c;
        }
        throw new InvalidConfigException(key + " (in " + source + ")", "?", "a known setting: " + knownProperties());
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) return colon;
        if (colon < 0) return eq;
        return Math.min(eq, colon);
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String knownEnv() {
        StringBuilder sb = new StringBuilder();
        for (ConfigSetting c : ConfigSetting.values()) sb.append(sb.length() == 0 ? "" : ", ").append(c.environmentVariable());
        return sb.toString();
    }

    private static String knownProperties() {
        StringBuilder sb = new StringBuilder();
        for (ConfigSetting c : ConfigSetting.values()) sb.append(sb.length() == 0 ? "" : ", ").append(c.propertyName());
        return sb.toString();
    }
}
