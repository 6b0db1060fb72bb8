package dev.clm.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One section of the {@link ClmConfig} tree ({@code shadow}, {@code drift}, ...): its keys,
 * how to print a value, and how to build the section value from a base and textual overrides.
 * Overrides are applied all at once (so related bounds such as {@code psi-medium < psi-high}
 * can be moved together); a value the section refuses is reported under its dotted key.
 *
 * @param <T> the section's value type (an immutable record or value class)
 */
abstract class Section<T> {
    final String name;
    final Class<T> type;
    final T defaults;

    Section(String name, Class<T> type, T defaults) {
        this.name = name;
        this.type = type;
        this.defaults = defaults;
    }

    /** Keys within the section, kebab-case, in declaration order. */
    abstract List<String> keys();

    /** The value of {@code key} in {@code value}, as it would be written in a file. */
    abstract String read(T value, String key);

    /** Parses {@code text} for {@code key} (type only, not range); throws naming the dotted key. */
    abstract void parseCheck(String key, String text);

    /** Builds the section value; may throw {@link RuntimeException} from the section's own validation. */
    abstract T construct(T base, Map<String, String> overrides);

    String dotted(String key) {
        return name + "." + key;
    }

    /** The section with every override applied, or an {@link InvalidConfigException} naming the offending key(s). */
    final T build(T base, Map<String, String> overrides) {
        if (overrides.isEmpty()) return base;
        try {
            return construct(base, overrides);
        } catch (InvalidConfigException e) {
            throw e;
        } catch (RuntimeException whole) {
            // find which override(s) the section refuses on their own; otherwise it is a conflict between them
            List<String> culprits = new ArrayList<>();
            RuntimeException single = null;
            for (Map.Entry<String, String> o : overrides.entrySet()) {
                try {
                    construct(base, Map.of(o.getKey(), o.getValue()));
                } catch (RuntimeException e) {
                    culprits.add(o.getKey());
                    if (single == null) single = e;
                }
            }
            if (culprits.size() == 1) {
                String k = culprits.get(0);
                throw new InvalidConfigException(dotted(k), overrides.get(k), message(single), single);
            }
            Map<String, String> named = new LinkedHashMap<>();
            for (String k : culprits.isEmpty() ? overrides.keySet() : culprits) named.put(dotted(k), overrides.get(k));
            throw new InvalidConfigException(String.join(" / ", named.keySet()), named.values(),
                    "values that agree with each other: " + message(whole), whole);
        }
    }

    private static String message(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
