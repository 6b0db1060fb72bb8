package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Checksums;
import dev.clm.api.CycleReport;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.ShadowDecision;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.data.SyntheticDataClient;
import dev.clm.events.InProcessEventBus;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.shadow.ShadowPolicyConfig;
import dev.clm.shadow.ShadowPromotionRefusedException;
import dev.clm.shadow.ShadowService;
import dev.clm.store.InMemoryShadowResultStore;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The manager's live shadow API and its use of the shadow promotion policy. */
class ContinuousLearningManagerShadowTest {
    static final ModelType A = ModelType.of("model_a");
    final MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
    final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    final InMemoryShadowResultStore store = new InMemoryShadowResultStore();
    final InProcessEventBus events = new InProcessEventBus(clock);
    final ScriptedTrainer trainer = new ScriptedTrainer(A);
    ContinuousLearningManager manager;

    ContinuousLearningManager manager(ClmConfig config) {
        manager = ContinuousLearningManager.builder().clock(clock).config(config).dataClient(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7))
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).events(events).registry(registry)
                .shadowResultStore(store).build();
        return manager;
    }

    @AfterEach
    void close() {
        if (manager != null) manager.shadowService().close();
    }

    void save(String version, ModelStatus status) {
        clock.advance(Duration.ofMinutes(1));
        byte[] b = trainer.loadableBytes("bytes-" + version, 0.001); // the promoter loads a version before it promotes it
        Instant t = clock.instant();
        registry.save(new ModelArtifact(A, version, ModelStatus.CANDIDATE, t, new TimeRange(t.minus(Duration.ofDays(30)), t), 1000,
                Map.of(), Map.of(), Map.of(), Map.of(), null, Checksums.sha256Hex(b), b.length, "test", null, null), b);
        if (status == ModelStatus.ACTIVE) registry.promote(A, version, "setup");
        else registry.updateStatus(A, version, status);
    }

    /** n trades whose active / shadow calls are right with the given probabilities (independent). */
    void trade(int n, double activeWin, double shadowWin, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double sign = r.nextBoolean() ? 1 : -1;
            double ret = sign * 0.01 * (0.2 + r.nextDouble());
            double a = (r.nextDouble() < activeWin ? sign : -sign) * 0.005;
            double s = (r.nextDouble() < shadowWin ? sign : -sign) * 0.005;
            long id = manager.recordPrediction("s1", "a1", "BTCUSDT", 1_700_000_000_000L + i * 60_000L, a, s);
            manager.recordOutcome(id, ret, Double.NaN);
        }
    }

    @Test
    void theDefaultPolicyComesFromClmConfig() {
        ClmConfig cfg = ClmConfig.builder().shadowMinSamples(1000).minImprovement(0.03).significanceLevel(0.01).autoPromotion(false).build();
        ShadowPolicyConfig p = ContinuousLearningManager.shadowPolicyFrom(cfg);
        assertThat(p.minSamples()).isEqualTo(1000);
        assertThat(p.minImprovement()).isEqualTo(0.03);
        assertThat(p.alpha()).isEqualTo(0.01);
        assertThat(p.autoPromote()).isFalse();
        assertThat(manager(cfg).shadowService().policy()).isEqualTo(p.withForecastHorizon(manager.featureEngineer().horizon()));
    }

    @Test
    void liveSamplesRecordedThroughTheManagerPromoteAShadowThatIsBetter() {
        save("a1", ModelStatus.ACTIVE);
        save("s1", ModelStatus.SHADOW);
        manager(ClmConfig.builder().shadowMinSamples(1000).build());
        trade(400, 0.50, 0.65, 1);
        assertThat(manager.evaluateShadow("s1").decision()).isEqualTo(ShadowDecision.CONTINUE_TESTING);
        assertThatThrownBy(() -> manager.manualPromoteShadow(A, false)).isInstanceOf(ShadowPromotionRefusedException.class);
        trade(600, 0.50, 0.65, 2);
        List<ShadowService.ShadowReview> reviews = manager.reviewShadows();
        assertThat(reviews).singleElement().satisfies(r -> assertThat(r.promotion()).as(r.results().toString()).isNotNull());
        assertThat(registry.getActive(A).orElseThrow().version()).isEqualTo("s1");
        assertThat(manager.shadowService().rollbackMonitor().isWatching(A)).isTrue();
    }

    @Test
    void aForcedManualPromotionSkipsTheChecks() {
        save("a1", ModelStatus.ACTIVE);
        save("s1", ModelStatus.SHADOW);
        manager(ClmConfig.defaults());
        trade(20, 0.5, 0.5, 3);
        PromotionResult p = manager.manualPromoteShadow(A, true);
        assertThat(p.newVersion()).isEqualTo("s1");
        assertThat(p.reason()).contains("forced");
    }

    @Test
    void aPromotionByARetrainingCycleIsWatchedForRollback() {
        trainer.then(A, ContinuousLearningManagerTest.flippedShrunkRidge(0.25, 4), ContinuousLearningManagerTest.ridge());
        manager(ClmConfig.builder().minImprovement(0.0).build());
        manager.runFullCycle(true, List.of(A));
        assertThat(manager.shadowService().rollbackMonitor().isWatching(A)).as("nothing to roll back to yet").isFalse();
        clock.advance(Duration.ofDays(8));
        CycleReport second = manager.runFullCycle(true, List.of(A));
        assertThat(second.promoted()).hasSize(1);
        assertThat(manager.shadowService().rollbackMonitor().isWatching(A)).isTrue();
    }
}
