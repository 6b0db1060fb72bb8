package dev.clm.api;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** Argument checks shared by the value types; messages name the field and the expectation. */
final class Checks {
    private Checks() {}

    static <T> T notNull(T value, String field) {
        if (value == null) throw new IllegalArgumentException(field + " must not be null");
        return value;
    }

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException(field + " must be finite, was " + value);
        return value;
    }

    static double finiteOrNaN(double value, String field) {
        if (Double.isInfinite(value)) throw new IllegalArgumentException(field + " must be finite or NaN (unknown), was " + value);
        return value;
    }

    static double probability(double value, String field) {
        if (!(value >= 0.0 && value <= 1.0)) throw new IllegalArgumentException(field + " must be in [0, 1], was " + value);
        return value;
    }

    static long nonNegative(long value, String field) {
        if (value < 0) throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        return value;
    }

    static double nonNegative(double value, String field) {
        if (!(value >= 0.0) || Double.isInfinite(value)) throw new IllegalArgumentException(field + " must be finite and >= 0, was " + value);
        return value;
    }

    static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(field + " must not be blank");
        return value;
    }

    /** Names used in file paths and SQL values ({@link Names#requireName}); {@link InvalidNameException} otherwise. */
    static String safeName(String value, String field) {
        return Names.requireName(value, field);
    }

    static void notAfter(Instant start, Instant end, String startField, String endField) {
        if (start != null && end != null && start.isAfter(end)) {
            throw new IllegalArgumentException(startField + " (" + start + ") must not be after " + endField + " (" + end + ")");
        }
    }

    static <K, V> Map<K, V> copy(Map<K, V> map, String field) {
        notNull(map, field);
        for (Map.Entry<K, V> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) throw new IllegalArgumentException(field + " must not contain null keys or values");
        }
        return Map.copyOf(map);
    }

    static Map<String, Double> finiteValues(Map<String, Double> map, String field) {
        Map<String, Double> copy = copy(map, field);
        copy.forEach((k, v) -> finite(v, field + "[" + k + "]"));
        return copy;
    }

    static <T> void noNulls(Collection<T> values, String field) {
        notNull(values, field);
        for (T v : values) if (v == null) throw new IllegalArgumentException(field + " must not contain null");
    }
}
