package dev.clm.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RL states, actions and rewards")
class RlValuesTest {
    @Test
    @DisplayName("meta reward = PnL% + (24 / max(h, 0.1)) x 0.1 - |DD%| x 2 + (winrate - 0.5) x 10")
    void metaReward() {
        assertThat(new MetaOutcome(2.0, 8.0, -1.5, 0.6).reward()).isCloseTo(2.0 + 0.3 - 3.0 + 1.0, within(1e-12));
        assertThat(new MetaOutcome(-1.0, 0.0, 0.5, 0.5).reward()).as("hours floored at 0.1").isCloseTo(-1.0 + 24.0 - 1.0, within(1e-12));
        assertThat(new MetaOutcome(0.0, 24.0, 0.0, 0.0).reward()).isCloseTo(0.1 - 5.0, within(1e-12));
    }

    @Test
    @DisplayName("sizing reward = PnL% - 0.05 x h - 3 x |DD%| + 1 if TP hit - 0.5 if SL hit")
    void sizingReward() {
        assertThat(new SizingOutcome(3.0, 10.0, 0.5, true, false).reward()).isCloseTo(3.0 - 0.5 - 1.5 + 1.0, within(1e-12));
        assertThat(new SizingOutcome(-2.0, 2.0, -2.0, false, true).reward()).isCloseTo(-2.0 - 0.1 - 6.0 - 0.5, within(1e-12));
        assertThat(new SizingOutcome(1.0, 0.0, 0.0, false, false).won()).isTrue();
    }

    @Test
    @DisplayName("270 sizing actions, each index its position")
    void sizingActions() {
        assertThat(SizingAction.ALL).hasSize(5 * 6 * 3 * 3);
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < SizingAction.ALL.size(); i++) {
            assertThat(SizingAction.ALL.get(i).index()).isEqualTo(i);
            labels.add(SizingAction.ALL.get(i).label());
        }
        assertThat(labels).hasSize(270);
    }

    @Test
    @DisplayName("sizing state bins are as documented")
    void sizingBins() {
        assertThat(new SizingState(MarketRegime.CHOPPY, 0.549, 19.9, 0.399, VolatilityLevel.EXTREME).key())
                .isEqualTo("CHOPPY|conf=LOW|exp=LOW|wr=POOR|vol=EXTREME");
        assertThat(new SizingState(MarketRegime.CHOPPY, 0.55, 20, 0.4, VolatilityLevel.LOW).key())
                .isEqualTo("CHOPPY|conf=MEDIUM|exp=MEDIUM|wr=NEUTRAL|vol=LOW");
        assertThat(new SizingState(MarketRegime.CHOPPY, 0.7, 50, 0.6, VolatilityLevel.LOW).key())
                .isEqualTo("CHOPPY|conf=HIGH|exp=HIGH|wr=GOOD|vol=LOW");
        assertThat(VolatilityLevel.fromPercentile(0.24)).isEqualTo(VolatilityLevel.LOW);
        assertThat(VolatilityLevel.fromPercentile(0.6)).isEqualTo(VolatilityLevel.HIGH);
        assertThat(VolatilityLevel.fromPercentile(0.9)).isEqualTo(VolatilityLevel.EXTREME);
        assertThat(LiquidityLevel.fromVolumeRatio(1.3)).isEqualTo(LiquidityLevel.HIGH);
        assertThat(LiquidityLevel.fromVolumeRatio(0.69)).isEqualTo(LiquidityLevel.LOW);
        assertThat(new MetaState(MarketRegime.TRENDING, VolatilityLevel.LOW, LiquidityLevel.HIGH, PerformanceLevel.GOOD).key())
                .isEqualTo("TRENDING|LOW|HIGH|GOOD");
    }

    @Test
    @DisplayName("the rolling winrate covers the last 20 trades")
    void rollingWinrate() {
        RollingWinrate w = new RollingWinrate();
        assertThat(w.winrate()).isEqualTo(0.5);
        for (int i = 0; i < 20; i++) w.record(true);
        assertThat(w.winrate()).isEqualTo(1.0);
        for (int i = 0; i < 5; i++) w.record(false);
        assertThat(w.winrate()).isEqualTo(15.0 / 20.0);
        assertThat(w.size()).isEqualTo(20);
    }
}
