package dev.clm.rl;

/**
 * Learning and lifecycle settings of one tabular Q-learning agent. Immutable; build with
 * {@link #builder()}, start from {@link #defaults()} or {@link #toBuilder()}. Setters reject
 * out-of-range values, naming the field, the value and the range.
 */
public final class RlAgentConfig {
    /** Q-learning step size α. */
    public static final double DEFAULT_LEARNING_RATE = 0.1;
    /**
     * Discount γ of the next decision's value. Low because one decision hardly changes the next
     * trade's state: in the meta-strategy replay, γ 0.8–0.9 still had the greedy choice wrong in
     * 2–7 of about 25 well-visited states after 40,000 trades (stale bootstrapped values; measured
     * with a constant step size), γ 0.5 in none.
     */
    public static final double DEFAULT_DISCOUNT = 0.5;
    /** ε of a fresh agent (explore every time). */
    public static final double DEFAULT_INITIAL_EPSILON = 1.0;
    /**
     * ε is multiplied by this after each update: the 0.05 floor is reached after about 600 updates.
     * Slower decays (0.9995, 0.9999) converged no better in the replay tests: the untried actions'
     * zero values already make the greedy choice try them where rewards are negative.
     */
    public static final double DEFAULT_EPSILON_DECAY = 0.995;
    /** ε never decays below this. */
    public static final double DEFAULT_MIN_EPSILON = 0.05;
    /** ε after {@code resetOnRegimeShift}. */
    public static final double DEFAULT_RESET_EPSILON = 0.5;
    /** A periodic snapshot is due after this many updates. */
    public static final int DEFAULT_SNAPSHOT_EVERY_UPDATES = 500;
    /** States not updated during this many updates are pruned. */
    public static final long DEFAULT_PRUNE_AFTER_UPDATES = 50_000;
    /**
     * The update that makes a snapshot due takes it on its own thread (a few milliseconds for a
     * full table); false leaves periodic snapshots to {@code snapshotIfDue} (the maintenance task).
     */
    public static final boolean DEFAULT_SNAPSHOT_ON_UPDATE = true;
    /** A regime reset keeps the learned values (the regime is part of the state) and only raises ε. */
    public static final boolean DEFAULT_CLEAR_TABLE_ON_RESET = false;

    private final double learningRate;
    private final double discount;
    private final double initialEpsilon;
    private final double epsilonDecay;
    private final double minEpsilon;
    private final double resetEpsilon;
    private final int snapshotEveryUpdates;
    private final long pruneAfterUpdates;
    private final boolean clearTableOnReset;
    private final boolean snapshotOnUpdate;

    private RlAgentConfig(Builder b) {
        if (b.minEpsilon > b.initialEpsilon) {
            throw new IllegalArgumentException("minEpsilon (" + b.minEpsilon + ") must not exceed initialEpsilon (" + b.initialEpsilon + ")");
        }
        if (b.minEpsilon > b.resetEpsilon) {
            throw new IllegalArgumentException("minEpsilon (" + b.minEpsilon + ") must not exceed resetEpsilon (" + b.resetEpsilon + ")");
        }
        this.learningRate = b.learningRate;
        this.discount = b.discount;
        this.initialEpsilon = b.initialEpsilon;
        this.epsilonDecay = b.epsilonDecay;
        this.minEpsilon = b.minEpsilon;
        this.resetEpsilon = b.resetEpsilon;
        this.snapshotEveryUpdates = b.snapshotEveryUpdates;
        this.pruneAfterUpdates = b.pruneAfterUpdates;
        this.clearTableOnReset = b.clearTableOnReset;
        this.snapshotOnUpdate = b.snapshotOnUpdate;
    }

