package dev.clm.rl;

/**
 * Stop-loss placement the sizing agent picks; {@link #distancePct()} is the adverse move to
 * the stop, in percent of entry price. It sets the risk of a trade (see {@link SizingDecision}).
 */
public enum StopLossStrategy {
    TIGHT(0.5), MEDIUM(1.0), WIDE(2.0);

    private final double distancePct;

    StopLossStrategy(double distancePct) {
        this.distancePct = distancePct;
    }

    /** Distance from entry to the stop, in percent of the entry price. */
    public double distancePct() {
        return distancePct;
    }
}
