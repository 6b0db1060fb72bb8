package dev.clm.rl;

import dev.clm.api.EventPublisher;
import dev.clm.api.RlVersionStore;
import dev.clm.events.InProcessEventBus;
import dev.clm.store.InMemoryRlVersionStore;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;

/**
 * Meta-strategy agent: picks the strategy family ({@link StrategyAction}) for the current
 * {@link MetaState} with ε-greedy tabular Q-learning and learns from each closed trade
 * ({@link MetaOutcome#reward()}).
 *
 * <p>Thread-safe: the engine may select and update from several threads; see {@link QLearner}
 * for the locking. Randomness comes from the injected {@link Random} and time from the injected
 * {@link Clock}, so a seeded agent is reproducible (with one thread). Snapshots go to the
 * {@link RlVersionStore} under the name {@value #NAME}.
 */
public final class RlMetaStrategy implements RlAgent {
    public static final String NAME = "meta_strategy";
    private static final StrategyAction[] ACTIONS = StrategyAction.values();

    private final QLearner learner;

    private RlMetaStrategy(Builder b) {
        List<String> actionNames = Arrays.stream(ACTIONS).map(Enum::name).toList();
        Clock clock = b.clock;
        EventPublisher events = b.events != null ? b.events : new InProcessEventBus(clock);
        this.learner = new QLearner(NAME, actionNames, b.config, b.random, clock, b.store, events);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** ε-greedy choice of the strategy for {@code state}. */
    public StrategyAction selectStrategy(MetaState state) {
        return ACTIONS[learner.select(Objects.requireNonNull(state, "state must not be null").key())];
    }

    /** Greedy choice (no exploration, ties to declaration order); empty if the state was never updated. */
    public Optional<StrategyAction> bestStrategy(MetaState state) {
        OptionalInt a = learner.greedy(state.key());
        return a.isPresent() ? Optional.of(ACTIONS[a.getAsInt()]) : Optional.empty();
    }

    /** Q-values of {@code state} per strategy; empty if the state was never updated. */
    public Map<StrategyAction, Double> qValues(MetaState state) {
        Map<StrategyAction, Double> out = new EnumMap<>(StrategyAction.class);
        learner.values(state.key()).ifPresent(q -> {
            for (int i = 0; i < q.length; i++) out.put(ACTIONS[i], q[i]);
        });
        return out;
    }

    /** How often each strategy was updated in {@code state}. */
    public Map<StrategyAction, Long> visits(MetaState state) {
        long[] v = learner.visits(state.key());
        Map<StrategyAction, Long> out = new EnumMap<>(StrategyAction.class);
        for (int i = 0; i < v.length; i++) out.put(ACTIONS[i], v[i]);
        return out;
    }

    /**
     * Learns from a closed trade: reward {@link MetaOutcome#reward()}, bootstrapped from
     * {@code nextState} (the state at the next decision; null ends the episode).
     */
    public void update(MetaState state, StrategyAction action, MetaOutcome outcome, MetaState nextState) {
        Objects.requireNonNull(outcome, "outcome must not be null");
        update(state, action, outcome.reward(), nextState);
    }

    /** Learns from an already computed reward (for engines with their own reward). */
    public void update(MetaState state, StrategyAction action, double reward, MetaState nextState) {
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(action, "action must not be null");
        learner.update(state.key(), action.ordinal(), reward, nextState == null ? null : nextState.key());
    }

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

    /**
     * Builder; defaults: {@link RlAgentConfig#defaults()}, {@code new Random(DEFAULT_SEED)},
     * {@link Clock#systemUTC()}, an {@link InMemoryRlVersionStore}, an {@link InProcessEventBus}.
     */
    public static final class Builder {
        /** Seed of the default {@link Random}. */
        public static final long DEFAULT_SEED = 42L;

        private RlAgentConfig config = RlAgentConfig.defaults();
        private Random random = new Random(DEFAULT_SEED);
        private Clock clock = Clock.systemUTC();
        private RlVersionStore store = new InMemoryRlVersionStore();
        private EventPublisher events;

        private Builder() {}

        public Builder config(RlAgentConfig v) { config = Objects.requireNonNull(v, "config must not be null"); return this; }
        public Builder random(Random v) { random = Objects.requireNonNull(v, "random must not be null"); return this; }
        public Builder seed(long seed) { random = new Random(seed); return this; }
        public Builder clock(Clock v) { clock = Objects.requireNonNull(v, "clock must not be null"); return this; }
        public Builder versionStore(RlVersionStore v) { store = Objects.requireNonNull(v, "versionStore must not be null"); return this; }
        public Builder events(EventPublisher v) { events = Objects.requireNonNull(v, "events must not be null"); return this; }

        public RlMetaStrategy build() {
            return new RlMetaStrategy(this);
        }
    }
}
