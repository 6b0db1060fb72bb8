package dev.clm.rl;

import dev.clm.api.RiskLimits;
import java.util.List;

/**
 * What the position-sizing agent tells the engine to do, after the safety clamps.
 *
 * <p>Sizing model: margin = balance × basePositionPct/100 × size multiplier; notional =
 * margin × leverage; risk = notional × stop-loss distance/100 (what the stop loses);
 * riskPct = risk / balance × 100. Clamps: leverage down to the policy's max leverage, then
 * the size multiplier down until riskPct is at most the policy's max risk per trade.
 *
 * @param action          the action the agent chose; pass it back to {@code update} with the outcome
 * @param explored        whether it was a random (exploration) choice
 * @param sizeMultiplier  size multiplier to apply (≤ the action's)
 * @param leverage        leverage to apply (≤ the action's)
 * @param takeProfit      take-profit placement
 * @param stopLoss        stop-loss placement
 * @param marginAmount    margin to commit, in balance currency
 * @param notionalAmount  position value, in balance currency
 * @param riskAmount      loss if the stop is hit, in balance currency
 * @param riskPct         that loss in percent of the balance
 * @param limits          the policy limits applied
 * @param clamped         whether a limit changed the action's size or leverage
 * @param clampReasons    one line per clamp: which limit, the requested and the applied value
 */
public record SizingDecision(SizingAction action, boolean explored, double sizeMultiplier, double leverage,
                             TakeProfitStrategy takeProfit, StopLossStrategy stopLoss, double marginAmount,
                             double notionalAmount, double riskAmount, double riskPct, RiskLimits limits,
                             boolean clamped, List<String> clampReasons) {
    public SizingDecision {
        clampReasons = List.copyOf(clampReasons);
        if (clamped == clampReasons.isEmpty()) throw new IllegalArgumentException("clamped must be true exactly when there are clampReasons");
    }
}
