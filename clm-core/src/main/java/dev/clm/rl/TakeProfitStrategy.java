package dev.clm.rl;

/** Take-profit placement the sizing agent picks; {@link #distancePct()} is the move to the target, in percent of entry price. */
public enum TakeProfitStrategy {
    CONSERVATIVE(1.0), BALANCED(2.0), AGGRESSIVE(4.0);

    private final double distancePct;

    TakeProfitStrategy(double distancePct) {
        this.distancePct = distancePct;
    }

    /** Distance from entry to the take-profit, in percent of the entry price. */
    public double distancePct() {
        return distancePct;
    }
}
