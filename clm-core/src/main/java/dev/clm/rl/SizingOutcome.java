package dev.clm.rl;

/**
 * A closed trade as the position-sizing agent learns from it.
 *
 * @param pnlPct        realised profit or loss, in percent
 * @param holdingHours  time the trade was open, in hours (>= 0)
 * @param drawdownPct   largest adverse excursion while open, in percent (sign ignored)
 * @param takeProfitHit whether the take-profit closed the trade
 * @param stopLossHit   whether the stop-loss closed the trade
 */
public record SizingOutcome(double pnlPct, double holdingHours, double drawdownPct, boolean takeProfitHit, boolean stopLossHit) {
    public SizingOutcome {
        Inputs.finite(pnlPct, "pnlPct");
        Inputs.nonNegative(holdingHours, "holdingHours");
        Inputs.finite(drawdownPct, "drawdownPct");
        if (takeProfitHit && stopLossHit) throw new IllegalArgumentException("takeProfitHit and stopLossHit must not both be true");
    }

    /** The reward: {@code pnlPct − 0.05 × hours − 3 × |drawdownPct| + (1 if TP hit) − (0.5 if SL hit)}. */
    public double reward() {
        return pnlPct - 0.05 * holdingHours - 3.0 * Math.abs(drawdownPct) + (takeProfitHit ? 1.0 : 0.0) - (stopLossHit ? 0.5 : 0.0);
    }

    /** A trade counts as won when its PnL is positive. */
    public boolean won() {
        return pnlPct > 0.0;
    }
}
