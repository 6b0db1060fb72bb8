package dev.clm.config;

import dev.clm.features.FeatureConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code features} section: every {@link FeatureConfig} setting from its own string map
 * ({@link FeatureConfig#toMap()} / {@link FeatureConfig#fromMap(Map)}), keys in kebab-case,
 * lists comma-separated.
 */
final class FeatureSection extends Section<FeatureConfig> {
    FeatureSection() {
        super("features", FeatureConfig.class, FeatureConfig.defaults());
    }

    @Override
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (String k : defaults.toMap().keySet()) if (!k.equals("engine") && !k.equals("version")) keys.add(Values.kebab(k));
        return keys;
    }

    @Override
    String read(FeatureConfig value, String key) {
        return value.toMap().get(Values.camel(key));
    }

    @Override
    void parseCheck(String key, String text) {
        if (text.isBlank() && !key.endsWith("-periods")) throw new InvalidConfigException(dotted(key), "''", "a value");
    }

    @Override
    FeatureConfig construct(FeatureConfig base, Map<String, String> overrides) {
        Map<String, String> m = new LinkedHashMap<>(base.toMap());
        overrides.forEach((k, v) -> m.put(Values.camel(k), v.trim()));
        return FeatureConfig.fromMap(m);
    }
}
