package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Checksums;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.data.SyntheticDataClient;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.shadow.RollbackMonitor;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The promoter's verification on the manager's paths, and the degradation the rollback watch keeps. */
class PromoterVerificationTest {
    static final ModelType A = ModelType.of("model_a");
    final MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
    final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    final ScriptedTrainer trainer = new ScriptedTrainer(A);
    ContinuousLearningManager manager;

    @BeforeEach
    void setUp() {
        manager = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults()).dataClient(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7))
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).registry(registry).modelTypes(List.of(A)).build();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    void save(String version, byte[] bytes) {
        clock.advance(Duration.ofMinutes(1));
        Instant t = clock.instant();
        registry.save(new ModelArtifact(A, version, ModelStatus.CANDIDATE, t, new TimeRange(t.minus(Duration.ofDays(30)), t), 1000,
                Map.of(), Map.of(), Map.of(), Map.of(), null, Checksums.sha256Hex(bytes), bytes.length, "fake", null, null), bytes);
    }

    @Test
    @DisplayName("a rollback to a version that predicts NaN for the probe row is refused and the ACTIVE version stays")
    void aVersionPredictingNaNIsNeverMadeActive() {
        save("nan1", trainer.loadableBytes("nan-model", Double.NaN));
        save("good", trainer.loadableBytes("good-model", 0.001));
        registry.promote(A, "nan1", "test setup: was active once");
        registry.promote(A, "good", "test setup: replaced it");
        assertThatThrownBy(() -> manager.rollback(A, "nan1")).isInstanceOf(ModelTrainingException.class)
                .hasMessageContaining("nan1").hasMessageContaining("NaN");
        assertThat(registry.getActive(A).orElseThrow().version()).isEqualTo("good");
    }

    @Test
    @DisplayName("a rollback to bytes the trainer cannot load is refused, naming the version")
    void unloadableBytesAreNeverMadeActive() {
        byte[] unknown = "bytes nobody saved".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        save("broken", unknown);
        save("good", trainer.loadableBytes("good-model", 0.001));
        registry.promote(A, "broken", "test setup");
        registry.promote(A, "good", "test setup");
        assertThatThrownBy(() -> manager.rollback(A, "broken")).isInstanceOf(ModelTrainingException.class).hasMessageContaining("broken");
        assertThat(registry.getActive(A).orElseThrow().version()).isEqualTo("good");
    }

    @Test
    @DisplayName("a degradation the rollback watch does not roll back is answered by a PERFORMANCE_DECAY retrain request")
    void aKeptDegradationRequestsARetrain() {
        save("old", trainer.loadableBytes("old-model", 0.001));
        save("new", trainer.loadableBytes("new-model", 0.001));
        registry.promote(A, "old", "first");
        registry.promote(A, "new", "second");
        RollbackMonitor watch = manager.promoter().rollbackMonitor();
        // the watch names a previous version that does not exist: it cannot be made ACTIVE again, so the degraded one stays
        watch.watch(A, "new", "missing-version", new RollbackMonitor.Baseline(0.0001, 0.6));
        int window = manager.shadowService().policy().rollbackWindowSamples();
        for (int i = 0; i < window; i++) watch.observe(A, "new", 0.01, i % 3 == 0 ? 0.01 : -0.02);
        assertThat(watch.decision(A).orElseThrow().state()).isEqualTo(RollbackMonitor.WatchState.DEGRADED_NOT_ROLLED_BACK);
        assertThat(manager.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.PERFORMANCE_DECAY);
        assertThat(registry.getActive(A).orElseThrow().version()).isEqualTo("new");
    }
}
