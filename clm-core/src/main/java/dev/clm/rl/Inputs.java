package dev.clm.rl;

/** Argument checks for the RL value types; messages name the field and the expectation. */
final class Inputs {
    private Inputs() {}

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) throw new IllegalArgumentException(field + " must be finite, was " + value);
        return value;
    }

    static double nonNegative(double value, String field) {
        if (!(value >= 0.0) || Double.isInfinite(value)) throw new IllegalArgumentException(field + " must be finite and >= 0, was " + value);
        return value;
    }

    static double unit(double value, String field) {
        if (!(value >= 0.0 && value <= 1.0)) throw new IllegalArgumentException(field + " must be in [0, 1], was " + value);
        return value;
    }
}
