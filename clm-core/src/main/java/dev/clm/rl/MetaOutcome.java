package dev.clm.rl;

/**
 * A closed trade as the meta-strategy agent learns from it.
 *
 * @param pnlPct        realised profit or loss of the trade, in percent
 * @param holdingHours  time the trade was open, in hours (>= 0)
 * @param drawdownPct   largest adverse excursion while open, in percent (sign ignored)
 * @param winrate       recent winrate of the strategy that traded, in [0, 1]
 */
public record MetaOutcome(double pnlPct, double holdingHours, double drawdownPct, double winrate) {
    /** Hours below this count as this in the time bonus, so a near-instant trade cannot earn an unbounded bonus. */
    public static final double MIN_BONUS_HOURS = 0.1;

    public MetaOutcome {
        Inputs.finite(pnlPct, "pnlPct");
        Inputs.nonNegative(holdingHours, "holdingHours");
        Inputs.finite(drawdownPct, "drawdownPct");
        Inputs.unit(winrate, "winrate");
    }

    /**
     * The reward: {@code pnlPct + (24 / max(hours, 0.1)) × 0.1 − |drawdownPct| × 2 + (winrate − 0.5) × 10}
     * (PnL, time bonus, drawdown penalty, winrate bonus of the reference definition).
     */
    public double reward() {
        double timeBonus = (24.0 / Math.max(holdingHours, MIN_BONUS_HOURS)) * 0.1;
        double drawdownPenalty = Math.abs(drawdownPct) * 2.0;
        double winrateBonus = (winrate - 0.5) * 10.0;
        return pnlPct + timeBonus - drawdownPenalty + winrateBonus;
    }
}
