package dev.clm.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One action of the position-sizing agent: size multiplier × leverage × take-profit × stop-loss
 * (5 × 6 × 3 × 3 = 270 actions). Immutable; {@link #ALL} lists them in a fixed order whose
 * index is the Q-table column.
 */
public record SizingAction(double sizeMultiplier, int leverage, TakeProfitStrategy takeProfit, StopLossStrategy stopLoss) {
    /** Size multipliers of the base position. */
    public static final List<Double> SIZE_MULTIPLIERS = List.of(0.3, 0.5, 0.7, 1.0, 1.5);
    /** Leverage levels. */
    public static final List<Integer> LEVERAGES = List.of(1, 2, 3, 5, 7, 10);
    /** Every action, in Q-table column order. */
    public static final List<SizingAction> ALL = enumerate();

    public SizingAction {
        if (!SIZE_MULTIPLIERS.contains(sizeMultiplier)) {
            throw new IllegalArgumentException("sizeMultiplier must be one of " + SIZE_MULTIPLIERS + ", was " + sizeMultiplier);
        }
        if (!LEVERAGES.contains(leverage)) throw new IllegalArgumentException("leverage must be one of " + LEVERAGES + ", was " + leverage);
        Objects.requireNonNull(takeProfit, "takeProfit must not be null");
        Objects.requireNonNull(stopLoss, "stopLoss must not be null");
    }

    private static List<SizingAction> enumerate() {
        List<SizingAction> all = new ArrayList<>();
        for (double size : SIZE_MULTIPLIERS) {
            for (int leverage : LEVERAGES) {
                for (TakeProfitStrategy tp : TakeProfitStrategy.values()) {
                    for (StopLossStrategy sl : StopLossStrategy.values()) {
                        all.add(new SizingAction(size, leverage, tp, sl));
                    }
                }
            }
        }
        return List.copyOf(all);
    }

    /** Column of this action in the Q-table (its position in {@link #ALL}). */
    public int index() {
        int s = SIZE_MULTIPLIERS.indexOf(sizeMultiplier);
        int l = LEVERAGES.indexOf(leverage);
        int n = StopLossStrategy.values().length;
        return ((s * LEVERAGES.size() + l) * TakeProfitStrategy.values().length + takeProfit.ordinal()) * n + stopLoss.ordinal();
    }

    /** Stable name used in snapshots, for example {@code size=0.5,lev=3,tp=BALANCED,sl=TIGHT}. */
    public String label() {
        return "size=" + sizeMultiplier + ",lev=" + leverage + ",tp=" + takeProfit + ",sl=" + stopLoss;
    }
}
