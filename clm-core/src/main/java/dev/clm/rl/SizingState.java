package dev.clm.rl;

import java.util.Objects;

/**
 * State of the position-sizing agent, as raw values; {@link #key()} discretises them.
 *
 * <p>Bins (4 × 3 × 3 × 3 × 4 = 432 states):
 * <ul>
 *   <li>regime: the four {@link MarketRegime}s;</li>
 *   <li>signal confidence in [0, 1]: LOW below 0.55, MEDIUM below 0.70, HIGH from 0.70;</li>
 *   <li>portfolio exposure, margin in open positions as percent of the balance (>= 0): LOW below
 *       20, MEDIUM below 50, HIGH from 50;</li>
 *   <li>recent winrate over the last 20 closed trades in [0, 1] (see {@link RollingWinrate}):
 *       the {@link PerformanceLevel} bins, POOR below 0.40, NEUTRAL below 0.60, GOOD from 0.60;</li>
 *   <li>volatility: the four {@link VolatilityLevel}s.</li>
 * </ul>
 * Immutable.
 *
 * @param regime         market regime
 * @param confidence     confidence of the trading signal, in [0, 1]
 * @param exposurePct    margin already committed to open positions, in percent of the balance
 * @param recentWinrate  winrate of the last 20 closed trades, in [0, 1]
 * @param volatility     volatility level
 */
public record SizingState(MarketRegime regime, double confidence, double exposurePct, double recentWinrate, VolatilityLevel volatility) {
    public static final double CONFIDENCE_MEDIUM_FROM = 0.55;
    public static final double CONFIDENCE_HIGH_FROM = 0.70;
    public static final double EXPOSURE_MEDIUM_FROM_PCT = 20.0;
    public static final double EXPOSURE_HIGH_FROM_PCT = 50.0;

    public SizingState {
        Objects.requireNonNull(regime, "regime must not be null");
        Inputs.unit(confidence, "confidence");
        Inputs.nonNegative(exposurePct, "exposurePct");
        Inputs.unit(recentWinrate, "recentWinrate");
        Objects.requireNonNull(volatility, "volatility must not be null");
    }

    /** Confidence bin: LOW, MEDIUM or HIGH. */
    public String confidenceBin() {
        return confidence < CONFIDENCE_MEDIUM_FROM ? "LOW" : confidence < CONFIDENCE_HIGH_FROM ? "MEDIUM" : "HIGH";
    }

    /** Exposure bin: LOW, MEDIUM or HIGH. */
    public String exposureBin() {
        return exposurePct < EXPOSURE_MEDIUM_FROM_PCT ? "LOW" : exposurePct < EXPOSURE_HIGH_FROM_PCT ? "MEDIUM" : "HIGH";
    }

    /** Q-table key, for example {@code VOLATILE|conf=HIGH|exp=LOW|wr=NEUTRAL|vol=EXTREME}. */
    public String key() {
        return regime + "|conf=" + confidenceBin() + "|exp=" + exposureBin() + "|wr=" + PerformanceLevel.fromWinrate(recentWinrate)
                + "|vol=" + volatility;
    }
}
