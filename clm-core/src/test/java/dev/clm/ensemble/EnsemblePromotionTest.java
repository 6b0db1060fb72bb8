package dev.clm.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Checksums;
import dev.clm.api.CycleReport;
import dev.clm.api.EventTopics;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.SyntheticDataClient;
import dev.clm.events.InProcessEventBus;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Ensembles inside {@link ContinuousLearningManager} with an {@link InMemoryModelRegistry}: a
 * blend over two ridge types is trained, evaluated and promoted like any type; a blend whose
 * member cannot be loaded is never promoted on any path (cycle, forced shadow promotion,
 * promoteIfBetter, rollback), the ACTIVE version stays, and the failure names the member.
 */
class EnsemblePromotionTest {
    static final ModelType RIDGE_B = ModelType.of("ridge_b");

    final MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
    final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    final InProcessEventBus events = new InProcessEventBus(clock);
    MemberFixture.CountingTrainer members;
    EnsembleTrainer ensembles;
    ContinuousLearningManager manager;

    @BeforeEach
    void setUp() {
        members = new MemberFixture.CountingTrainer(new RidgeTrainer(), new RidgeTrainer(RIDGE_B));
        ensembles = new EnsembleTrainer(registry, members, EnsembleSpec.fittedBlend(List.of(RidgeTrainer.RIDGE, RIDGE_B)));
        manager = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults())
                .dataClient(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12))
                .trainer(ensembles.withMembers()).registry(registry).events(events)
                .trainingParams(RIDGE_B, Map.of("lambda", "0.1")).build();
    }

    @AfterEach
    void close() {
        manager.shadowService().close();
        assertThat(members.open.get()).as("member models left open").isZero();
    }

    String active(ModelType t) {
        return registry.getActive(t).map(ModelArtifact::version).orElse(null);
    }

    /** Members first, then the blend over their ACTIVE versions. */
    String trainMembersAndBlend() {
        CycleReport m = manager.runFullCycle(true, List.of(RidgeTrainer.RIDGE, RIDGE_B));
        assertThat(m.promoted()).as(m.toString()).hasSize(2);
        CycleReport b = manager.runFullCycle(true, List.of(ModelType.BLEND));
        assertThat(b.failed()).as(b.toString()).isEmpty();
        assertThat(b.promoted()).as(b.shadowResults().toString()).hasSize(1);
        return active(ModelType.BLEND);
    }

    @Test
    @DisplayName("a blend is trained, registered with its member versions, promoted and loaded like any model type")
    void blendGoesThroughTheCycle() {
        String blend = trainMembersAndBlend();
        ModelArtifact a = registry.require(ModelType.BLEND, blend);
        assertThat(a.format()).isEqualTo(EnsembleModel.FORMAT);
        assertThat(a.provenance().get("members")).isEqualTo("ridge:" + active(RidgeTrainer.RIDGE) + ",ridge_b:" + active(RIDGE_B));
        assertThat(a.trainingParams()).containsEntry("weights", "fitted").containsEntry("members", "ridge,ridge_b");
        LoadedModel loaded = manager.loadActiveModel(ModelType.BLEND).orElseThrow();
        LoadedModel r = manager.loadActiveModel(RidgeTrainer.RIDGE).orElseThrow();
        LoadedModel rb = manager.loadActiveModel(RIDGE_B).orElseThrow();
        try {
            EnsembleModel e = (EnsembleModel) loaded.model();
            assertThat(e.combination().coefficient(0) + e.combination().coefficient(1)).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
            float[] row = new float[e.featureNames().size()];
            for (int j = 0; j < row.length; j++) row[j] = 0.1f * (j + 1);
            double expected = 0.0 + e.combination().coefficient(0) * r.model().predict(row) + e.combination().coefficient(1) * rb.model().predict(row);
            assertThat(e.predict(row)).isEqualTo(expected);
        } finally {
            loaded.model().close();
            r.model().close();
            rb.model().close();
        }
    }

    @Test
    @DisplayName("cycle: a member that stops loading before the promotion blocks it; failure names the member; nothing ACTIVE changes")
    void cycleNeverPromotesAnEnsembleWithAnUnloadableMember() {
        CycleReport m = manager.runFullCycle(true, List.of(RidgeTrainer.RIDGE, RIDGE_B));
        assertThat(m.promoted()).hasSize(2);
        String ridge = active(RidgeTrainer.RIDGE);
        // as soon as the blend candidate is registered, the member library "disappears" from the process
        events.subscribe(EventTopics.MODEL_REGISTERED, e -> {
            if (ModelType.BLEND.name().equals(e.payload().get("modelType"))) members.failLoads = true;
        });
        CycleReport b = manager.runFullCycle(true, List.of(ModelType.BLEND));
        members.failLoads = false;
        assertThat(b.promoted()).isEmpty();
        assertThat(b.shadowResults()).isEmpty();
        assertThat(b.failed()).singleElement().satisfies(f -> {
            assertThat(f.type()).isEqualTo(ModelType.BLEND);
            assertThat(f.stage()).isEqualTo("promote"); // the promoter verifies before it promotes
            assertThat(f.reason()).contains("ridge", ridge, "cannot be used as a member of ensemble blend");
        });
        assertThat(active(ModelType.BLEND)).isNull();
        assertThat(registry.history(ModelType.BLEND, 10)).singleElement().extracting(ModelArtifact::status).isEqualTo(ModelStatus.REJECTED);
        assertThat(active(RidgeTrainer.RIDGE)).isEqualTo(ridge);
    }

    @Test
    @DisplayName("shadow and explicit promotions: a blend referring to a missing member is refused by name; the ACTIVE blend stays")
    void explicitPromotionsRefuseAMissingMember() {
        String activeBlend = trainMembersAndBlend();
        String shadow = saveBlendWithMissingMember("orphan1");

        assertThatThrownBy(() -> manager.manualPromoteShadow(ModelType.BLEND, true))
                .isInstanceOfSatisfying(MemberUnavailableException.class, e -> {
                    assertThat(e.modelType()).isEqualTo(RIDGE_B);
                    assertThat(e.version()).isEqualTo("gone-1");
                });
        assertThat(active(ModelType.BLEND)).isEqualTo(activeBlend);
        assertThat(registry.require(ModelType.BLEND, shadow).status()).isEqualTo(ModelStatus.SHADOW);

        ShadowTestResult promote = new ShadowTestResult(ModelType.BLEND, shadow, activeBlend, 500, 0.001, 0.002, 0.6, 0.5, 0.2, 0.01,
                0, 0.001, ShadowDecision.PROMOTE, "better", new TimeRange(clock.instant().minus(Duration.ofDays(1)), clock.instant()),
                Map.of(), clock.instant());
        assertThatThrownBy(() -> manager.promoteIfBetter(Map.of(ModelType.BLEND, promote)))
                .isInstanceOf(MemberUnavailableException.class).hasMessageContaining("ridge_b").hasMessageContaining("gone-1");
        assertThat(active(ModelType.BLEND)).isEqualTo(activeBlend);

        // the hourly review logs the refusal and changes nothing
        manager.reviewShadows();
        assertThat(active(ModelType.BLEND)).isEqualTo(activeBlend);
    }

    @Test
    @DisplayName("rollback to an ensemble whose member is missing is refused by name")
    void rollbackRefusesAMissingMember() {
        String activeBlend = trainMembersAndBlend();
        String orphan = saveBlendWithMissingMember("orphan2");
        // make the orphan a RETIRED version, as if it had been ACTIVE once
        registry.promote(ModelType.BLEND, orphan, "test setup: was active once");
        registry.promote(ModelType.BLEND, activeBlend, "test setup: back");
        assertThatThrownBy(() -> manager.rollback(ModelType.BLEND, orphan)).isInstanceOf(MemberUnavailableException.class)
                .hasMessageContaining("gone-1");
        assertThat(active(ModelType.BLEND)).isEqualTo(activeBlend);
    }

    /** A SHADOW blend whose bytes name ridge_b version gone-1, which this registry never had. */
    String saveBlendWithMissingMember(String version) {
        ModelArtifact real = registry.getActive(ModelType.BLEND).orElseThrow();
        String json = new String(registry.loadBytes(ModelType.BLEND, real.version()), java.nio.charset.StandardCharsets.UTF_8);
        String rb = active(RIDGE_B);
        assertThat(json).contains("\"version\":\"" + rb + "\"");
        byte[] bytes = json.replace("\"version\":\"" + rb + "\"", "\"version\":\"gone-1\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        clock.advance(Duration.ofMinutes(5));
        Instant now = clock.instant();
        registry.save(new ModelArtifact(ModelType.BLEND, version, ModelStatus.CANDIDATE, now, real.trainingRange(), real.dataPoints(), Map.of(),
                real.featureConfig(), real.trainingParams(), real.provenance(), null, Checksums.sha256Hex(bytes), bytes.length,
                EnsembleModel.FORMAT, null, null), bytes);
        registry.updateStatus(ModelType.BLEND, version, ModelStatus.SHADOW);
        return version;
    }
}
