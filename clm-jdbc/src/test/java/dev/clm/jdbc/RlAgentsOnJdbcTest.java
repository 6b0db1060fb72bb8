package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.RlSnapshot;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.rl.LiquidityLevel;
import dev.clm.rl.MarketRegime;
import dev.clm.rl.MetaOutcome;
import dev.clm.rl.MetaState;
import dev.clm.rl.PerformanceLevel;
import dev.clm.rl.RlMetaStrategy;
import dev.clm.rl.RlPositionSizing;
import dev.clm.rl.SizingDecision;
import dev.clm.rl.SizingOutcome;
import dev.clm.rl.SizingState;
import dev.clm.rl.StrategyAction;
import dev.clm.rl.VolatilityLevel;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RL agents version their Q-tables in rl_versions (H2)")
class RlAgentsOnJdbcTest {
    @Test
    @DisplayName("periodic snapshots, regime reset with archive, and a restart restoring identical values")
    void lifecycleOnJdbc() throws Exception {
        MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
        try (TestDb db = TestDb.h2Memory(); ClmDatabase clm = db.open(clock)) {
            InProcessEventBus bus = new InProcessEventBus(clock);
            RlMetaStrategy meta = RlMetaStrategy.builder().seed(1).clock(clock).versionStore(clm.rlVersions()).events(bus).build();
            RlPositionSizing sizing = RlPositionSizing.builder().seed(2).clock(clock).versionStore(clm.rlVersions()).events(bus).build();
            Random rnd = new Random(3);
            MetaState probe = null;
            for (int i = 0; i < 1_000; i++) {
                MetaState s = new MetaState(MarketRegime.values()[rnd.nextInt(4)], VolatilityLevel.values()[rnd.nextInt(4)],
                        LiquidityLevel.values()[rnd.nextInt(3)], PerformanceLevel.values()[rnd.nextInt(3)]);
                probe = s;
                meta.update(s, meta.selectStrategy(s), new MetaOutcome(rnd.nextGaussian(), 5, 0.3, 0.5), null);
                SizingState ss = sizing.state(MarketRegime.RANGING, rnd.nextDouble(), 10, VolatilityLevel.values()[rnd.nextInt(4)]);
                SizingDecision d = sizing.getSizingDecision(ss, 5_000);
                sizing.update(ss, d.action(), new SizingOutcome(rnd.nextGaussian(), 5, 0.3, false, false), null);
            }
            assertThat(clm.rlVersions().list(RlMetaStrategy.NAME)).extracting(RlSnapshot::version).containsExactly(1, 2);
            assertThat(clm.rlVersions().list(RlPositionSizing.NAME)).extracting(RlSnapshot::version).containsExactly(1, 2);

            clock.advance(java.time.Duration.ofMinutes(5));
            meta.resetOnRegimeShift("RANGING -> VOLATILE");
            assertThat(clm.rlVersions().load(RlMetaStrategy.NAME, 3).orElseThrow().archived()).isTrue();
            assertThat(clm.rlVersions().latest(RlMetaStrategy.NAME).orElseThrow().version()).isEqualTo(4);
            Map<StrategyAction, Double> q = new EnumMap<>(meta.qValues(probe));

            RlMetaStrategy restarted = RlMetaStrategy.builder().clock(clock).versionStore(clm.rlVersions()).events(bus).build();
            assertThat(restarted.restoreLatest()).isTrue();
            assertThat(restarted.version()).isEqualTo(4);
            assertThat(restarted.epsilon()).isEqualTo(0.5);
            assertThat(restarted.qValues(probe)).isEqualTo(q);
            assertThat(restarted.totalUpdates()).isEqualTo(1_000);
        }
    }
}
