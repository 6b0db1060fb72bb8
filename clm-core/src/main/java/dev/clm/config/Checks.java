package dev.clm.config;

import java.time.Duration;

/** Range checks for the section records of this package; each names the dotted key. */
final class Checks {
    private Checks() {}

    static Duration positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) throw new InvalidConfigException(key, d, "a positive duration");
        return d;
    }

    static Duration nonNegative(String key, Duration d) {
        if (d == null || d.isNegative()) throw new InvalidConfigException(key, d, "a duration >= 0");
        return d;
    }

    static void atLeast(String key, long v, long min) {
        if (v < min) throw new InvalidConfigException(key, v, "an integer >= " + min);
    }

    /** {@code v} in (lo, hi] when {@code loOpen}, else [lo, hi]. */
    static void range(String key, double v, double lo, double hi, boolean loOpen) {
        boolean ok = (loOpen ? v > lo : v >= lo) && v <= hi;
        if (!ok) throw new InvalidConfigException(key, v, "a number in " + (loOpen ? "(" : "[") + lo + ", " + hi + "]");
    }

    static <T> T notNull(String key, T v, String expected) {
        if (v == null) throw new InvalidConfigException(key, null, expected);
        return v;
    }
}
