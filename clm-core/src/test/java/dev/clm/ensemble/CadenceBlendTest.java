package dev.clm.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clm.api.CycleReport;
import dev.clm.api.Dataset;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.core.TrainingCadence;
import dev.clm.data.SyntheticDataClient;
import dev.clm.online.OnlineTrainer;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.AliasedTypeTrainer;
import dev.clm.train.RidgeTrainer;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The picture end to end: a monthly full model, a weekly quick (INCREMENTAL) model and
 * the online learner, each its own versioned type, combined by a 0.5 / 0.3 / 0.2 blend that is
 * itself retrained weekly on the weekly model's 30-day window (so no member has seen the rows the
 * blend is scored on). The shadow tester promotes every candidate: the promotion policy has its
 * own tests, here the lineage of each type must advance.
 */
class CadenceBlendTest {
    static final ModelType RIDGE = RidgeTrainer.RIDGE;
    static final TrainingCadence WEEKLY = TrainingCadence.weekly(RIDGE);
    static final TrainingCadence MONTHLY = TrainingCadence.monthly(RIDGE);
    static final TrainingCadence BLEND_WEEKLY = new TrainingCadence(ModelType.of("blend.weekly"), ModelType.BLEND,
            Duration.ofDays(7), TrainingCadence.DEFAULT_WEEKLY_LOOKBACK, RetrainingType.FULL);

    final MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
    final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    ContinuousLearningManager manager;

    /** Ridge and the online learner behind one trainer. */
    static final class RidgeAndOnline implements ModelTrainer {
        final RidgeTrainer ridge = new RidgeTrainer();
        final OnlineTrainer online = new OnlineTrainer();

        ModelTrainer of(ModelType t) {
            return online.supports(t) ? online : ridge;
        }

        @Override
        public Set<ModelType> supportedTypes() {
            Set<ModelType> s = new LinkedHashSet<>(ridge.supportedTypes());
            s.addAll(online.supportedTypes());
            return s;
        }

        @Override
        public Map<String, String> defaultParams(ModelType t) { return of(t).defaultParams(t); }

        @Override
        public TrainedModel train(ModelType t, Dataset train, Dataset validation, Map<String, String> params) {
            return of(t).train(t, train, validation, params);
        }

        @Override
        public TrainedModel trainIncremental(ModelType t, TrainedModel base, Dataset newData, Dataset validation,
                                             Map<String, String> params) {
            return of(t).trainIncremental(t, base, newData, validation, params);
        }

        @Override
        public TrainedModel load(ModelType t, byte[] bytes) { return of(t).load(t, bytes); }
    }

    EnsembleTrainer ensembles() {
        ModelTrainer members = new AliasedTypeTrainer(new RidgeAndOnline(), Map.of(WEEKLY.type(), RIDGE, MONTHLY.type(), RIDGE));
        return new EnsembleTrainer(registry, members,
                EnsembleSpec.fixedBlend(List.of(MONTHLY.type(), WEEKLY.type(), ModelType.ONLINE), 0.5, 0.3, 0.2));
    }

    ContinuousLearningManager manager(EnsembleTrainer ensembles) {
        ShadowTester promoteAll = (type, candidate, active, window) -> new ShadowTestResult(type, candidate.version(),
                active == null ? null : active.version(), window.rows(), 0.01, 0.02, 0.5, 0.5, 0, 1, 0, 0, ShadowDecision.PROMOTE,
                "test: every candidate is promoted", window.timeRange(), Map.of(), clock.instant());
        ClmConfig config = ClmConfig.builder().dataThresholdBars(Long.MAX_VALUE).build();
        return ContinuousLearningManager.builder().clock(clock).config(config).registry(registry)
                .dataClient(SyntheticDataClient.hourly(clock, 11)).featureEngineer(new SimpleFeatureEngineer(12))
                .trainer(ensembles.withMembers()).modelTypes(List.of(ModelType.ONLINE))
                .trainingParams(ModelType.ONLINE, Map.of("eta0", "0.1"))
                .cadence(MONTHLY).cadence(WEEKLY).cadence(BLEND_WEEKLY)
                .shadowTester(promoteAll).build();
    }