    public static RlAgentConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().learningRate(learningRate).discount(discount).initialEpsilon(initialEpsilon)
                .epsilonDecay(epsilonDecay).minEpsilon(minEpsilon).resetEpsilon(resetEpsilon)
                .snapshotEveryUpdates(snapshotEveryUpdates).pruneAfterUpdates(pruneAfterUpdates)
                .clearTableOnReset(clearTableOnReset).snapshotOnUpdate(snapshotOnUpdate);
    }

    public double learningRate() { return learningRate; }
    public double discount() { return discount; }
    public double initialEpsilon() { return initialEpsilon; }
    public double epsilonDecay() { return epsilonDecay; }
    public double minEpsilon() { return minEpsilon; }
    public double resetEpsilon() { return resetEpsilon; }
    public int snapshotEveryUpdates() { return snapshotEveryUpdates; }
    public long pruneAfterUpdates() { return pruneAfterUpdates; }
    public boolean clearTableOnReset() { return clearTableOnReset; }
    public boolean snapshotOnUpdate() { return snapshotOnUpdate; }

    @Override
    public String toString() {
        return "RlAgentConfig{learningRate=" + learningRate + ", discount=" + discount + ", initialEpsilon=" + initialEpsilon
                + ", epsilonDecay=" + epsilonDecay + ", minEpsilon=" + minEpsilon + ", resetEpsilon=" + resetEpsilon
                + ", snapshotEveryUpdates=" + snapshotEveryUpdates + ", pruneAfterUpdates=" + pruneAfterUpdates
                + ", clearTableOnReset=" + clearTableOnReset + ", snapshotOnUpdate=" + snapshotOnUpdate + '}';
    }

    /** Builder of {@link RlAgentConfig}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private double learningRate = DEFAULT_LEARNING_RATE;
        private double discount = DEFAULT_DISCOUNT;
        private double initialEpsilon = DEFAULT_INITIAL_EPSILON;
        private double epsilonDecay = DEFAULT_EPSILON_DECAY;
        private double minEpsilon = DEFAULT_MIN_EPSILON;
        private double resetEpsilon = DEFAULT_RESET_EPSILON;
        private int snapshotEveryUpdates = DEFAULT_SNAPSHOT_EVERY_UPDATES;
        private long pruneAfterUpdates = DEFAULT_PRUNE_AFTER_UPDATES;
        private boolean clearTableOnReset = DEFAULT_CLEAR_TABLE_ON_RESET;
        private boolean snapshotOnUpdate = DEFAULT_SNAPSHOT_ON_UPDATE;

        private Builder() {}

        /** α in (0, 1]; default 0.1. */
        public Builder learningRate(double v) {
            if (!(v > 0.0 && v <= 1.0)) throw new IllegalArgumentException("learningRate must be in (0, 1], was " + v);
            learningRate = v;
            return this;
        }

        /** γ in [0, 1); default 0.5. 0 treats every trade as a one-step episode. */
        public Builder discount(double v) {
            if (!(v >= 0.0 && v < 1.0)) throw new IllegalArgumentException("discount must be in [0, 1), was " + v);
            discount = v;
            return this;
        }

        /** ε of a fresh agent in [0, 1]; default 1.0. */
        public Builder initialEpsilon(double v) {
            initialEpsilon = Inputs.unit(v, "initialEpsilon");
            return this;
        }

        /** Multiplier of ε per update in (0, 1]; default 0.995. */
        public Builder epsilonDecay(double v) {
            if (!(v > 0.0 && v <= 1.0)) throw new IllegalArgumentException("epsilonDecay must be in (0, 1], was " + v);
            epsilonDecay = v;
            return this;
        }

        /** Floor of ε in [0, 1]; default 0.05. */
        public Builder minEpsilon(double v) {
            minEpsilon = Inputs.unit(v, "minEpsilon");
            return this;
        }

        /** ε after a regime reset in [0, 1]; default 0.5. */
        public Builder resetEpsilon(double v) {
            resetEpsilon = Inputs.unit(v, "resetEpsilon");
            return this;
        }

        /** Updates between periodic snapshots, >= 1; default 500. */
        public Builder snapshotEveryUpdates(int v) {
            if (v < 1) throw new IllegalArgumentException("snapshotEveryUpdates must be >= 1, was " + v);
            snapshotEveryUpdates = v;
            return this;
        }

        /** States not updated during this many updates are pruned, >= 1; default 50,000. */
        public Builder pruneAfterUpdates(long v) {
            if (v < 1) throw new IllegalArgumentException("pruneAfterUpdates must be >= 1, was " + v);
            pruneAfterUpdates = v;
            return this;
        }

        /** Whether a regime reset also empties the table; default false (keep values, raise ε). */
        public Builder clearTableOnReset(boolean v) {
            clearTableOnReset = v;
            return this;
        }

        /** Whether the update that makes a snapshot due takes it; default true (see {@link #DEFAULT_SNAPSHOT_ON_UPDATE}). */
        public Builder snapshotOnUpdate(boolean v) {
            snapshotOnUpdate = v;
            return this;
        }

        public RlAgentConfig build() {
            return new RlAgentConfig(this);
        }
    }
}
