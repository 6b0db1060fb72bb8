package dev.clm.rl;

import dev.clm.api.EventPublisher;
import dev.clm.api.PolicyStore;
import dev.clm.api.RiskLimits;
import dev.clm.api.RlVersionStore;
import dev.clm.events.InProcessEventBus;
import dev.clm.policy.InMemoryPolicyStore;
import dev.clm.store.InMemoryRlVersionStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Position-sizing agent: picks size multiplier × leverage × take-profit × stop-loss
 * ({@link SizingAction}, 270 actions) for a {@link SizingState} with ε-greedy tabular
 * Q-learning, learns from each closed trade ({@link SizingOutcome#reward()}), and never lets a
 * decision exceed the live {@link PolicyStore#riskLimits()} (see {@link SizingDecision}).
 *
 * <p>It keeps the winrate of the last 20 trades it learned from ({@link #recentWinrate()}),
 * which {@link #state} puts into the state. Thread-safe; randomness and time are injected.
 * Snapshots go to the {@link RlVersionStore} under the name {@value #NAME}.
 */
public final class RlPositionSizing implements RlAgent {
    public static final String NAME = "position_sizing";
    /** Margin of a size-1.0 position, in percent of the balance. */
    public static final double DEFAULT_BASE_POSITION_PCT = 10.0;
    // Clamp only when a limit is exceeded by more than rounding noise.
    private static final double TOLERANCE = 1e-9;

    private final QLearner learner;
    private volatile PolicyStore policy;
    /** Null when the builder was given no store: the manager's is used once {@link #usePolicyStore} is called. */
    private final PolicyStore ownPolicy;
    private final double basePositionPct;
    private final RollingWinrate winrate = new RollingWinrate(RollingWinrate.DEFAULT_WINDOW);

    private RlPositionSizing(Builder b) {
        List<String> actionNames = SizingAction.ALL.stream().map(SizingAction::label).toList();
        EventPublisher events = b.events != null ? b.events : new InProcessEventBus(b.clock);
        this.learner = new QLearner(NAME, actionNames, b.config, b.random, b.clock, b.store, events);
        this.ownPolicy = b.policy;
        this.policy = b.policy != null ? b.policy : new InMemoryPolicyStore();
        this.basePositionPct = b.basePositionPct;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A state with this agent's own winrate over its last 20 trades. */
    public SizingState state(MarketRegime regime, double confidence, double exposurePct, VolatilityLevel volatility) {
        return new SizingState(regime, confidence, exposurePct, winrate.winrate(), volatility);
    }

    /** Winrate of the last 20 trades this agent learned from (0.5 before the first). */
    public double recentWinrate() {
        return winrate.winrate();
    }

    /**
     * ε-greedy sizing for {@code state}, clamped to the policy's current limits.
     *
     * @param balance account balance in its currency, finite and > 0
     */
    public SizingDecision getSizingDecision(SizingState state, double balance) {
        Objects.requireNonNull(state, "state must not be null");
        if (!(balance > 0.0) || Double.isInfinite(balance)) throw new IllegalArgumentException("balance must be finite and > 0, was " + balance);
        RiskLimits limits = policy.riskLimits();
        QLearner.Choice choice = learner.choose(state.key());
        return clamp(SizingAction.ALL.get(choice.action()), choice.explored(), balance, limits);
    }

    /** Greedy action (no exploration, no clamp); empty if the state was never updated. */
    public Optional<SizingAction> greedyAction(SizingState state) {
        OptionalInt a = learner.greedy(state.key());
        return a.isPresent() ? Optional.of(SizingAction.ALL.get(a.getAsInt())) : Optional.empty();
    }

    /** Q-value of {@code action} in {@code state}; empty if the state was never updated. */
    public Optional<Double> qValue(SizingState state, SizingAction action) {
        return learner.values(state.key()).map(q -> q[action.index()]);
    }

    /** How many updates {@code state} received (all actions). */
    public long visits(SizingState state) {
        long total = 0;
        for (long v : learner.visits(state.key())) total += v;
        return total;
    }

    /** Applies the policy limits to {@code action}: leverage first, then size for the risk limit. */
    SizingDecision clamp(SizingAction action, boolean explored, double balance, RiskLimits limits) {
        List<String> reasons = new ArrayList<>(2);
        double leverage = action.leverage();
        if (leverage > limits.maxLeverage() + TOLERANCE) {
            // Concatenation rather than String.format: this runs on the engine's thread for every clamped decision.
            reasons.add("leverage " + action.leverage() + " above max " + limits.maxLeverage() + " of mode '" + limits.mode()
                    + "': applied " + limits.maxLeverage());
            leverage = limits.maxLeverage();
        }
        double size = action.sizeMultiplier();
        double sl = action.stopLoss().distancePct();
        double riskPct = basePositionPct * size * leverage * sl / 100.0;
        if (riskPct > limits.maxRiskPerTradePct() + TOLERANCE) {
            double clampedSize = limits.maxRiskPerTradePct() * 100.0 / (basePositionPct * leverage * sl);
            reasons.add("risk " + riskPct + "% of balance above max " + limits.maxRiskPerTradePct() + "% of mode '" + limits.mode()
                    + "': size multiplier " + size + " reduced to " + clampedSize);
            size = clampedSize;
            riskPct = basePositionPct * size * leverage * sl / 100.0;
        }
        double margin = balance * basePositionPct / 100.0 * size;
        double notional = margin * leverage;
        double risk = notional * sl / 100.0;
        return new SizingDecision(action, explored, size, leverage, action.takeProfit(), action.stopLoss(), margin, notional, risk,
                riskPct, limits, !reasons.isEmpty(), reasons);
    }

    /**
     * Learns from a closed trade: reward {@link SizingOutcome#reward()} for the action the
     * decision carried ({@link SizingDecision#action()}), bootstrapped from {@code nextState}
     * (null ends the episode); records the trade in the recent winrate.
     */
    public void update(SizingState state, SizingAction action, SizingOutcome outcome, SizingState nextState) {
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(action, "action must not be null");
        Objects.requireNonNull(outcome, "outcome must not be null");
        learner.update(state.key(), action.index(), outcome.reward(), nextState == null ? null : nextState.key());
        winrate.record(outcome.won());
    }

    public double basePositionPct() { return basePositionPct; }

    public RlAgentConfig config() { return learner.config(); }

    public double learningRate() { return learner.learningRate(); }

    /** Periodic snapshots that failed (the store threw); learning went on. */
    public long snapshotFailures() { return learner.snapshotFailures(); }

    @Override public String name() { return NAME; }
    @Override public int version() { return learner.version(); }
    @Override public long totalUpdates() { return learner.totalUpdates(); }
    @Override public double epsilon() { return learner.epsilon(); }
    @Override public int stateCount() { return learner.stateCount(); }
    @Override public boolean snapshotDue() { return learner.snapshotDue(); }
    @Override public OptionalInt snapshotIfDue() { return learner.snapshotIfDue(); }
    @Override public int snapshot(String reason) { return learner.snapshot(reason); }
    @Override public void loadVersion(int version) { learner.loadVersion(version); }
    @Override public boolean restoreLatest() { return learner.restoreLatest(); }
    @Override public ResetResult resetOnRegimeShift(String reason) { return learner.resetOnRegimeShift(reason); }
    @Override public int prune() { return learner.prune(); }
    @Override public Optional<PolicyStore> ownPolicyStore() { return Optional.ofNullable(ownPolicy); }

    @Override
    public void usePolicyStore(PolicyStore store) {
        Objects.requireNonNull(store, "store");
        if (ownPolicy != null && ownPolicy != store) {
            throw new IllegalArgumentException("this " + NAME + " agent was built with its own policyStore, not the manager's;"
                    + " give the same store to both builders, or to the manager's only");
        }
        policy = store;
    }

    /** The store the risk limits are read from. */
    public PolicyStore policyStore() { return policy; }

    /**
     * Builder; defaults: {@link RlAgentConfig#defaults()}, {@code new Random(DEFAULT_SEED)},
     * {@link Clock#systemUTC()}, an {@link InMemoryRlVersionStore}, an {@link InProcessEventBus},
     * the policy store of the manager it is given to (else an {@link InMemoryPolicyStore}), base position 10% of the balance.
     */
    public static final class Builder {
        /** Seed of the default {@link Random}. */
        public static final long DEFAULT_SEED = 42L;

        private RlAgentConfig config = RlAgentConfig.defaults();
        private Random random = new Random(DEFAULT_SEED);
        private Clock clock = Clock.systemUTC();
        private RlVersionStore store = new InMemoryRlVersionStore();
        private EventPublisher events;
        private PolicyStore policy;
        private double basePositionPct = DEFAULT_BASE_POSITION_PCT;

        private Builder() {}

        public Builder config(RlAgentConfig v) { config = Objects.requireNonNull(v, "config must not be null"); return this; }
        public Builder random(Random v) { random = Objects.requireNonNull(v, "random must not be null"); return this; }
        public Builder seed(long seed) { random = new Random(seed); return this; }
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v, "clock must not be null"); return this; }
        public Builder versionStore(RlVersionStore v) { store = Objects.requireNonNull(v, "versionStore must not be null"); return this; }
        public Builder events(EventPublisher v) { events = Objects.requireNonNull(v, "events must not be null"); return this; }
        public Builder policyStore(PolicyStore v) { policy = Objects.requireNonNull(v, "policyStore must not be null"); return this; }

        /** Margin of a size-1.0 position in percent of the balance, in (0, 100]; default 10. */
        public Builder basePositionPct(double v) {
            if (!(v > 0.0 && v <= 100.0)) throw new IllegalArgumentException("basePositionPct must be in (0, 100], was " + v);
            basePositionPct = v;
            return this;
        }

        public RlPositionSizing build() {
            return new RlPositionSizing(this);
        }
    }
}
