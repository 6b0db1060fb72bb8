package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.CycleReport;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import dev.clm.api.contract.MutableClock;
import dev.clm.data.SyntheticDataClient;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.AliasedTypeTrainer;
import dev.clm.train.RidgeTrainer;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrainingCadenceTest {
    static final ModelType RIDGE = RidgeTrainer.RIDGE;
    static final TrainingCadence WEEKLY = TrainingCadence.weekly(RIDGE);

    @Nested
    @DisplayName("the cadence value")
    class Value {
        @Test
        void factoriesAndValidation() {
            assertThat(WEEKLY.type()).isEqualTo(ModelType.of("ridge.weekly"));
            assertThat(WEEKLY.interval()).isEqualTo(Duration.ofDays(7));
            assertThat(WEEKLY.lookback()).isEqualTo(Duration.ofDays(30));
            assertThat(WEEKLY.retrainingType()).isEqualTo(RetrainingType.INCREMENTAL);
            TrainingCadence monthly = TrainingCadence.monthly(RIDGE);
            assertThat(monthly.interval()).isEqualTo(Period.ofMonths(1));
            assertThat(monthly.retrainingType()).isEqualTo(RetrainingType.FULL);
            assertThat(monthly.lookback()).isEqualTo(Duration.ofDays(90));
            assertThatThrownBy(() -> new TrainingCadence(RIDGE, RIDGE, Duration.ofDays(1), Duration.ofDays(1), RetrainingType.FULL))
                    .hasMessageContaining("must differ");
            assertThatThrownBy(() -> new TrainingCadence(WEEKLY.type(), RIDGE, Duration.ZERO, Duration.ofDays(1), RetrainingType.FULL))
                    .hasMessageContaining("interval");
            assertThatThrownBy(() -> new TrainingCadence(WEEKLY.type(), RIDGE, Period.ofMonths(-1), Duration.ofDays(1), RetrainingType.FULL))
                    .hasMessageContaining("positive period");
            assertThatThrownBy(() -> new TrainingCadence(WEEKLY.type(), RIDGE, Duration.ofDays(7), Duration.ZERO, RetrainingType.FULL))
                    .hasMessageContaining("lookback");
            assertThatThrownBy(() -> new TrainingCadence(WEEKLY.type(), RIDGE, Duration.ofDays(7), Duration.ofDays(9), RetrainingType.PARTIAL))
                    .hasMessageContaining("FULL or INCREMENTAL");
        }

        @Test
        void calendarMonthsFollowTheCalendarInUtc() {
            TrainingCadence monthly = TrainingCadence.monthly(RIDGE);
            assertThat(monthly.nextDue(Instant.parse("2024-06-01T01:00:00Z"))).isEqualTo(Instant.parse("2024-07-01T01:00:00Z"));
            assertThat(monthly.nextDue(Instant.parse("2024-07-01T01:00:00Z"))).isEqualTo(Instant.parse("2024-08-01T01:00:00Z"));
            assertThat(monthly.nextDue(Instant.parse("2024-01-31T12:00:00Z"))).isEqualTo(Instant.parse("2024-02-29T12:00:00Z"));
            assertThat(WEEKLY.nextDue(Instant.parse("2024-03-30T12:00:00Z"))).isEqualTo(Instant.parse("2024-04-06T12:00:00Z"));
        }
    }

    @Nested
    @DisplayName("the aliasing trainer")
    class Aliasing {
        @Test
        void anAliasIsTrainedLoadedAndContinuedAsItsBaseUnderItsOwnType() {
            AliasedTypeTrainer t = new AliasedTypeTrainer(new RidgeTrainer(), Map.of(WEEKLY.type(), RIDGE));
            assertThat(t.supportedTypes()).containsExactlyInAnyOrder(RIDGE, WEEKLY.type());
            assertThat(t.supportsSampleWeights(WEEKLY.type())).isTrue();
            assertThat(t.defaultParams(WEEKLY.type())).isEqualTo(new RidgeTrainer().defaultParams(RIDGE));
            var data = dev.clm.api.contract.TestDatasets.linear(600, 4, 1.0, 0.5, 1, 0);
            var validation = dev.clm.api.contract.TestDatasets.linear(200, 4, 1.0, 0.5, 2, 600L * 3_600_000L);
            try (TrainedModel m = t.train(WEEKLY.type(), data, validation, Map.of());
                 TrainedModel plain = t.train(RIDGE, data, validation, Map.of())) {
                assertThat(m.type()).isEqualTo(WEEKLY.type());
                assertThat(plain.type()).isEqualTo(RIDGE);
                assertThat(m.provenance()).containsEntry("alias_of", "ridge");
                assertThat(m.predict(validation)).containsExactly(plain.predict(validation));
                try (TrainedModel loaded = t.load(WEEKLY.type(), m.serialize());
                     TrainedModel next = t.trainIncremental(WEEKLY.type(), loaded, validation, validation, Map.of())) {
                    assertThat(loaded.type()).isEqualTo(WEEKLY.type());
                    assertThat(next.type()).isEqualTo(WEEKLY.type());
                }
                assertThatThrownBy(() -> t.trainIncremental(WEEKLY.type(), plain, validation, validation, Map.of()))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ridge.weekly");
            }
            assertThatThrownBy(() -> new AliasedTypeTrainer(new RidgeTrainer(), Map.of(WEEKLY.type(), ModelType.of("lstm"))))
                    .isInstanceOf(UnknownModelException.class).hasMessageContaining("lstm");
            assertThatThrownBy(() -> new AliasedTypeTrainer(new RidgeTrainer(), Map.of(RIDGE, RIDGE)))
                    .hasMessageContaining("already a type");
        }
    }

    @Nested
    @DisplayName("the manager")
    class Manager {
        MutableClock clock;
        AtomicReference<ShadowDecision> decision;

        @BeforeEach
        void setUp() {
            clock = MutableClock.at("2024-06-01T00:00:00Z");
            decision = new AtomicReference<>(ShadowDecision.PROMOTE);
        }

        ContinuousLearningManager.Builder builder() {
            ShadowTester fixed = (type, candidate, active, window) -> new ShadowTestResult(type, candidate.version(),
                    active == null ? null : active.version(), window.rows(), 0.01, 0.02, 0.5, 0.5, 0, 1, 0, 0, decision.get(),
                    "test: fixed decision", window.timeRange(), Map.of(), clock.instant());
            return ContinuousLearningManager.builder().clock(clock).dataClient(SyntheticDataClient.hourly(clock, 7))
                    .featureEngineer(new SimpleFeatureEngineer(12)).trainer(new RidgeTrainer()).shadowTester(fixed);
        }

        @Test
        void builderValidatesCadences() {
            assertThatThrownBy(() -> builder().cadence(TrainingCadence.weekly(ModelType.of("lstm"))).build())
                    .isInstanceOf(UnknownModelException.class).hasMessageContaining("lstm");
            assertThatThrownBy(() -> builder().cadence(WEEKLY).cadence(WEEKLY)).hasMessageContaining("twice");
            assertThatThrownBy(() -> builder().cadenceCheckInterval(Duration.ZERO)).hasMessageContaining("cadenceCheckInterval");
            ContinuousLearningManager m = builder().modelTypes(List.of()).cadence(WEEKLY).build();
            assertThat(m.modelTypes()).containsExactly(WEEKLY.type());
            assertThat(m.cadences()).containsOnlyKeys(WEEKLY.type());
            assertThat(m.trainer().supports(WEEKLY.type())).isTrue();
        }

        @Test
        @DisplayName("each type trains on its own lookback with its own retraining type and parameters")
        void lookbackTypeAndParams() {
            TrainingCadence quick = WEEKLY.withLookback(Duration.ofDays(20));
            ContinuousLearningManager m = builder().cadence(quick).trainingParams(RIDGE, Map.of("lambda", "0.1"))
                    .trainingParams(quick.type(), Map.of()).build();
            CycleReport first = m.runFullCycle(true, m.modelTypes());
            assertThat(first.failed()).isEmpty();
            assertThat(first.durations()).containsKeys("data", "data:PT480H", "split:PT480H");
            ModelArtifact base = m.registry().getActive(RIDGE).orElseThrow();
            ModelArtifact weekly = m.registry().getActive(quick.type()).orElseThrow();
            Instant now = clock.instant();
            assertThat(base.trainingRange().start()).isBefore(now.minus(Duration.ofDays(85)));
            assertThat(weekly.trainingRange().start()).isAfterOrEqualTo(now.minus(Duration.ofDays(20))).isBefore(now.minus(Duration.ofDays(15)));
            assertThat(weekly.trainingParams()).containsEntry("lambda", "0.1"); // the base type's parameters apply to its cadence
            assertThat(weekly.provenance()).containsEntry("retraining_type", "FULL"); // INCREMENTAL without an ACTIVE version
            assertThat(weekly.format()).isEqualTo(base.format());

            clock.advance(Duration.ofDays(7));
            CycleReport second = m.runFullCycle(true, m.modelTypes());
            assertThat(second.failed()).isEmpty();
            ModelArtifact weekly2 = m.registry().getActive(quick.type()).orElseThrow();
            assertThat(weekly2.parentVersion()).isEqualTo(weekly.version());
            assertThat(weekly2.provenance()).containsEntry("retraining_type", "INCREMENTAL");
            assertThat(m.registry().getActive(RIDGE).orElseThrow().parentVersion()).isNull(); // the base type stays FULL

            ContinuousLearningManager own = builder().cadence(quick).trainingParams(RIDGE, Map.of("lambda", "0.1"))
                    .trainingParams(quick.type(), Map.of("lambda", "0.5")).build();
            own.runFullCycle(true, List.of(quick.type()));
            assertThat(own.registry().getActive(quick.type()).orElseThrow().trainingParams()).containsEntry("lambda", "0.5");
        }

        @Test
        @DisplayName("a cadence whose lookback is too short fails alone; the other types still train")
        void tooShortALookbackFailsOnlyItsType() {
            TrainingCadence tiny = new TrainingCadence(ModelType.of("ridge.tiny"), RIDGE, Duration.ofDays(1), Duration.ofHours(6),
                    RetrainingType.FULL);
            ContinuousLearningManager m = builder().cadence(tiny).build();
            CycleReport r = m.runFullCycle(true, m.modelTypes());
            assertThat(r.status()).isEqualTo(CycleReport.Status.PARTIAL);
            assertThat(r.trained()).extracting(CycleReport.TrainedVersion::type).containsExactly(RIDGE);
            assertThat(r.failed()).singleElement().satisfies(f -> {
                assertThat(f.type()).isEqualTo(tiny.type());
                assertThat(f.stage()).isIn("features", "split");
            });
            // alone, the same failure fails the cycle as any data failure does
            CycleReport alone = m.runFullCycle(true, List.of(tiny.type()));
            assertThat(alone.status()).isEqualTo(CycleReport.Status.FAILED);
        }

        @Test
        @DisplayName("the cadence clock runs from the newest version of any status: a rejected candidate waits for the next slot")
        void rejectedCandidateWaitsForTheCadence() {
            ContinuousLearningManager m = builder().modelTypes(List.of(RIDGE)).cadence(WEEKLY).build();
            decision.set(ShadowDecision.REJECT);
            m.runFullCycle(false, List.of(WEEKLY.type()));
            assertThat(m.registry().history(WEEKLY.type(), 5)).singleElement()
                    .extracting(ModelArtifact::status).isEqualTo(ModelStatus.REJECTED);
            clock.advance(Duration.ofHours(1));
            Map<ModelType, Set<RetrainTrigger>> fired = m.checkIfRetrainNeeded();
            assertThat(fired.get(WEEKLY.type())).isEmpty();
            assertThat(fired.get(RIDGE)).containsExactly(RetrainTrigger.NEVER_TRAINED);
            clock.advance(Duration.ofDays(7).minusHours(1));
            assertThat(m.checkIfRetrainNeeded().get(WEEKLY.type())).containsExactly(RetrainTrigger.TIME);
            m.requestRetrain(WEEKLY.type(), RetrainTrigger.MANUAL);
            assertThat(m.checkIfRetrainNeeded().get(WEEKLY.type())).containsExactlyInAnyOrder(RetrainTrigger.TIME, RetrainTrigger.MANUAL);
        }
    }
}
