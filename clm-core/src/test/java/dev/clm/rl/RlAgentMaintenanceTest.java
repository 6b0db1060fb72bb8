package dev.clm.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventTopics;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.store.InMemoryRlVersionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RlAgentMaintenance wires regime changes and periodic maintenance to the agents")
class RlAgentMaintenanceTest {
    MutableClock clock;
    InMemoryRlVersionStore store;
    InProcessEventBus bus;
    RlMetaStrategy meta;
    RlPositionSizing sizing;
    List<ClmEvent> resets;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-03-01T00:00:00Z");
        store = new InMemoryRlVersionStore();
        bus = new InProcessEventBus(clock);
        RlAgentConfig manual = RlAgentConfig.defaults().toBuilder().snapshotOnUpdate(false).pruneAfterUpdates(1_000).build();
        meta = RlMetaStrategy.builder().config(manual).clock(clock).versionStore(store).events(bus).build();
        sizing = RlPositionSizing.builder().config(manual).clock(clock).versionStore(store).events(bus).build();
        resets = new ArrayList<>();
        bus.subscribe(EventTopics.RL_RESET, resets::add);
    }

    static void regimeChanged(InProcessEventBus bus, String previous, String regime) {
        bus.publish(new ClmEvent.RegimeChanged(bus.clock().instant(), regime, previous));
    }

    @Test
    @DisplayName("regime.changed resets every agent; an unchanged regime does not; close() stops listening")
    void regimeChangeResets() {
        try (RlAgentMaintenance m = new RlAgentMaintenance(List.of(meta, sizing), bus, clock).start()) {
            m.start();
            regimeChanged(bus, "TRENDING", "VOLATILE");
            assertThat(meta.version()).isEqualTo(2);
            assertThat(sizing.version()).isEqualTo(2);
            assertThat(meta.epsilon()).isEqualTo(0.5);
            assertThat(resets).extracting(e -> e.payload().get("agent")).containsExactly("meta_strategy", "position_sizing");
            assertThat(resets.get(0).payload().get("reason")).isEqualTo("regime changed: TRENDING -> VOLATILE");

            regimeChanged(bus, "VOLATILE", "VOLATILE");
            assertThat(resets).hasSize(2);
        }
        regimeChanged(bus, "VOLATILE", "RANGING");
        assertThat(resets).hasSize(2);
    }

    @Test
    @DisplayName("resets closer together than minResetInterval are skipped")
    void cooldown() {
        RlAgentMaintenance m = new RlAgentMaintenance(List.of(meta), bus, clock, Duration.ofHours(1)).start();
        regimeChanged(bus, "TRENDING", "CHOPPY");
        clock.advance(Duration.ofMinutes(30));
        regimeChanged(bus, "CHOPPY", "TRENDING");
        assertThat(resets).hasSize(1);
        clock.advance(Duration.ofMinutes(30));
        regimeChanged(bus, "TRENDING", "CHOPPY");
        assertThat(resets).hasSize(2);
        m.close();
    }

    @Test
    @DisplayName("runMaintenance takes due snapshots and prunes stale states")
    void maintenancePass() {
        RlAgentMaintenance m = new RlAgentMaintenance(List.of(meta, sizing), bus, clock);
        MetaState stale = new MetaState(MarketRegime.CHOPPY, VolatilityLevel.HIGH, LiquidityLevel.LOW, PerformanceLevel.POOR);
        MetaState live = new MetaState(MarketRegime.TRENDING, VolatilityLevel.LOW, LiquidityLevel.HIGH, PerformanceLevel.GOOD);
        meta.update(stale, StrategyAction.DEFENSIVE, 1.0, null);
        for (int i = 0; i < 1_200; i++) meta.update(live, meta.selectStrategy(live), 1.0, live);

        List<RlMaintenanceResult> results = m.runMaintenance();

        assertThat(results).extracting(RlMaintenanceResult::agent).containsExactly("meta_strategy", "position_sizing");
        assertThat(results.get(0).snapshotVersion()).hasValue(1);
        assertThat(results.get(1).snapshotVersion()).isEmpty();
        assertThat(results.get(0).prunedStates()).isEqualTo(1);
        assertThat(meta.qValues(stale)).isEmpty();
        assertThat(meta.qValues(live)).isNotEmpty();
        assertThat(m.runMaintenance().get(0).snapshotVersion()).isEmpty();
    }

    @Test
    @DisplayName("restoreAll loads each agent's latest version after a restart")
    void restoreAll() {
        RlLifecycleTest.train(meta, 600, 5);
        meta.snapshot("before restart");
        RlMetaStrategy restartedMeta = RlMetaStrategy.builder().clock(clock).versionStore(store).events(bus).build();
        RlPositionSizing restartedSizing = RlPositionSizing.builder().clock(clock).versionStore(store).events(bus).build();
        RlAgentMaintenance m = new RlAgentMaintenance(List.of(restartedMeta, restartedSizing), bus, clock);
        assertThat(m.restoreAll()).containsExactly("meta_strategy");
        assertThat(restartedMeta.totalUpdates()).isEqualTo(600);
        assertThat(restartedMeta.epsilon()).isEqualTo(meta.epsilon());
    }

    @Test
    @DisplayName("one failing agent never stops the others")
    void failingAgentIsolated() {
        RlAgent broken = new RlAgent() {
            @Override public String name() { return "broken"; }
            @Override public int version() { return 0; }
            @Override public long totalUpdates() { return 0; }
            @Override public double epsilon() { return 0; }
            @Override public int stateCount() { return 0; }
            @Override public boolean snapshotDue() { return true; }
            @Override public OptionalInt snapshotIfDue() { throw new IllegalStateException("store down"); }
            @Override public int snapshot(String reason) { throw new IllegalStateException("store down"); }
            @Override public void loadVersion(int version) { throw new IllegalStateException("store down"); }
            @Override public boolean restoreLatest() { return false; }
            @Override public ResetResult resetOnRegimeShift(String reason) { throw new IllegalStateException("store down"); }
            @Override public int prune() { return 0; }
        };
        RlAgentMaintenance m = new RlAgentMaintenance(List.of(broken, meta), bus, clock).start();
        RlLifecycleTest.train(meta, 600, new Random(4).nextLong());
        List<RlMaintenanceResult> results = m.runMaintenance();
        assertThat(results.get(0).failure()).hasValue("store down");
        assertThat(results.get(1).snapshotVersion()).hasValue(1);

        regimeChanged(bus, "RANGING", "TRENDING");
        assertThat(resets).singleElement().satisfies(e -> assertThat(e.payload()).containsEntry("agent", "meta_strategy"));
    }
}
