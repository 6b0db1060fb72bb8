package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ClmEvent;
import dev.clm.api.CycleReport;
import dev.clm.api.DataClient;
import dev.clm.api.Dataset;
import dev.clm.api.EventTopics;
import dev.clm.api.IllegalTransitionException;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.JobStatus;
import dev.clm.api.MarketData;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.data.SyntheticDataClient;
import dev.clm.events.InProcessEventBus;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContinuousLearningManagerTest {
    static final ModelType A = ModelType.of("model_a");
    static final ModelType B = ModelType.of("model_b");

    MutableClock clock;
    SyntheticDataClient data;
    InProcessEventBus events;
    List<ClmEvent> published;
    ScriptedTrainer trainer;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2024-06-01T00:00:00Z");
        data = dev.clm.testing.WideSyntheticMarket.hourly(clock, 7);
        events = new InProcessEventBus(clock);
        published = new CopyOnWriteArrayList<>();
        events.subscribe("*", published::add);
        trainer = new ScriptedTrainer(A, B);
    }

    ContinuousLearningManager manager(ClmConfig config, DataClient client) {
        return ContinuousLearningManager.builder().clock(clock).config(config).dataClient(client)
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).events(events).build();
    }

    ContinuousLearningManager manager() {
        return manager(ClmConfig.defaults(), data);
    }

    /** A real ridge fit on the training split: it has genuine skill on the synthetic market. */
    static ScriptedTrainer.Script ridge() {
        return d -> {
            Dataset val = d.slice(d.rows() * 4 / 5, d.rows());
            TrainedModel m = new RidgeTrainer().train(RidgeTrainer.RIDGE, d, val, Map.of("lambda", "0.01"));
            return (Function<float[], Double>) m::predict;
        };
    }

    /** Ridge predictions shrunk towards zero: real but weaker skill. */
    static ScriptedTrainer.Script shrunkRidge(double factor) {
        return d -> {
            Function<float[], Double> f = ridge().fit(d);
            return row -> f.apply(row) * factor;
        };
    }

    /**
     * The shrunk ridge with its direction flipped on about one row in {@code every} (chosen from
     * the row's bits, so deterministic): a weaker model whose calls differ from the ridge's, which
     * the paired hit-rate test of the promotion policy can tell apart (a shrunk ridge alone makes
     * exactly the ridge's calls, so it can never be significantly worse in hit rate).
     */
    static ScriptedTrainer.Script flippedShrunkRidge(double factor, int every) {
        return d -> {
            Function<float[], Double> f = shrunkRidge(factor).fit(d);
            return row -> Math.floorMod(Float.floatToIntBits(row[0]) >>> 7, every) == 0 ? -f.apply(row) : f.apply(row);
        };
    }

    String active(ContinuousLearningManager m, ModelType t) {
        return m.registry().getActive(t).map(ModelArtifact::version).orElse(null);
    }

    @Nested
    @DisplayName("promotion decisions")
    class Promotion {
        @Test
        void firstModelIsPromotedWhenItBeatsTheZeroReturnBaseline() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager();
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.status()).isEqualTo(CycleReport.Status.COMPLETED);
            assertThat(r.promoted()).hasSize(1);
            assertThat(r.promoted().get(0).oldVersion()).isNull();
            CycleReport.ModelEvaluation e = r.evaluations().get(A);
            assertThat(e.candidate().mae()).isLessThan(e.baseline().mae());
            assertThat(e.candidate().vsActive().maeImprovement()).isGreaterThanOrEqualTo(0.02);
            assertThat(r.shadowResults().get(A).decision()).isEqualTo(ShadowDecision.PROMOTE);
            assertThat(r.shadowResults().get(A).activeVersion()).isNull();
            assertThat(active(m, A)).isEqualTo(r.trained().get(0).version());
            assertThat(published).extracting(ClmEvent::topic).contains(EventTopics.RETRAINING_STARTED, EventTopics.MODEL_REGISTERED,
                    EventTopics.MODEL_PROMOTED, EventTopics.MODEL_UPDATED, EventTopics.RETRAINING_COMPLETED);
        }

        @Test
        void firstModelThatDoesNotBeatTheBaselineIsRejected() {
            trainer.then(A, ScriptedTrainer.constant(0.01));
            ContinuousLearningManager m = manager();
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.promoted()).isEmpty();
            assertThat(r.shadowResults().get(A).decision()).isEqualTo(ShadowDecision.REJECT);
            assertThat(active(m, A)).isNull();
            assertThat(m.registry().require(A, r.trained().get(0).version()).status()).isEqualTo(ModelStatus.REJECTED);
        }

        @Test
        void candidateBetterThanActiveByTheThresholdIsPromotedAndTheOldOneRetired() {
            trainer.then(A, flippedShrunkRidge(0.25, 4), ridge());
            ContinuousLearningManager weak = manager(ClmConfig.builder().minImprovement(0.0).build(), data);
            CycleReport first = weak.runFullCycle(true, List.of(A));
            String v1 = active(weak, A);
            assertThat(v1).as("the weak model beats zero: " + first.shadowResults()).isNotNull();
            clock.advance(Duration.ofDays(8));
            ContinuousLearningManager m = managerSharing(weak);
            CycleReport second = m.runFullCycle(true, List.of(A));
            assertThat(second.shadowResults().get(A).decision()).isEqualTo(ShadowDecision.PROMOTE);
            assertThat(second.evaluations().get(A).active()).isNotNull();
            assertThat(second.promoted()).singleElement().satisfies(p -> assertThat(p.oldVersion()).isEqualTo(v1));
            assertThat(m.registry().require(A, v1).status()).isEqualTo(ModelStatus.RETIRED);
            assertThat(m.registry().findByStatus(A, ModelStatus.ACTIVE)).hasSize(1);
        }

        @Test
        void candidateNoBetterThanActiveIsNotPromoted() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A));
            String v1 = active(m, A);
            assertThat(v1).isNotNull();
            clock.advance(Duration.ofDays(8));
            CycleReport second = m.runFullCycle(true, List.of(A));
            // a fresh ridge fit on overlapping data is about as good as the active: not 2% better with significance
            assertThat(second.shadowResults().get(A).decision()).isNotEqualTo(ShadowDecision.PROMOTE);
            assertThat(second.promoted()).isEmpty();
            assertThat(active(m, A)).isEqualTo(v1);
        }

        @Test
        void withAutoPromotionOffARecommendationIsPublishedAndActiveIsUnchanged() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager(ClmConfig.builder().autoPromotion(false).build(), data);
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.promoted()).isEmpty();
            assertThat(active(m, A)).isNull();
            String v = r.trained().get(0).version();
            assertThat(m.registry().require(A, v).status()).isEqualTo(ModelStatus.SHADOW);
            assertThat(published).extracting(ClmEvent::topic).contains(EventTopics.SHADOW_PROMOTION_RECOMMENDED);
            // an explicit promoteIfBetter acts on the recommendation
            assertThat(m.promoteIfBetter(r.shadowResults())).hasSize(1);
            assertThat(active(m, A)).isEqualTo(v);
        }
    }

    ContinuousLearningManager managerSharing(ContinuousLearningManager other) {
        return ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults()).dataClient(data)
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).events(events).registry(other.registry())
                .jobStore(other.jobStore()).build();
    }

    @Nested
    @DisplayName("failures")
    class Failures {
        @Test
        void oneModelTypeFailingNeverBlocksTheOthers() {
            trainer.then(A, ScriptedTrainer.failing(new IllegalStateException("native library crashed")));
            trainer.then(B, ridge());
            ContinuousLearningManager m = manager();
            CycleReport r = m.runFullCycle(true, List.of(A, B));
            assertThat(r.status()).isEqualTo(CycleReport.Status.PARTIAL);
            assertThat(r.failed()).singleElement().satisfies(f -> {
                assertThat(f.type()).isEqualTo(A);
                assertThat(f.stage()).isEqualTo("train");
                assertThat(f.reason()).contains("native library crashed");
            });
            assertThat(r.trained()).extracting(CycleReport.TrainedVersion::type).containsExactly(B);
            assertThat(active(m, B)).isNotNull();
            assertThat(m.jobStore().recent(1).get(0).modelsSucceeded()).isEqualTo(1);
            assertThat(trainer.openModels()).as("every model the cycle opened is closed").isZero();
        }

        @Test
        void nanPredictionsFailTheTypeAndLeaveTheActiveAlone() {
            trainer.then(A, ridge(), ScriptedTrainer.constant(Double.NaN));
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A));
            String v1 = active(m, A);
            clock.advance(Duration.ofDays(8));
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.failed()).singleElement().satisfies(f -> assertThat(f.reason()).contains("NaN"));
            assertThat(active(m, A)).isEqualTo(v1);
            assertThat(trainer.openModels()).isZero();
        }

        @Test
        void aFailedCycleChangesNothingActiveRecordsTheFailureAndTheNextCycleRuns() {
            trainer.then(A, ridge());
            ContinuousLearningManager good = manager();
            good.runFullCycle(true, List.of(A));
            String v1 = active(good, A);
            DataClient broken = new DataClient() {
                public MarketData loadTrainingData(Instant s, Instant e) { throw new IllegalStateException("exchange API down"); }
                public MarketData loadRecentData(Duration d) { throw new IllegalStateException("exchange API down"); }
                public MarketData loadValidationData(Duration d) { throw new IllegalStateException("exchange API down"); }
            };
            ContinuousLearningManager bad = ContinuousLearningManager.builder().clock(clock).dataClient(broken)
                    .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).events(events)
                    .registry(good.registry()).jobStore(good.jobStore()).build();
            CycleReport r = bad.runFullCycle(true, List.of(A));
            assertThat(r.status()).isEqualTo(CycleReport.Status.FAILED);
            assertThat(r.message()).contains("exchange API down");
            assertThat(bad.jobStore().find(r.jobId()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
            assertThat(published).extracting(ClmEvent::topic).contains(EventTopics.RETRAINING_FAILED);
            assertThat(active(good, A)).isEqualTo(v1);
            clock.advance(Duration.ofDays(1));
            assertThat(good.runFullCycle(true, List.of(A)).status()).isEqualTo(CycleReport.Status.COMPLETED);
        }

        @Test
        void tooLittleDataIsAFailedCycleNamingTheProblem() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager(ClmConfig.builder().trainingLookback(Duration.ofDays(2))
                    .performanceWindow(Duration.ofDays(1)).build(), data);
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.status()).isEqualTo(CycleReport.Status.FAILED);
            assertThat(r.message()).contains("too few rows");
        }

        @Test
        void aSecondConcurrentCycleIsRefusedWithTheRunningJob() throws Exception {
            CountDownLatch inTraining = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            trainer.then(A, d -> {
                inTraining.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return row -> 0.0;
            });
            ContinuousLearningManager m = manager();
            CompletableFuture<CycleReport> first = CompletableFuture.supplyAsync(() -> m.runFullCycle(true, List.of(A)));
            assertThat(inTraining.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(m.isCycleRunning()).isTrue();
            assertThatThrownBy(() -> m.runFullCycle(true, List.of(A))).isInstanceOf(JobAlreadyRunningException.class)
                    .hasMessageContaining("job-1");
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(CycleReport.Status.COMPLETED);
            assertThat(m.jobStore().recent(10)).hasSize(1);
        }

        @Test
        void unknownTypeIsRefused() {
            assertThatThrownBy(() -> manager().runFullCycle(true, List.of(ModelType.of("nope"))))
                    .isInstanceOf(UnknownModelException.class).hasMessageContaining("nope");
        }
    }

    @Nested
    @DisplayName("report")
    class Report {
        @Test
        void reportNamesTrainedVersionsDurationsTriggersAndJob() {
            trainer.then(A, ridge());
            trainer.then(B, ScriptedTrainer.constant(0.02));
            ContinuousLearningManager m = manager();
            CycleReport r = m.runFullCycle(true, List.of(A, B));
            assertThat(r.forced()).isTrue();
            assertThat(r.retrainingType()).isEqualTo(RetrainingType.FULL);
            assertThat(r.triggers()).containsOnlyKeys(A, B);
            assertThat(r.triggers().get(A)).containsExactly(RetrainTrigger.MANUAL);
            assertThat(r.trained()).hasSize(2);
            assertThat(r.trained().get(0).trainingRows()).isGreaterThan(1000);
            assertThat(r.durations()).containsKeys("data", "features", "split", "train:model_a", "shadow:model_b", "total");
            assertThat(r.evaluations()).containsOnlyKeys(A, B);
            assertThat(r.shadowResults().get(B).decision()).isEqualTo(ShadowDecision.REJECT);
            assertThat(r.message()).contains("2 of 2");
            ModelArtifact a = m.registry().require(A, r.trained().get(0).version());
            assertThat(a.metrics()).containsKeys(MetricNames.MAE, MetricNames.DIRECTIONAL_ACCURACY, MetricNames.TRAINING_SECONDS);
            assertThat(a.provenance()).containsKeys("clm_version", "java_version", "os", "retraining_type");
            assertThat(a.featureConfig()).containsEntry("engineer", "simple");
            assertThat(a.trainingRange().end()).isBefore(clock.instant());
            assertThat(m.jobStore().find(r.jobId()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        }

        @Test
        void statusSummaryShowsActiveAgeAndVersions() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A));
            clock.advance(Duration.ofDays(3));
            ModelStatusSummary s = m.getModelStatusSummary().stream().filter(x -> x.type().equals(A)).findFirst().orElseThrow();
            assertThat(s.activeVersion()).isNotNull();
            assertThat(s.activeAge()).isEqualTo(Duration.ofDays(3));
            assertThat(s.versions()).isEqualTo(1);
            assertThat(s.activeMetrics()).containsKey(MetricNames.MAE);
        }
    }

    @Nested
    @DisplayName("triggers with a fixed clock")
    class Triggers {
        @Test
        void neverTrainedThenNothingThenTimeAfterTheInterval() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager();
            assertThat(m.checkIfRetrainNeeded(List.of(A))).containsEntry(A, Set(RetrainTrigger.NEVER_TRAINED));
            m.runFullCycle(true, List.of(A));
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).isEmpty();
            CycleReport skipped = m.runFullCycle(false, List.of(A));
            assertThat(skipped.status()).isEqualTo(CycleReport.Status.SKIPPED);
            clock.advance(Duration.ofDays(6).plusHours(23));
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).doesNotContain(RetrainTrigger.TIME);
            clock.advance(Duration.ofHours(1));
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.TIME);
            CycleReport r = m.runFullCycle(false, List.of(A));
            assertThat(r.status()).isEqualTo(CycleReport.Status.COMPLETED);
            assertThat(r.triggers().get(A)).contains(RetrainTrigger.TIME);
        }

        @Test
        void dataVolumeFiresWhenEnoughNewBarsArrived() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager(ClmConfig.builder().dataThresholdBars(500).build(), data);
            m.runFullCycle(true, List.of(A));
            clock.advance(Duration.ofHours(24)); // 20 symbols x 24 new hourly bars
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).doesNotContain(RetrainTrigger.DATA_VOLUME);
            clock.advance(Duration.ofHours(1));
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.DATA_VOLUME).doesNotContain(RetrainTrigger.TIME);
        }

        @Test
        void performanceDecayFiresAndDemotesWhenTheActiveIsSignificantlyWorseThanZero() {
            trainer.then(A, ridge(), d -> {
                Function<float[], Double> f = ridge().fit(d);
                return row -> -3 * f.apply(row); // the signal turned against the model
            });
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A));
            String good = active(m, A);
            assertThat(good).isNotNull();
            clock.advance(Duration.ofDays(10));
            // a model with real skill is not significantly worse than zero on its live rows: no decay
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).doesNotContain(RetrainTrigger.PERFORMANCE_DECAY);
            assertThat(active(m, A)).isEqualTo(good);
            // put a bad version into service by hand, then let it run live for ten days
            ContinuousLearningManager other = manager(); // its own registry: there the bad version is rejected, of course
            CycleReport r = other.runFullCycle(true, List.of(A));
            String bad = r.trained().get(0).version();
            m.registry().save(other.registry().require(A, bad).withStatus(ModelStatus.CANDIDATE), other.registry().loadBytes(A, bad));
            m.registry().promote(A, bad, "test: a version that has stopped working");
            clock.advance(Duration.ofDays(10));
            // the first failing window retrains but does not yet take the model out of service ...
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.PERFORMANCE_DECAY);
            assertThat(active(m, A)).isEqualTo(bad);
            clock.advance(Duration.ofDays(3)); // an overlapping window is no new evidence
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.PERFORMANCE_DECAY);
            assertThat(active(m, A)).isEqualTo(bad);
            // ... still worse than zero on a later window that does not overlap the first confirms it
            clock.advance(Duration.ofDays(4));
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.PERFORMANCE_DECAY);
            // demoted: no ACTIVE version (stay flat), the reason recorded and published
            assertThat(m.registry().getActive(A)).isEmpty();
            assertThat(m.registry().require(A, bad).status()).isEqualTo(ModelStatus.RETIRED);
            assertThat(m.registry().require(A, bad).metrics()).containsKeys("demoted_at_ms", "demoted_p_value");
            assertThat(published).filteredOn(e -> e.topic().equals(EventTopics.MODEL_DEMOTED)).singleElement()
                    .satisfies(e -> assertThat(String.valueOf(e.payload().get("reason"))).contains("significantly worse than the zero forecast"));
            // the next check sees no ACTIVE version: NEVER_TRAINED, so the next candidate is compared with zero
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.NEVER_TRAINED);
        }

        @Test
        @DisplayName("a restart between the failing window and the confirming one does not forget the first failure")
        void firstFailureSurvivesARestart() {
            trainer.then(A, ridge(), d -> {
                Function<float[], Double> f = ridge().fit(d);
                return row -> -3 * f.apply(row);
            });
            dev.clm.registry.InMemoryModelRegistry registry = new dev.clm.registry.InMemoryModelRegistry(clock);
            java.util.function.Supplier<ContinuousLearningManager> process = () -> ContinuousLearningManager.builder().clock(clock)
                    .dataClient(data).featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).events(events).registry(registry)
                    .build();
            ContinuousLearningManager first = process.get();
            first.runFullCycle(true, List.of(A));
            ContinuousLearningManager other = manager();
            String bad = other.runFullCycle(true, List.of(A)).trained().get(0).version();
            registry.save(other.registry().require(A, bad).withStatus(ModelStatus.CANDIDATE), other.registry().loadBytes(A, bad));
            registry.promote(A, bad, "test: a version that has stopped working");
            clock.advance(Duration.ofDays(10));
            assertThat(first.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.PERFORMANCE_DECAY);
            assertThat(registry.require(A, bad).metrics()).containsKey(RegistryFailureMemory.KEY);
            first.close();
            // a new process on the same registry confirms it on the next non-overlapping window
            ContinuousLearningManager restarted = process.get();
            clock.advance(Duration.ofDays(7));
            assertThat(restarted.checkIfRetrainNeeded(List.of(A)).get(A)).contains(RetrainTrigger.PERFORMANCE_DECAY);
            assertThat(registry.getActive(A)).isEmpty();
            assertThat(registry.require(A, bad).metrics()).containsKey("demoted_at_ms");
            restarted.close();
        }

        @Test
        void manualRequestFiresUntilTheTypeIsRetrained() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A));
            m.requestRetrain(A, RetrainTrigger.MANUAL);
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).containsExactly(RetrainTrigger.MANUAL);
            m.runFullCycle(false, List.of(A));
            assertThat(m.checkIfRetrainNeeded(List.of(A)).get(A)).isEmpty();
        }

        @Test
        void partialRetrainingWhenOnlySomeTypesTrigger() {
            trainer.then(A, ridge());
            trainer.then(B, ridge());
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A, B));
            m.requestRetrain(B, RetrainTrigger.DRIFT);
            CycleReport r = m.runFullCycle(false, List.of(A, B));
            assertThat(r.retrainingType()).isEqualTo(RetrainingType.PARTIAL);
            assertThat(r.triggers()).containsOnlyKeys(B);
            assertThat(r.trained()).extracting(CycleReport.TrainedVersion::type).containsExactly(B);
        }

        @Test
        void incrementalRetrainingWarmStartsFromTheActiveAndRecordsTheParent() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager(ClmConfig.builder().retrainingType(RetrainingType.INCREMENTAL).build(), data);
            m.runFullCycle(true, List.of(A));
            String parent = active(m, A);
            clock.advance(Duration.ofDays(30));
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.retrainingType()).isEqualTo(RetrainingType.INCREMENTAL);
            assertThat(trainer.incrementalCalls()).isEqualTo(1);
            CycleReport.TrainedVersion tv = r.trained().get(0);
            assertThat(tv.parentVersion()).isEqualTo(parent);
            assertThat(m.registry().require(A, tv.version()).parentVersion()).isEqualTo(parent);
            assertThat(m.registry().require(A, tv.version()).provenance()).containsEntry("retraining_type", "INCREMENTAL");
        }
    }

    static <T> java.util.Set<T> Set(T t) {
        return java.util.Set.of(t);
    }

    @Nested
    @DisplayName("rollback")
    class Rollback {
        @Test
        void rollbackRestoresARetiredVersion() {
            trainer.then(A, flippedShrunkRidge(0.25, 4), ridge());
            ContinuousLearningManager m = manager(ClmConfig.builder().minImprovement(0.0).build(), data);
            m.runFullCycle(true, List.of(A));
            String v1 = active(m, A);
            clock.advance(Duration.ofDays(8));
            ContinuousLearningManager m2 = managerSharing(m);
            m2.runFullCycle(true, List.of(A));
            String v2 = active(m2, A);
            assertThat(v2).isNotEqualTo(v1);
            var r = m2.rollback(A, v1);
            assertThat(r.oldVersion()).isEqualTo(v2);
            assertThat(active(m2, A)).isEqualTo(v1);
            assertThat(m2.registry().require(A, v2).status()).isEqualTo(ModelStatus.RETIRED);
            assertThat(published).extracting(ClmEvent::topic).contains(EventTopics.MODEL_ROLLED_BACK);
        }

        @Test
        void rollbackToANonRetiredOrUnknownVersionIsRefusedAndChangesNothing() {
            trainer.then(A, ridge(), ScriptedTrainer.constant(0.05));
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A));
            String v1 = active(m, A);
            clock.advance(Duration.ofDays(8));
            CycleReport r = m.runFullCycle(true, List.of(A));
            String rejected = r.trained().get(0).version();
            assertThatThrownBy(() -> m.rollback(A, rejected)).isInstanceOf(IllegalTransitionException.class).hasMessageContaining(rejected);
            assertThatThrownBy(() -> m.rollback(A, "no-such-version")).isInstanceOf(UnknownModelException.class);
            assertThatThrownBy(() -> m.rollback(A, v1)).isInstanceOf(IllegalTransitionException.class);
            assertThat(active(m, A)).isEqualTo(v1);
        }
    }

    @Nested
    @DisplayName("steps outside a cycle")
    class Steps {
        @Test
        void evaluateModelsScoresActiveVersionsOnDataTheyHaveNotSeen() {
            trainer.then(A, ridge());
            ContinuousLearningManager m = manager();
            assertThat(m.evaluateModels(List.of(A))).isEmpty();
            m.runFullCycle(true, List.of(A));
            clock.advance(Duration.ofDays(5));
            var r = m.evaluateModels(List.of(A));
            assertThat(r).containsKey(A);
            ModelArtifact a = m.registry().getActive(A).orElseThrow();
            assertThat(r.get(A).samples()).isGreaterThan(0);
            // only rows after the model's training data ended are scored
            assertThat(r.get(A).samples()).isLessThanOrEqualTo(
                    (Duration.between(a.trainingRange().end(), clock.instant()).toHours() + 1) * data.symbols().size());
        }

        /** A tester that always says PROMOTE on 500 rows and counts its calls. */
        dev.clm.api.ShadowTester countingPromoter(java.util.concurrent.atomic.AtomicInteger calls) {
            return (type, cand, act, window) -> {
                calls.incrementAndGet();
                return new dev.clm.api.ShadowTestResult(type, cand.version(), act == null ? null : act.version(), 500, 0.009, 0.01,
                        0.6, 0.55, 0.1, 0.3, 0.0, 0.001, ShadowDecision.PROMOTE, "scripted promote",
                        dev.clm.api.TimeRange.ofEpochMillis(window.timestamps()[0], window.timestamps()[window.rows() - 1]),
                        Map.of("active_mean_loss", 0.01), clock.instant());
            };
        }

        ContinuousLearningManager withTester(dev.clm.api.ShadowTester tester, dev.clm.api.ModelRegistry registry) {
            return ContinuousLearningManager.builder().clock(clock).config(ClmConfig.builder().autoPromotion(false).build())
                    .dataClient(data).featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).events(events)
                    .shadowTester(tester).registry(registry).build();
        }

        @Test
        void aReplayOnlyShadowIsTestedOnceAndItsRecordedDecisionIsActedOnAfterARestart() {
            trainer.then(A, ridge(), ridge());
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            ContinuousLearningManager m = withTester(countingPromoter(calls), new dev.clm.registry.InMemoryModelRegistry(clock));
            m.promoteIfBetter(m.runFullCycle(true, List.of(A)).shadowResults());
            String v1 = active(m, A);
            clock.advance(Duration.ofDays(8));
            String v2 = m.runFullCycle(true, List.of(A)).trained().get(0).version();
            assertThat(calls).hasValue(2); // each cycle's candidate once
            assertThat(m.registry().require(A, v2).status()).isEqualTo(ModelStatus.SHADOW); // auto-promotion is off
            assertThat(m.registry().require(A, v2).metrics()).containsEntry(dev.clm.shadow.ReplayDecisions.DECISION, 1.0);
            for (int hour = 1; hour <= 5; hour++) {
                clock.advance(Duration.ofHours(1));
                var r = m.runShadowTests(List.of(A)).get(A);
                assertThat(r.candidateVersion()).isEqualTo(v2);
                assertThat(r.decision()).isEqualTo(ShadowDecision.PROMOTE);
                assertThat(r.statistics()).containsEntry(dev.clm.shadow.ReplayDecisions.RECORDED, 1.0);
            }
            ContinuousLearningManager restarted = withTester(countingPromoter(calls), m.registry());
            var results = restarted.runShadowTests(List.of(A));
            assertThat(calls).hasValue(2); // never re-tested, also not after the restart
            assertThat(restarted.promoteIfBetter(results)).singleElement().satisfies(p -> {
                assertThat(p.newVersion()).isEqualTo(v2);
                assertThat(p.oldVersion()).isEqualTo(v1);
            });
            assertThat(active(restarted, A)).isEqualTo(v2);
        }

        @Test
        void aShadowWithLiveSamplesIsLeftToTheLiveReview() {
            trainer.then(A, ridge(), ridge());
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            ContinuousLearningManager m = withTester(countingPromoter(calls), new dev.clm.registry.InMemoryModelRegistry(clock));
            m.promoteIfBetter(m.runFullCycle(true, List.of(A)).shadowResults());
            String v1 = active(m, A);
            clock.advance(Duration.ofDays(8));
            String v2 = m.runFullCycle(true, List.of(A)).trained().get(0).version();
            assertThat(m.runShadowTests(List.of(A))).containsKey(A);
            m.shadowService().recordPrediction(A, v2, v1, "SYM0", clock.millis(), 0.001, 0.002);
            assertThat(m.runShadowTests(List.of(A))).isEmpty();
            assertThat(m.shadowService().hasLiveSamples(A, v2)).isTrue();
            m.shadowService().close();
        }

        @Test
        void shadowTestsReplayTheNewestShadowAndPromoteIfBetterActsOnTheDecision() {
            trainer.then(A, flippedShrunkRidge(0.25, 4), ridge());
            ContinuousLearningManager m = manager(ClmConfig.builder().minImprovement(0.0).autoPromotion(false).build(), data);
            CycleReport first = m.runFullCycle(true, List.of(A));
            m.promoteIfBetter(first.shadowResults());
            String v1 = active(m, A);
            assertThat(v1).isNotNull();
            clock.advance(Duration.ofDays(8));
            CycleReport second = m.runFullCycle(true, List.of(A));
            String v2 = second.trained().get(0).version();
            assertThat(m.registry().require(A, v2).status()).isEqualTo(ModelStatus.SHADOW);
            assertThat(active(m, A)).isEqualTo(v1);
            clock.advance(Duration.ofDays(7));
            var results = m.runShadowTests(List.of(A));
            assertThat(results.get(A).candidateVersion()).isEqualTo(v2);
            assertThat(results.get(A).activeVersion()).isEqualTo(v1);
            var promoted = m.promoteIfBetter(results);
            if (results.get(A).decision() == ShadowDecision.PROMOTE) {
                assertThat(promoted).singleElement().satisfies(p -> assertThat(p.newVersion()).isEqualTo(v2));
                assertThat(active(m, A)).isEqualTo(v2);
            } else {
                assertThat(promoted).isEmpty();
                assertThat(active(m, A)).isEqualTo(v1);
            }
        }
    }
}
