package dev.clm.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clm.api.Checksums;
import dev.clm.api.Dataset;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.api.contract.TestDatasets;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.train.RidgeTrainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fixed and fitted weights, registry round trip, missing and unusable members, ownership of members. */
class EnsembleTrainerTest {
    static final ModelType A = ModelType.of("ridge_a"), B = ModelType.of("ridge_b"), C = ModelType.of("ridge_c");
    static final long T0 = 1_700_000_000_000L, HOUR = 3_600_000L;

    final MutableClock clock = MutableClock.at("2024-01-01T00:00:00Z");
    InMemoryModelRegistry registry;
    MemberFixture.CountingTrainer members;
    Dataset train, validation, test;

    @BeforeEach
    void setUp() {
        registry = new InMemoryModelRegistry(clock);
        members = new MemberFixture.CountingTrainer(new RidgeTrainer(A), new RidgeTrainer(B), new RidgeTrainer(C));
        // three members of different quality, trained on rows that end before the ensemble's rows
        Dataset old = TestDatasets.linear(2400, 6, 1.0, 0.5, 1, T0 - 2500 * HOUR);
        MemberFixture.trainActive(registry, members, A, old.slice(0, 600), old.slice(612, 800), Map.of("lambda", "0"), "a1");
        MemberFixture.trainActive(registry, members, B, old.slice(800, 2000), old.slice(2012, 2400), Map.of("lambda", "0.01"), "b1");
        MemberFixture.trainActive(registry, members, C, old.slice(0, 300), old.slice(312, 400), Map.of("lambda", "100"), "c1");
        Dataset all = TestDatasets.linear(3000, 6, 1.0, 0.5, 2, T0);
        train = all.slice(0, 2000);
        validation = all.slice(2012, 2400);
        test = all.slice(2412, 3000);
    }

    @AfterEach
    void everyMemberClosed() {
        assertThat(members.open.get()).as("member models left open").isZero();
    }

    EnsembleTrainer trainer(EnsembleSpec spec) {
        return new EnsembleTrainer(registry, members, spec);
    }

    @Test
    @DisplayName("fixed weights 0.8 / 0.2 and 0.5 / 0.3 / 0.2 reproduce the hand-computed weighted sum")
    void fixedWeightsReproduceTheWeightedSum() {
        try (EnsembleModel two = (EnsembleModel) trainer(EnsembleSpec.fixedBlend(List.of(A, B), 0.8, 0.2)).train(ModelType.BLEND, train, validation, Map.of());
             EnsembleModel three = (EnsembleModel) trainer(EnsembleSpec.fixedBlend(List.of(A, B, C), 0.5, 0.3, 0.2))
                     .train(ModelType.BLEND, train, validation, Map.of());
             TrainedModel a = load(A, "a1"); TrainedModel b = load(B, "b1"); TrainedModel c = load(C, "c1")) {
            float[] row = new float[test.columns()];
            double[] batch2 = two.predict(test), batch3 = three.predict(test);
            for (int i = 0; i < test.rows(); i++) {
                test.row(i, row);
                double pa = a.predict(row), pb = b.predict(row), pc = c.predict(row);
                assertThat(two.predict(row)).isEqualTo(0.0 + 0.8 * pa + 0.2 * pb);
                assertThat(three.predict(row)).isEqualTo(0.0 + 0.5 * pa + 0.3 * pb + 0.2 * pc);
                assertThat(batch2[i]).isCloseTo(0.8 * pa + 0.2 * pb, within(1e-15));
                assertThat(batch3[i]).isCloseTo(0.5 * pa + 0.3 * pb + 0.2 * pc, within(1e-15));
            }
            assertThat(two.provenance()).containsEntry("fit.method", "fixed").containsEntry("members", "ridge_a:a1,ridge_b:b1");
            assertThat(members.trained.get()).as("fixed weights refit nothing").isEqualTo(3);
        }
    }

    @Test
    @DisplayName("fitted weights (K-fold and holdout) are non-negative and sum to 1 to 1e-12, and favour the better member")
    void fittedWeightsAreOnTheSimplex() {
        for (EnsembleSpec.FitSource source : EnsembleSpec.FitSource.values()) {
            EnsembleSpec spec = EnsembleSpec.fittedBlend(List.of(A, B, C)).withFitSource(source);
            try (EnsembleModel m = (EnsembleModel) trainer(spec).train(ModelType.BLEND, train, validation, Map.of())) {
                double[] w = m.combination().coefficients();
                double sum = 0;
                for (double v : w) {
                    assertThat(v).isGreaterThanOrEqualTo(0);
                    sum += v;
                }
                assertThat(sum).as(source.name()).isCloseTo(1, within(1e-12));
                assertThat(m.combination().intercept()).isZero();
                assertThat(m.provenance()).containsEntry("fit.method", "simplex-least-squares").containsEntry("fit.source", source.paramName());
                // ridge_c (lambda 100, 300 rows) is shrunk towards zero: the fit gives it the least weight
                assertThat(w[2]).as(source + " weights " + java.util.Arrays.toString(w)).isLessThan(Math.max(w[0], w[1]));
            }
        }
    }

