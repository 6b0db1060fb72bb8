package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ModelType;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.config.InvalidConfigException;
import dev.clm.data.SyntheticDataClient;
import dev.clm.features.FeatureConfig;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.policy.InMemoryPolicyStore;
import dev.clm.rl.MarketRegime;
import dev.clm.rl.RlAgentConfig;
import dev.clm.rl.RlPositionSizing;
import dev.clm.rl.SizingAction;
import dev.clm.rl.SizingDecision;
import dev.clm.rl.SizingOutcome;
import dev.clm.rl.SizingState;
import dev.clm.rl.StopLossStrategy;
import dev.clm.rl.TakeProfitStrategy;
import dev.clm.rl.VolatilityLevel;
import dev.clm.shadow.ReplayShadowTester;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The settings tree reaches the components the manager builds, and values that must agree are derived. */
class ManagerSettingsTest {
    static final ModelType A = ModelType.of("model_a");
    final MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
    ContinuousLearningManager manager;

    ContinuousLearningManager.Builder builder(ClmConfig config) {
        return ContinuousLearningManager.builder().clock(clock).config(config).dataClient(SyntheticDataClient.hourly(clock, 3))
                .trainer(new ScriptedTrainer(A));
    }

    @AfterEach
    void close() {
        if (manager != null) manager.shadowService().close();
    }

    @Test
    @DisplayName("the shadow test's forecast horizon is the feature engineer's label horizon, in live and replay tests")
    void horizonComesFromTheFeatureEngineer() {
        manager = builder(ClmConfig.defaults()).featureEngineer(new SimpleFeatureEngineer(3)).build();
        assertThat(manager.shadowService().policy().forecastHorizon()).isEqualTo(3);
        assertThat(((ReplayShadowTester) manager.context().shadowTester()).config().forecastHorizon()).isEqualTo(3);
        manager.shadowService().close();
        manager = builder(ClmConfig.builder().features(FeatureConfig.builder().horizon(24).build()).build()).build();
        assertThat(manager.featureEngineer().horizon()).isEqualTo(24);
        assertThat(manager.shadowService().policy().forecastHorizon()).isEqualTo(24);
    }

    @Test
    @DisplayName("without a feature engineer the manager builds a TechnicalFeatureEngineer of the features section")
    void featuresSectionBuildsTheDefaultEngineer() {
        ClmConfig c = ClmConfig.builder().set("features.rsi-periods", "9").build();
        manager = builder(c).build();
        assertThat(manager.featureEngineer()).isInstanceOf(TechnicalFeatureEngineer.class);
        assertThat(manager.featureEngineer().config()).containsEntry("rsiPeriods", "9");
    }

    @Test
    @DisplayName("a features section set beside a feature engineer of the caller's is refused, not ignored")
    void featuresSectionBesideAnOwnEngineerIsRefused() {
        ClmConfig c = ClmConfig.builder().set("features.rsi-periods", "9").build();
        assertThatThrownBy(() -> builder(c).featureEngineer(new SimpleFeatureEngineer(12)).build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("features");
    }

    @Test
    @DisplayName("the sections reach their components: split minimum rows, supervisor, recorder")
    void sectionsReachTheirComponents() {
        ClmConfig c = ClmConfig.builder().set("supervisor.min-winrate", "0.4").set("split.min-rows", "7")
                .set("recorder.batch-size", "123").build();
        manager = builder(c).featureEngineer(new SimpleFeatureEngineer(12)).build();
        assertThat(manager.supervisor().config().minWinrate()).isEqualTo(0.4);
        assertThat(manager.config().split().minRows()).isEqualTo(7);
    }

    @Test
    @DisplayName("builder().policyStore(x) is the store the RL agents read their risk limits from")
    void policyStoreReachesTheRlAgents() {
        InMemoryPolicyStore store = new InMemoryPolicyStore(Map.of("trading.mode", "conservative",
                "risk.conservative.max_leverage", "2", "risk.conservative.max_risk_per_trade_pct", "0.5"));
        RlPositionSizing sizing = RlPositionSizing.builder().clock(clock)
                .config(RlAgentConfig.defaults().toBuilder().initialEpsilon(0).minEpsilon(0).build()).build();
        manager = builder(ClmConfig.defaults()).featureEngineer(new SimpleFeatureEngineer(12)).policyStore(store)
                .rlAgents(List.of(sizing)).build();
        assertThat(manager.policyStore()).isSameAs(store);
        assertThat(sizing.policyStore()).isSameAs(store);
        SizingState s = sizing.state(MarketRegime.VOLATILE, 0.9, 0, VolatilityLevel.LOW);
        SizingAction big = new SizingAction(1.5, 10, TakeProfitStrategy.AGGRESSIVE, StopLossStrategy.WIDE);
        for (int i = 0; i < 3; i++) sizing.update(s, big, new SizingOutcome(20, 2, 0.1, true, false), null);
        SizingDecision d = sizing.getSizingDecision(s, 25_000);
        assertThat(d.clamped()).isTrue();
        assertThat(d.leverage()).isEqualTo(2.0);
        assertThat(d.limits().mode()).isEqualTo("conservative");
    }

    @Test
    @DisplayName("an RL agent built with a different policy store than the manager's is refused; its own store becomes the manager's")
    void twoPolicyStoresAreRefused() {
        RlPositionSizing own = RlPositionSizing.builder().clock(clock).policyStore(new InMemoryPolicyStore()).build();
        assertThatThrownBy(() -> builder(ClmConfig.defaults()).featureEngineer(new SimpleFeatureEngineer(12))
                .policyStore(new InMemoryPolicyStore()).rlAgents(List.of(own)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("policyStore");
        manager = builder(ClmConfig.defaults()).featureEngineer(new SimpleFeatureEngineer(12)).rlAgents(List.of(own)).build();
        assertThat(manager.policyStore()).isSameAs(own.policyStore());
    }
}
