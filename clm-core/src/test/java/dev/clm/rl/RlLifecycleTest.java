package dev.clm.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clm.api.ClmEvent;
import dev.clm.api.EventTopics;
import dev.clm.api.RlSnapshot;
import dev.clm.api.RlVersionStore;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.store.InMemoryRlVersionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RL agent lifecycle: snapshots, versions, reset, pruning")
class RlLifecycleTest {
    static final ObjectMapper JSON = new ObjectMapper();

    MutableClock clock;
    InMemoryRlVersionStore store;
    InProcessEventBus bus;
    List<ClmEvent> resets;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-03-01T00:00:00Z");
        store = new InMemoryRlVersionStore();
        bus = new InProcessEventBus(clock);
        resets = new ArrayList<>();
        bus.subscribe(EventTopics.RL_RESET, resets::add);
    }

    RlMetaStrategy meta(RlAgentConfig config) {
        return RlMetaStrategy.builder().config(config).seed(3).clock(clock).versionStore(store).events(bus).build();
    }

    /** Random updates over the whole meta state space, as a busy engine would make. */
    static void train(RlMetaStrategy agent, int updates, long seed) {
        Random rnd = new Random(seed);
        for (int i = 0; i < updates; i++) {
            MetaState s = randomState(rnd);
            agent.update(s, agent.selectStrategy(s), new MetaOutcome(rnd.nextGaussian(), 1 + rnd.nextDouble() * 10, rnd.nextGaussian(),
                    rnd.nextDouble()), randomState(rnd));
        }
    }

    static MetaState randomState(Random rnd) {
        return new MetaState(MarketRegime.values()[rnd.nextInt(4)], VolatilityLevel.values()[rnd.nextInt(4)],
                LiquidityLevel.values()[rnd.nextInt(3)], PerformanceLevel.values()[rnd.nextInt(3)]);
    }

    static Map<MetaState, Map<StrategyAction, Double>> allQ(RlMetaStrategy agent) {
        Map<MetaState, Map<StrategyAction, Double>> out = new HashMap<>();
        for (MarketRegime r : MarketRegime.values())
            for (VolatilityLevel v : VolatilityLevel.values())
                for (LiquidityLevel l : LiquidityLevel.values())
                    for (PerformanceLevel p : PerformanceLevel.values()) {
                        MetaState s = new MetaState(r, v, l, p);
                        Map<StrategyAction, Double> q = agent.qValues(s);
                        if (!q.isEmpty()) out.put(s, q);
                    }
        return out;
    }

    @Nested
    @DisplayName("snapshots")
    class Snapshots {
        @Test
        @DisplayName("a snapshot is taken every 500 updates by default, as JSON with version, created_at, q_table and metadata")
        void periodicSnapshotsEvery500Updates() throws Exception {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults());
            train(agent, 1_499, 1);
            assertThat(store.list(RlMetaStrategy.NAME)).extracting(RlSnapshot::version).containsExactly(1, 2);
            train(agent, 1, 2);
            List<RlSnapshot> versions = store.list(RlMetaStrategy.NAME);
            assertThat(versions).extracting(RlSnapshot::version).containsExactly(1, 2, 3);
            assertThat(versions).allSatisfy(v -> assertThat(v.reason()).isEqualTo("periodic"));
            assertThat(agent.version()).isEqualTo(3);
            assertThat(agent.snapshotDue()).isFalse();

            JsonNode doc = JSON.readTree(versions.get(1).json());
            assertThat(doc.get("version").asInt()).isEqualTo(2);
            assertThat(Instant.parse(doc.get("created_at").asText())).isEqualTo(clock.instant());
            assertThat(doc.get("metadata").get("total_updates").asLong()).isEqualTo(1_000);
            assertThat(doc.get("metadata").get("learning_rate").asDouble()).isEqualTo(RlAgentConfig.DEFAULT_LEARNING_RATE);
            assertThat(doc.get("metadata").get("epsilon").asDouble())
                    .isCloseTo(Math.max(0.05, Math.pow(0.995, 1_000)), within(1e-12));
            assertThat(doc.get("q_table").size()).isPositive();
            assertThat(doc.get("q_table").fields().next().getValue().size()).isEqualTo(StrategyAction.values().length);
        }

        @Test
        @DisplayName("snapshot -> load restores identical Q-values, epsilon, learning rate and update count")
        void roundTripRestoresIdenticalValues() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults().toBuilder().snapshotOnUpdate(false).build());
            train(agent, 3_000, 4);
            Map<MetaState, Map<StrategyAction, Double>> q = allQ(agent);
            double epsilon = agent.epsilon();
            int v = agent.snapshot("manual");

            train(agent, 2_000, 5);
            assertThat(allQ(agent)).isNotEqualTo(q);

            agent.loadVersion(v);
            assertThat(allQ(agent)).isEqualTo(q);
            assertThat(agent.epsilon()).isEqualTo(epsilon);
            assertThat(agent.totalUpdates()).isEqualTo(3_000);
            assertThat(agent.learningRate()).isEqualTo(RlAgentConfig.DEFAULT_LEARNING_RATE);
            assertThat(agent.version()).isEqualTo(v);
        }

        @Test
        @DisplayName("a restarted agent restores the latest version from the store")
        void restartRestoresLatest() {
            RlMetaStrategy first = meta(RlAgentConfig.defaults());
            train(first, 1_000, 6);
            Map<MetaState, Map<StrategyAction, Double>> q = allQ(first);

            RlMetaStrategy restarted = meta(RlAgentConfig.defaults());
            assertThat(restarted.restoreLatest()).isTrue();
            assertThat(restarted.version()).isEqualTo(2);
            assertThat(allQ(restarted)).isEqualTo(q);
            assertThat(restarted.epsilon()).isEqualTo(first.epsilon());
            assertThat(meta(RlAgentConfig.defaults()).version()).isZero();
            assertThat(RlMetaStrategy.builder().build().restoreLatest()).as("empty store").isFalse();
        }

        @Test
        @DisplayName("the sizing agent's 270-action table round-trips too")
        void sizingRoundTrip() {
            RlPositionSizing agent = RlPositionSizing.builder().seed(8).clock(clock).versionStore(store).events(bus).build();
            List<SizingMarketSim.Step> steps = SizingMarketSim.generate(8, 2_000);
            SizingMarketSim.replay(steps, s -> agent.getSizingDecision(s, 1_000).action(), agent);
            int v = agent.snapshot("manual");
            SizingState probe = SizingMarketSim.state(steps.get(0), 0.5);
            Map<SizingAction, Optional<Double>> before = new HashMap<>();
            SizingAction.ALL.forEach(a -> before.put(a, agent.qValue(probe, a)));
            double epsilon = agent.epsilon();

            SizingMarketSim.replay(SizingMarketSim.generate(9, 500), s -> agent.getSizingDecision(s, 1_000).action(), agent);
            agent.loadVersion(v);
            SizingAction.ALL.forEach(a -> assertThat(agent.qValue(probe, a)).isEqualTo(before.get(a)));
            assertThat(agent.epsilon()).isEqualTo(epsilon);
        }

        @Test
        @DisplayName("maintenance takes due snapshots when updates do not")
        void snapshotIfDue() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults().toBuilder().snapshotOnUpdate(false).build());
            train(agent, 1_200, 7);
            assertThat(store.list(RlMetaStrategy.NAME)).isEmpty();
            assertThat(agent.snapshotDue()).isTrue();
            assertThat(agent.snapshotIfDue()).hasValue(1);
            assertThat(agent.snapshotIfDue()).isEmpty();
        }

        @Test
        @DisplayName("numbering continues after the highest version, also after loading an older one")
        void numberingAfterLoad() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults());
            train(agent, 1_500, 8);
            agent.loadVersion(1);
            assertThat(agent.snapshot("after rollback")).isEqualTo(4);
        }

        @Test
        @DisplayName("a failing store never fails an update; the failure is counted")
        void failingStoreDoesNotFailUpdates() {
            RlVersionStore broken = new InMemoryRlVersionStore();
            RlVersionStore failing = new RlVersionStore() {
                @Override public void save(RlSnapshot snapshot) { throw new IllegalStateException("disk full"); }
                @Override public Optional<RlSnapshot> load(String agent, int version) { return broken.load(agent, version); }
                @Override public Optional<RlSnapshot> latest(String agent) { return broken.latest(agent); }
                @Override public List<RlSnapshot> list(String agent) { return broken.list(agent); }
                @Override public void archive(String agent, int version) { broken.archive(agent, version); }
            };
            RlMetaStrategy agent = RlMetaStrategy.builder().seed(1).clock(clock).versionStore(failing).events(bus).build();
            train(agent, 1_200, 9);
            assertThat(agent.totalUpdates()).isEqualTo(1_200);
            assertThat(agent.snapshotFailures()).isEqualTo(2);
            assertThat(agent.version()).isZero();
            assertThatThrownBy(() -> agent.snapshot("manual")).hasMessageContaining("disk full");
        }
    }

    @Nested
    @DisplayName("loading bad versions")
    class BadVersions {
        @Test
        @DisplayName("an unknown version is refused with its number, and the live table is unchanged")
        void unknownVersion() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults());
            train(agent, 100, 10);
            Map<MetaState, Map<StrategyAction, Double>> q = allQ(agent);
            assertThatThrownBy(() -> agent.loadVersion(7)).isInstanceOf(RlVersionException.class)
                    .hasMessageContaining("meta_strategy").hasMessageContaining("version 7");
            assertThat(allQ(agent)).isEqualTo(q);
        }

        @Test
        @DisplayName("another agent's snapshot or malformed JSON is refused, naming the problem")
        void foreignOrMalformed() {
            RlPositionSizing sizing = RlPositionSizing.builder().clock(clock).versionStore(store).events(bus).build();
            sizing.update(sizing.state(MarketRegime.TRENDING, 0.6, 0, VolatilityLevel.LOW), SizingAction.ALL.get(0),
                    new SizingOutcome(1, 1, 0.1, false, false), null);
            sizing.snapshot("manual");
            String sizingJson = store.load(RlPositionSizing.NAME, 1).orElseThrow().json();
            store.save(new RlSnapshot(RlMetaStrategy.NAME, 1, clock.instant(), sizingJson.replace("position_sizing", "meta_strategy"),
                    false, "forged"));
            store.save(new RlSnapshot(RlMetaStrategy.NAME, 2, clock.instant(), "{not json", false, "broken"));
            store.save(new RlSnapshot(RlMetaStrategy.NAME, 3, clock.instant(), sizingJson, false, "other agent"));

            RlMetaStrategy agent = meta(RlAgentConfig.defaults());
            assertThatThrownBy(() -> agent.loadVersion(1)).isInstanceOf(RlVersionException.class).hasMessageContaining("actions");
            assertThatThrownBy(() -> agent.loadVersion(2)).isInstanceOf(RlVersionException.class).hasMessageContaining("not valid JSON");
            assertThatThrownBy(() -> agent.loadVersion(3)).isInstanceOf(RlVersionException.class)
                    .hasMessageContaining("belongs to agent 'position_sizing'");
            assertThat(agent.version()).isZero();
        }
    }

    @Nested
    @DisplayName("reset on regime shift")
    class Reset {
        @Test
        @DisplayName("archives the current table, increments the version, resets epsilon to 0.5 and publishes learning.rl.reset")
        void resetArchivesAndIncrements() throws Exception {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults());
            train(agent, 700, 11);
            assertThat(agent.version()).isEqualTo(1);
            Map<MetaState, Map<StrategyAction, Double>> q = allQ(agent);
            clock.advance(Duration.ofHours(1));

            ResetResult r = agent.resetOnRegimeShift("TRENDING -> VOLATILE");

            assertThat(r.archivedVersion()).isEqualTo(2);
            assertThat(r.newVersion()).isEqualTo(3);
            assertThat(agent.version()).isEqualTo(3);
            assertThat(agent.epsilon()).isEqualTo(0.5);
            RlSnapshot archived = store.load(RlMetaStrategy.NAME, 2).orElseThrow();
            assertThat(archived.archived()).isTrue();
            assertThat(JSON.readTree(archived.json()).get("metadata").get("total_updates").asLong()).isEqualTo(700);
            RlSnapshot fresh = store.load(RlMetaStrategy.NAME, 3).orElseThrow();
            assertThat(fresh.archived()).isFalse();
            assertThat(JSON.readTree(fresh.json()).get("metadata").get("epsilon").asDouble()).isEqualTo(0.5);
            assertThat(allQ(agent)).as("values are kept by default").isEqualTo(q);

            assertThat(resets).singleElement().satisfies(e -> assertThat(e.payload()).containsEntry("agent", "meta_strategy")
                    .containsEntry("archivedVersion", 2).containsEntry("newVersion", 3).containsEntry("reason", "TRENDING -> VOLATILE"));

            // The archived table is the pre-reset one: loading it restores the old epsilon.
            double oldEpsilon = JSON.readTree(archived.json()).get("metadata").get("epsilon").asDouble();
            agent.loadVersion(2);
            assertThat(agent.epsilon()).isEqualTo(oldEpsilon).isLessThan(0.5);
            assertThat(allQ(agent)).isEqualTo(q);
        }

        @Test
        @DisplayName("a reset whose archive cannot be written fails and leaves the live agent as it was")
        void failedResetChangesNothing() {
            InMemoryRlVersionStore backing = new InMemoryRlVersionStore();
            RlVersionStore failing = new RlVersionStore() {
                @Override public void save(RlSnapshot snapshot) { throw new IllegalStateException("database down"); }
                @Override public Optional<RlSnapshot> load(String agent, int version) { return backing.load(agent, version); }
                @Override public Optional<RlSnapshot> latest(String agent) { return backing.latest(agent); }
                @Override public List<RlSnapshot> list(String agent) { return backing.list(agent); }
                @Override public void archive(String agent, int version) { backing.archive(agent, version); }
            };
            RlMetaStrategy agent = RlMetaStrategy.builder().seed(1).clock(clock).versionStore(failing).events(bus)
                    .config(RlAgentConfig.defaults().toBuilder().snapshotOnUpdate(false).clearTableOnReset(true).build()).build();
            train(agent, 300, 15);
            Map<MetaState, Map<StrategyAction, Double>> q = allQ(agent);
            double epsilon = agent.epsilon();
            assertThatThrownBy(() -> agent.resetOnRegimeShift("shift")).hasMessageContaining("database down");
            assertThat(agent.epsilon()).isEqualTo(epsilon);
            assertThat(allQ(agent)).isEqualTo(q);
            assertThat(agent.version()).isZero();
            assertThat(resets).isEmpty();
        }

        @Test
        @DisplayName("with clearTableOnReset the new version starts empty")
        void clearOnReset() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults().toBuilder().clearTableOnReset(true).resetEpsilon(0.3).build());
            train(agent, 300, 12);
            assertThat(agent.stateCount()).isPositive();
            ResetResult r = agent.resetOnRegimeShift("shift");
            assertThat(agent.stateCount()).isZero();
            assertThat(agent.epsilon()).isEqualTo(0.3);
            assertThat(r.archivedVersion()).isEqualTo(1);
            assertThat(r.newVersion()).isEqualTo(2);
            agent.loadVersion(1);
            assertThat(agent.stateCount()).isPositive();
        }
    }

    @Nested
    @DisplayName("learning")
    class Learning {
        @Test
        @DisplayName("epsilon decays per update to its floor")
        void epsilonDecay() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults());
            train(agent, 100, 13);
            assertThat(agent.epsilon()).isCloseTo(Math.pow(0.995, 100), within(1e-12));
            train(agent, 1_000, 14);
            assertThat(agent.epsilon()).isEqualTo(0.05);
        }

        @Test
        @DisplayName("the Q-learning step: first visit takes the target, later visits move by alpha towards r + gamma max Q(s')")
        void qLearningStep() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults().toBuilder().learningRate(0.1).discount(0.5).build());
            MetaState s = new MetaState(MarketRegime.TRENDING, VolatilityLevel.LOW, LiquidityLevel.HIGH, PerformanceLevel.GOOD);
            MetaState next = new MetaState(MarketRegime.RANGING, VolatilityLevel.LOW, LiquidityLevel.HIGH, PerformanceLevel.GOOD);
            agent.update(next, StrategyAction.RANGE_BOUND, 4.0, null);
            assertThat(agent.qValues(next)).containsEntry(StrategyAction.RANGE_BOUND, 4.0);
            agent.update(s, StrategyAction.TREND_FOLLOW, 1.0, next);
            assertThat(agent.qValues(s)).containsEntry(StrategyAction.TREND_FOLLOW, 3.0); // 1 + 0.5 * 4
            for (int n = 2; n <= 10; n++) agent.update(s, StrategyAction.TREND_FOLLOW, 3.0, null); // average while n <= 1/alpha
            assertThat(agent.qValues(s).get(StrategyAction.TREND_FOLLOW)).isCloseTo(3.0, within(1e-12));
            agent.update(s, StrategyAction.TREND_FOLLOW, 13.0, null);
            assertThat(agent.qValues(s).get(StrategyAction.TREND_FOLLOW)).isCloseTo(3.0 + 0.1 * 10.0, within(1e-12));
            assertThat(agent.bestStrategy(s)).contains(StrategyAction.TREND_FOLLOW);
            assertThat(agent.bestStrategy(randomState(new Random(1)))).isEmpty();
        }

        @Test
        @DisplayName("the same seed gives the same choices")
        void deterministicWithSeed() {
            RlMetaStrategy a = meta(RlAgentConfig.defaults());
            RlMetaStrategy b = RlMetaStrategy.builder().seed(3).clock(clock).build();
            Random rnd = new Random(2);
            for (int i = 0; i < 2_000; i++) {
                MetaState s = randomState(rnd);
                StrategyAction x = a.selectStrategy(s);
                assertThat(b.selectStrategy(s)).isEqualTo(x);
                double reward = rnd.nextGaussian();
                a.update(s, x, reward, null);
                b.update(s, x, reward, null);
            }
        }

        @Test
        @DisplayName("states not updated for pruneAfterUpdates updates are pruned")
        void pruning() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults().toBuilder().pruneAfterUpdates(100).build());
            MetaState stale = new MetaState(MarketRegime.CHOPPY, VolatilityLevel.HIGH, LiquidityLevel.LOW, PerformanceLevel.POOR);
            MetaState live = new MetaState(MarketRegime.TRENDING, VolatilityLevel.LOW, LiquidityLevel.HIGH, PerformanceLevel.GOOD);
            agent.update(stale, StrategyAction.DEFENSIVE, 1.0, null);
            for (int i = 0; i < 99; i++) agent.update(live, StrategyAction.TREND_FOLLOW, 1.0, null);
            assertThat(agent.prune()).as("99 updates since the stale state's").isZero();
            agent.update(live, StrategyAction.TREND_FOLLOW, 1.0, null);
            assertThat(agent.prune()).isEqualTo(1);
            assertThat(agent.qValues(stale)).isEmpty();
            assertThat(agent.qValues(live)).isNotEmpty();
            assertThat(agent.stateCount()).isEqualTo(1);
        }

        @Test
        @DisplayName("bad input is refused, naming the field")
        void badInput() {
            RlMetaStrategy agent = meta(RlAgentConfig.defaults());
            MetaState s = randomState(new Random(1));
            assertThatThrownBy(() -> agent.update(s, StrategyAction.BREAKOUT, Double.NaN, null)).hasMessageContaining("reward");
            assertThatThrownBy(() -> new MetaOutcome(1, -1, 0, 0.5)).hasMessageContaining("holdingHours");
            assertThatThrownBy(() -> new MetaOutcome(1, 1, 0, 1.5)).hasMessageContaining("winrate");
            assertThatThrownBy(() -> RlAgentConfig.builder().learningRate(0)).hasMessageContaining("learningRate");
            assertThatThrownBy(() -> RlAgentConfig.builder().initialEpsilon(0.01).build()).hasMessageContaining("minEpsilon");
            assertThatThrownBy(() -> RlAgentConfig.builder().snapshotEveryUpdates(0)).hasMessageContaining("snapshotEveryUpdates");
        }
    }
}