    @Test
    @DisplayName("registry round trip: save, load by version, identical predictions; members loaded from their registry versions")
    void registryRoundTrip() {
        EnsembleTrainer t = trainer(EnsembleSpec.stack(List.of(A, B, C)));
        try (EnsembleModel m = (EnsembleModel) t.train(ModelType.STACK, train, validation, Map.of())) {
            ModelArtifact saved = save(m, "s1");
            assertThat(EnsembleTrainer.isEnsemble(saved)).isTrue();
            try (EnsembleModel loaded = (EnsembleModel) t.load(ModelType.STACK, registry.loadBytes(ModelType.STACK, "s1"))) {
                assertThat(loaded.predict(test)).containsExactly(m.predict(test));
                float[] row = new float[test.columns()];
                for (int i = 0; i < 50; i++) assertThat(loaded.predict(test.row(i, row))).isEqualTo(m.predict(row));
                assertThat(loaded.members()).isEqualTo(m.members());
                assertThat(loaded.members()).extracting(MemberRef::version).containsExactly("a1", "b1", "c1");
                assertThat(loaded.combination()).isEqualTo(m.combination());
            }
        }
    }

    @Test
    @DisplayName("a missing member version is a MemberUnavailableException naming the member type and version")
    void missingMemberIsATypedException() {
        EnsembleTrainer t = trainer(EnsembleSpec.fixedBlend(List.of(A, B), 0.8, 0.2));
        byte[] bytes;
        try (TrainedModel m = t.train(ModelType.BLEND, train, validation, Map.of())) {
            bytes = m.serialize();
        }
        // the same bytes read against a registry that lacks ridge_b version b1
        InMemoryModelRegistry other = new InMemoryModelRegistry(clock);
        try (TrainedModel a = load(A, "a1")) {
            MemberFixture.registerActive(other, a, registry.require(A, "a1").trainingRange(), Map.of(), "a1", 600);
        }
        EnsembleTrainer elsewhere = new EnsembleTrainer(other, members, EnsembleSpec.fixedBlend(List.of(A, B), 0.8, 0.2));
        assertThatThrownBy(() -> elsewhere.load(ModelType.BLEND, bytes)).isInstanceOfSatisfying(MemberUnavailableException.class, e -> {
            assertThat(e.modelType()).isEqualTo(B);
            assertThat(e.version()).isEqualTo("b1");
            assertThat(e.ensembleType()).isEqualTo(ModelType.BLEND);
            assertThat(e.getMessage()).contains("ridge_b", "b1", "no such version");
        });
        // a member type with no ACTIVE version cannot be trained with
        InMemoryModelRegistry empty = new InMemoryModelRegistry(clock);
        assertThatThrownBy(() -> new EnsembleTrainer(empty, members, EnsembleSpec.stack(List.of(A))).train(ModelType.STACK, train, validation, Map.of()))
                .isInstanceOf(MemberUnavailableException.class).hasMessageContaining("ridge_a").hasMessageContaining("no ACTIVE version");
    }

    @Test
    @DisplayName("an unloadable member or one whose registry bytes changed is refused by name; nothing is left open")
    void unusableMembersAreRefused() {
        EnsembleTrainer t = trainer(EnsembleSpec.fixedBlend(List.of(A, B), 0.5, 0.5));
        byte[] bytes;
        try (TrainedModel m = t.train(ModelType.BLEND, train, validation, Map.of())) {
            bytes = m.serialize();
        }
        members.failLoads = true;
        assertThatThrownBy(() -> t.load(ModelType.BLEND, bytes)).isInstanceOf(MemberUnavailableException.class)
                .hasMessageContaining("ridge_a").hasMessageContaining("a1").hasMessageContaining("native library");
        members.failLoads = false;
        // another registry where b1 is a different model: the recorded checksum does not match
        InMemoryModelRegistry other = new InMemoryModelRegistry(clock);
        Dataset d = TestDatasets.linear(500, 6, 1.0, 0.5, 77, T0 - 2500 * HOUR);
        try (TrainedModel a = load(A, "a1")) {
            MemberFixture.registerActive(other, a, registry.require(A, "a1").trainingRange(), Map.of(), "a1", 600);
        }
        MemberFixture.trainActive(other, members, B, d.slice(0, 400), d.slice(412, 500), Map.of("lambda", "1"), "b1");
        assertThatThrownBy(() -> new EnsembleTrainer(other, members, EnsembleSpec.fixedBlend(List.of(A, B), 0.5, 0.5)).load(ModelType.BLEND, bytes))
                .isInstanceOf(MemberUnavailableException.class).hasMessageContaining("ridge_b").hasMessageContaining("checksum");
    }

