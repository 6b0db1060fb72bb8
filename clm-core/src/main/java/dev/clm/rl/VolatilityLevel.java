package dev.clm.rl;

/**
 * Volatility level of the traded market, part of both agents' states.
 *
 * <p>{@link #fromPercentile(double)} maps the current realised volatility's percentile within
 * its own recent history (0..1) to a level: LOW below 0.25, MEDIUM below 0.60, HIGH below 0.90,
 * EXTREME from 0.90. An engine with its own classifier passes the level directly.
 */
public enum VolatilityLevel {
    LOW, MEDIUM, HIGH, EXTREME;

    /** The level of a volatility percentile in [0, 1]; bins as in the class comment. */
    public static VolatilityLevel fromPercentile(double percentile) {
        if (!(percentile >= 0.0 && percentile <= 1.0)) {
            throw new IllegalArgumentException("volatility percentile must be in [0, 1], was " + percentile);
        }
        if (percentile < 0.25) return LOW;
        if (percentile < 0.60) return MEDIUM;
        if (percentile < 0.90) return HIGH;
        return EXTREME;
    }
}
