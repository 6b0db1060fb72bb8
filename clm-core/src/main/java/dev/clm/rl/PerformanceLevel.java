package dev.clm.rl;

/**
 * Recent trading performance, part of the meta-strategy state (and, as winrate bins, of the
 * sizing state).
 *
 * <p>{@link #fromWinrate(double)} bins a recent winrate in [0, 1]: POOR below 0.40, NEUTRAL
 * below 0.60, GOOD from 0.60.
 */
public enum PerformanceLevel {
    GOOD, NEUTRAL, POOR;

    /** The level of a winrate in [0, 1]; bins as in the class comment. */
    public static PerformanceLevel fromWinrate(double winrate) {
        if (!(winrate >= 0.0 && winrate <= 1.0)) {
            throw new IllegalArgumentException("winrate must be in [0, 1], was " + winrate);
        }
        if (winrate < 0.40) return POOR;
        if (winrate < 0.60) return NEUTRAL;
        return GOOD;
    }
}
