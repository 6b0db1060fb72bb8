package dev.clm.core;

import dev.clm.api.ClmEvent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.EventTopics;
import dev.clm.api.ModelType;
import dev.clm.api.contract.MutableClock;
import dev.clm.data.SyntheticDataClient;
import dev.clm.events.InProcessEventBus;
import dev.clm.rl.LiquidityLevel;
import dev.clm.rl.MarketRegime;
import dev.clm.rl.MetaState;
import dev.clm.rl.PerformanceLevel;
import dev.clm.rl.RlAgentConfig;
import dev.clm.rl.RlMaintenanceResult;
import dev.clm.rl.RlMetaStrategy;
import dev.clm.rl.RlPositionSizing;
import dev.clm.rl.VolatilityLevel;
import dev.clm.store.InMemoryRlVersionStore;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ContinuousLearningManager keeps the RL agents it is given healthy")
class ContinuousLearningManagerRlTest {
    static final ModelType A = ModelType.of("model_a");

    @Test
    @DisplayName("regime.changed resets the agents; runRlMaintenance snapshots when due")
    void wiresRegimeResetsAndMaintenance() {
        MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
        InProcessEventBus events = new InProcessEventBus(clock);
        InMemoryRlVersionStore store = new InMemoryRlVersionStore();
        RlMetaStrategy meta = RlMetaStrategy.builder().clock(clock).versionStore(store).events(events)
                .config(RlAgentConfig.defaults().toBuilder().snapshotOnUpdate(false).build()).build();
        RlPositionSizing sizing = RlPositionSizing.builder().clock(clock).versionStore(store).events(events).build();
        ContinuousLearningManager m = ContinuousLearningManager.builder().clock(clock).dataClient(SyntheticDataClient.hourly(clock, 7))
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(new ScriptedTrainer(A)).events(events)
                .rlAgents(List.of(meta, sizing)).build();

        MetaState s = new MetaState(MarketRegime.TRENDING, VolatilityLevel.LOW, LiquidityLevel.HIGH, PerformanceLevel.GOOD);
        for (int i = 0; i < 600; i++) meta.update(s, meta.selectStrategy(s), 1.0, s);
        List<RlMaintenanceResult> results = m.runRlMaintenance();
        assertThat(results).extracting(RlMaintenanceResult::agent).containsExactly(RlMetaStrategy.NAME, RlPositionSizing.NAME);
        assertThat(results.get(0).snapshotVersion()).hasValue(1);
        assertThat(results.get(1).snapshotVersion()).isEmpty();
        assertThat(m.runRlMaintenance().get(0).snapshotVersion()).isEmpty();

        events.publish(new ClmEvent.RegimeChanged(clock.instant(), "VOLATILE", "TRENDING"));
        assertThat(meta.version()).isEqualTo(3);
        assertThat(sizing.version()).isEqualTo(2);
        assertThat(meta.epsilon()).isEqualTo(0.5);
        assertThat(store.load(RlMetaStrategy.NAME, 2).orElseThrow().archived()).isTrue();

        // The scheduler's performance check runs the same maintenance.
        for (int i = 0; i < 600; i++) meta.update(s, meta.selectStrategy(s), 1.0, s);
        m.autopilot().operations().checkPerformance();
        assertThat(store.latest(RlMetaStrategy.NAME).orElseThrow().reason()).isEqualTo("periodic");
        assertThat(store.latest(RlMetaStrategy.NAME).orElseThrow().version()).isEqualTo(4);
        m.autopilot().close();

        ContinuousLearningManager without = ContinuousLearningManager.builder().clock(clock).dataClient(SyntheticDataClient.hourly(clock, 7))
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(new ScriptedTrainer(A)).build();
        assertThat(without.rlMaintenance()).isEmpty();
        assertThat(without.runRlMaintenance()).isEmpty();
    }
}