    @Test
    @DisplayName("closing the ensemble closes the members it loaded; K-fold refits are closed as they go")
    void closingClosesMembers() {
        TrainedModel m = trainer(EnsembleSpec.stack(List.of(A, B))).train(ModelType.STACK, train, validation, Map.of());
        assertThat(members.open.get()).as("the two members the stack holds").isEqualTo(2);
        assertThat(members.trained.get() - 3).as("5 folds x 2 member refits").isEqualTo(10);
        m.close();
        m.close();
        assertThat(members.open.get()).isZero();
        assertThatThrownBy(() -> m.predict(new float[6])).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("a member that saw data after the ensemble's rows end is refused (it would leak into the ensemble's evaluation)")
    void memberThatSawLaterDataIsRefused() {
        Dataset late = TestDatasets.linear(400, 6, 1.0, 0.5, 5, T0 + 3000 * HOUR);
        MemberFixture.trainActive(registry, members, C, late.slice(0, 300), late.slice(312, 400), Map.of("lambda", "1"), "c2");
        assertThatThrownBy(() -> trainer(EnsembleSpec.fittedBlend(List.of(A, C))).train(ModelType.BLEND, train, validation, Map.of()))
                .isInstanceOf(ModelTrainingException.class).hasMessageContaining("ridge_c").hasMessageContaining("c2")
                .hasMessageContaining("after this ensemble's rows end");
    }

    @Test
    @DisplayName("parameters: defaults recorded, overrides applied, bad values and keys of the other kind named")
    void parameters() {
        EnsembleTrainer t = new EnsembleTrainer(registry, members, EnsembleSpec.fittedBlend(List.of(A, B)), EnsembleSpec.stack(List.of(A, B)));
        assertThat(t.defaultParams(ModelType.BLEND)).containsEntry("members", "ridge_a,ridge_b").containsEntry("weights", "fitted")
                .containsEntry("fit_source", "kfold").containsEntry("folds", "5");
        assertThat(t.defaultParams(ModelType.STACK)).containsEntry("meta", "ridge").doesNotContainKey("weights");
        try (EnsembleModel m = (EnsembleModel) t.train(ModelType.BLEND, train, validation, Map.of("members", "ridge_b,ridge_c", "weights", "0.25,0.75"))) {
            assertThat(m.members()).extracting(MemberRef::type).containsExactly(B, C);
            assertThat(m.combination().coefficients()).containsExactly(0.25, 0.75);
        }
        assertThatThrownBy(() -> t.train(ModelType.BLEND, train, validation, Map.of("meta", "ridge"))).hasMessageContaining("'meta'");
        assertThatThrownBy(() -> t.train(ModelType.STACK, train, validation, Map.of("weights", "0.5,0.5"))).hasMessageContaining("'weights'");
        assertThatThrownBy(() -> t.train(ModelType.BLEND, train, validation, Map.of("weights", "0.5,0.6"))).hasMessageContaining("sum to 1");
        assertThatThrownBy(() -> t.train(ModelType.BLEND, train, validation, Map.of("weights", "0.5,-0.5,1"))).hasMessageContaining("weights");
        assertThatThrownBy(() -> t.train(ModelType.STACK, train, validation, Map.of("folds", "1"))).hasMessageContaining("folds");
        assertThatThrownBy(() -> t.train(ModelType.STACK, train, validation, Map.of("members", "stack"))).hasMessageContaining("member");
        assertThatThrownBy(() -> t.train(ModelType.STACK, train.slice(0, 80), validation, Map.of()))
                .hasMessageContaining("min_fit_rows");
    }

    @Test
    @DisplayName("incremental training refits on the new rows with the members ACTIVE now and leaves the base untouched")
    void incrementalUsesTheCurrentMembers() {
        EnsembleTrainer t = trainer(EnsembleSpec.fittedBlend(List.of(A, B)));
        try (EnsembleModel base = (EnsembleModel) t.train(ModelType.BLEND, train, validation, Map.of())) {
            double[] before = base.predict(test);
            Dataset newer = TestDatasets.linear(400, 6, 1.0, 0.5, 8, T0 - 400 * HOUR);
            MemberFixture.trainActive(registry, members, B, newer.slice(0, 300), newer.slice(312, 400), Map.of("lambda", "0.01"), "b2");
            try (EnsembleModel next = (EnsembleModel) t.trainIncremental(ModelType.BLEND, base, validation, test, Map.of())) {
                assertThat(next.members()).extracting(MemberRef::version).containsExactly("a1", "b2");
                assertThat(next.provenance()).containsEntry("parent_members", "ridge_a:a1,ridge_b:b1");
            }
            assertThat(base.predict(test)).containsExactly(before);
        }
    }

    TrainedModel load(ModelType type, String version) {
        return members.load(type, registry.loadBytes(type, version));
    }

    ModelArtifact save(TrainedModel m, String version) {
        byte[] b = m.serialize();
        return registry.save(new ModelArtifact(m.type(), version, ModelStatus.CANDIDATE, clock.instant(),
                TimeRange.ofEpochMillis(train.timestamps()[0], validation.labelEndTimestamps()[validation.rows() - 1]), train.rows(),
                Map.of(), Map.of(), Map.of(), m.provenance(), null, Checksums.sha256Hex(b), b.length, m.format(), null, null), b);
    }
}
