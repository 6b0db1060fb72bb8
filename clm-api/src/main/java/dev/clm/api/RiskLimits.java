package dev.clm.api;

/**
 * Live risk limits of the engine's current trading mode.
 *
 * @param mode                 trading mode name (for example {@code conservative})
 * @param maxLeverage          largest leverage allowed (>= 1)
 * @param maxRiskPerTradePct   largest share of the balance at risk in one trade, in percent (0, 100]
 */
public record RiskLimits(String mode, double maxLeverage, double maxRiskPerTradePct) {
    public RiskLimits {
        Checks.notBlank(mode, "mode");
        if (!(maxLeverage >= 1.0) || Double.isInfinite(maxLeverage)) throw new IllegalArgumentException("maxLeverage must be finite and >= 1, was " + maxLeverage);
        if (!(maxRiskPerTradePct > 0.0 && maxRiskPerTradePct <= 100.0)) throw new IllegalArgumentException("maxRiskPerTradePct must be in (0, 100], was " + maxRiskPerTradePct);
    }
}