    @AfterEach
    void tearDown() {
        if (manager != null) manager.supervisor().close();
    }

    String active(ModelType t) {
        return registry.getActive(t).orElseThrow().version();
    }

    EnsembleModel activeBlend(EnsembleTrainer ensembles) {
        ModelArtifact a = registry.getActive(BLEND_WEEKLY.type()).orElseThrow();
        return (EnsembleModel) ensembles.load(ModelType.BLEND, registry.loadBytes(a.type(), a.version()));
    }

    @Test
    void monthlyWeeklyAndOnlineVersionsFeedAWeeklyBlendThatFollowsThem() {
        EnsembleTrainer ensembles = ensembles();
        manager = manager(ensembles);

        CycleReport first = manager.runFullCycle(true, manager.modelTypes());
        assertThat(first.failed()).isEmpty();
        String monthly1 = active(MONTHLY.type()), weekly1 = active(WEEKLY.type()), online1 = active(ModelType.ONLINE);
        try (EnsembleModel blend = activeBlend(ensembles)) {
            assertThat(blend.members()).extracting(MemberRef::version).containsExactly(monthly1, weekly1, online1);
            // the blend's forecast is the weighted sum of its members' forecasts, exactly as configured
            Dataset rows = manager.recentDataset(Duration.ofDays(2));
            LoadedModel m = manager.loadActiveModel(MONTHLY.type()).orElseThrow();
            LoadedModel w = manager.loadActiveModel(WEEKLY.type()).orElseThrow();
            LoadedModel o = manager.loadActiveModel(ModelType.ONLINE).orElseThrow();
            try (TrainedModel mm = m.model(); TrainedModel wm = w.model(); TrainedModel om = o.model()) {
                float[] row = new float[rows.columns()];
                for (int i = 0; i < rows.rows(); i += 7) {
                    rows.row(i, row);
                    double expected = 0.5 * mm.predict(row) + 0.3 * wm.predict(row) + 0.2 * om.predict(row);
                    assertThat(blend.predict(row)).isCloseTo(expected, within(1e-12));
                }
            }
        }

        // a week later the weekly model continues its previous version, the blend follows it; the monthly one is not due
        clock.advance(Duration.ofDays(7).plusHours(1));
        CycleReport second = manager.runFullCycle(false, manager.modelTypes());
        assertThat(second.failed()).isEmpty();
        assertThat(second.trained()).extracting(CycleReport.TrainedVersion::type)
                .contains(WEEKLY.type(), BLEND_WEEKLY.type()).doesNotContain(MONTHLY.type());
        ModelArtifact weekly2 = registry.getActive(WEEKLY.type()).orElseThrow();
        assertThat(weekly2.version()).isNotEqualTo(weekly1);
        assertThat(weekly2.parentVersion()).isEqualTo(weekly1);
        assertThat(second.trained()).filteredOn(v -> v.type().equals(WEEKLY.type()))
                .extracting(CycleReport.TrainedVersion::retrainingType).containsExactly(RetrainingType.INCREMENTAL);
        assertThat(active(MONTHLY.type())).isEqualTo(monthly1);
        try (EnsembleModel blend = activeBlend(ensembles)) {
            assertThat(blend.members()).extracting(MemberRef::version)
                    .containsExactly(monthly1, weekly2.version(), active(ModelType.ONLINE));
            // no member has seen data after the rows the blend was fitted on end
            ModelArtifact blendArtifact = registry.getActive(BLEND_WEEKLY.type()).orElseThrow();
            assertThat(blend.members()).allSatisfy(ref ->
                    assertThat(ref.trainedUntil()).isBeforeOrEqualTo(blendArtifact.trainingRange().end()));
        }

        // at the next calendar month the monthly model is retrained from scratch
        clock.advance(Duration.ofDays(24));
        manager.runFullCycle(false, manager.modelTypes());
        ModelArtifact monthly2 = registry.getActive(MONTHLY.type()).orElseThrow();
        assertThat(monthly2.version()).isNotEqualTo(monthly1);
        assertThat(monthly2.parentVersion()).isNull();
    }
}
