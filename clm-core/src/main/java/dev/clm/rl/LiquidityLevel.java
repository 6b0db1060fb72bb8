package dev.clm.rl;

/**
 * Liquidity of the traded market, part of the meta-strategy state.
 *
 * <p>{@link #fromVolumeRatio(double)} maps current volume / its recent average to a level:
 * LOW below 0.7, MEDIUM below 1.3, HIGH from 1.3.
 */
public enum LiquidityLevel {
    LOW, MEDIUM, HIGH;

    /** The level of a volume ratio (current / recent average, finite and >= 0). */
    public static LiquidityLevel fromVolumeRatio(double ratio) {
        if (!(ratio >= 0.0) || Double.isInfinite(ratio)) {
            throw new IllegalArgumentException("volume ratio must be finite and >= 0, was " + ratio);
        }
        if (ratio < 0.7) return LOW;
        if (ratio < 1.3) return MEDIUM;
        return HIGH;
    }
}
