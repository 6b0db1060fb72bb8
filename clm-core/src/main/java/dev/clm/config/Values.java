package dev.clm.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** Parses and prints setting values; every parse error is an {@link InvalidConfigException} naming the key. */
final class Values {
    private Values() {}

    static Object parse(String key, Class<?> type, String text) {
        String v = text.trim();
        if (type == int.class) return (int) integer(key, v, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer in [-2^31, 2^31-1]");
        if (type == long.class) return integer(key, v, Long.MIN_VALUE, Long.MAX_VALUE, "an integer in [-2^63, 2^63-1]");
        if (type == double.class) return number(key, v);
        if (type == boolean.class) return bool(key, v);
        if (type == Duration.class) return duration(key, v);
        if (type == String.class) return v;
        if (type == Path.class) return path(key, v);
        if (type.isEnum()) return enumValue(key, type, v);
        throw new IllegalStateException("no parser for " + type + " (setting " + key + ")");
    }

    static String format(Object v) {
        if (v instanceof Duration d) return duration(d);
        if (v instanceof Enum<?> e) return e.name();
        return String.valueOf(v);
    }

    private static long integer(String key, String v, long min, long max, String expected) {
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) throw new InvalidConfigException(key, "'" + v + "'", expected);
            return n;
        } catch (NumberFormatException e) {
            // Long.parseLong refuses values beyond 64 bits: they overflow, never wrap
            throw new InvalidConfigException(key, "'" + v + "'", expected);
        }
    }

    private static double number(String key, String v) {
        try {
            String s = v.replace("_", "");
            if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity")) return Double.POSITIVE_INFINITY;
            double d = Double.parseDouble(s);
            if (Double.isNaN(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(key, "'" + v + "'", "a number");
        }
    }

    private static boolean bool(String key, String v) {
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new InvalidConfigException(key, "'" + v + "'", "true or false");
    }

    private static Path path(String key, String v) {
        try {
            if (v.isEmpty()) throw new InvalidPathException(v, "empty");
            return Path.of(v);
        } catch (InvalidPathException e) {
            throw new InvalidConfigException(key, "'" + v + "'", "a file system path");
        }
    }

    private static Object enumValue(String key, Class<?> type, String v) {
        for (Object c : type.getEnumConstants()) {
            if (((Enum<?>) c).name().equalsIgnoreCase(v.replace('-', '_'))) return c;
        }
        throw new InvalidConfigException(key, "'" + v + "'", "one of " + Arrays.toString(type.getEnumConstants()));
    }

    /** Parses "PT24H", "24h", "7d", "30m", "45s" or "1500ms"; the amount must fit, and overflow is an error. */
    static Duration duration(String key, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) return Duration.parse(s.toUpperCase(Locale.ROOT));
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            long n = Long.parseLong(s.substring(0, s.length() - 1).trim());
            return switch (s.charAt(s.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new NumberFormatException(v);
            };
        } catch (RuntimeException e) {
            throw new InvalidConfigException(key, "'" + v + "'", "a duration such as 7d, 24h, 30m, 45s, 1500ms or PT24H");
        }
    }

    static String duration(Duration d) {
        if (d.isZero()) return "0s";
        if (d.toNanos() % 1_000_000 != 0 || d.isNegative()) return d.toString();
        if (d.toSeconds() % 86_400 == 0 && d.getNano() == 0) return d.toDays() + "d";
        if (d.toSeconds() % 3_600 == 0 && d.getNano() == 0) return d.toHours() + "h";
        if (d.toSeconds() % 60 == 0 && d.getNano() == 0) return d.toMinutes() + "m";
        if (d.getNano() == 0) return d.toSeconds() + "s";
        return d.toMillis() + "ms";
    }

    /** {@code minSamples} → {@code min-samples}. */
    static String kebab(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) sb.append('-').append(Character.toLowerCase(c));
            else sb.append(c);
        }
        return sb.toString();
    }

    /** {@code min-samples} → {@code minSamples}. */
    static String camel(String kebab) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') up = true;
            else { sb.append(up ? Character.toUpperCase(c) : c); up = false; }
        }
        return sb.toString();
    }
}
