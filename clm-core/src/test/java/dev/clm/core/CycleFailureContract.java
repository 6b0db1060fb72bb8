package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ClmEvent;
import dev.clm.api.CycleReport;
import dev.clm.api.DataClient;
import dev.clm.api.Dataset;
import dev.clm.api.EventTopics;
import dev.clm.api.JobStatus;
import dev.clm.api.MarketData;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RetrainingType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.data.SyntheticDataClient;
import dev.clm.events.InProcessEventBus;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever a data client or a trainer throws inside a cycle, the job ends FAILED (or the type
 * fails alone), the job lock is released, the report or the rethrown error says what happened
 * and the next cycle runs; statuses tell the truth; a broken ACTIVE artifact does not block its
 * type. Subclasses give the registry and job store (in memory, JDBC).
 */
public abstract class CycleFailureContract {
    protected static final ModelType A = ModelType.of("model_a");
    protected static final ModelType B = ModelType.of("model_b");

    protected MutableClock clock;
    protected FailingData data;
    protected BreakableTrainer trainer;
    protected ScriptedTrainer scripts;
    protected InProcessEventBus events;
    protected List<ClmEvent> published;
    protected ModelRegistry registry;
    protected RetrainingJobStore jobs;

    /** A fresh registry on {@code clock}. */
    protected abstract ModelRegistry newRegistry(Clock clock);

    /** A fresh job store on {@code clock}. */
    protected abstract RetrainingJobStore newJobStore(Clock clock);

    /**
     * The job store of another process sharing the first one's (default: the same store, as
     * another manager in this process would share it). With a database: a second pool.
     */
    protected RetrainingJobStore otherProcessJobStore() {
        return jobs;
    }

    /** Damages the stored artifact of {@code version} so it no longer loads (default: the trainer refuses its bytes). */
    protected void corrupt(ModelType type, String version) {
        trainer.refuse(registry.loadBytes(type, version));
    }

    @BeforeEach
    void setUpCycleFailureContract() {
        clock = MutableClock.at("2024-06-01T00:00:00Z");
        data = new FailingData(dev.clm.testing.WideSyntheticMarket.hourly(clock, 7));
        scripts = new ScriptedTrainer(A, B);
        trainer = new BreakableTrainer(scripts);
        events = new InProcessEventBus(clock);
        published = new CopyOnWriteArrayList<>();
        events.subscribe("*", published::add);
        registry = newRegistry(clock);
        jobs = newJobStore(clock);
    }

    protected ContinuousLearningManager manager(ClmConfig config) {
        return ContinuousLearningManager.builder().clock(clock).config(config).dataClient(data)
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).events(events).registry(registry).jobStore(jobs)
                .modelTypes(List.of(A, B)).build();
    }

    protected ContinuousLearningManager manager() {
        return manager(ClmConfig.defaults());
    }

    /** A real ridge fit on the training split: genuine skill on the synthetic market, so it beats the zero forecast. */
    protected static ScriptedTrainer.Script ridge() {
        return d -> {
            Dataset val = d.slice(d.rows() * 4 / 5, d.rows());
            TrainedModel m = new RidgeTrainer().train(RidgeTrainer.RIDGE, d, val, Map.of("lambda", "0.01"));
            return (Function<float[], Double>) m::predict;
        };
    }

    static Stream<Arguments> throwables() {
        return Stream.of(
                Arguments.of("AssertionError", (Supplier<Throwable>) () -> new AssertionError("invariant broken in the client")),
                Arguments.of("NoClassDefFoundError", (Supplier<Throwable>) () -> new NoClassDefFoundError("com/vendor/NativeBridge")),
                Arguments.of("sneaky IOException", (Supplier<Throwable>) () -> new IOException("socket closed by peer")),
                Arguments.of("ExceptionInInitializerError", (Supplier<Throwable>) () -> new ExceptionInInitializerError("static init")),
                Arguments.of("StackOverflowError", (Supplier<Throwable>) () -> new StackOverflowError("deep recursion")),
                Arguments.of("OutOfMemoryError", (Supplier<Throwable>) () -> new OutOfMemoryError("Java heap space")));
    }

    /** Throws {@code t} from code that cannot declare it, as a library compiled from another JVM language may. */
    @SuppressWarnings("unchecked")
    static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }

    /** The lock is free: a cycle of another process runs, and then one of this manager. */
    private void assertNoJobRunningAndNextCycleRuns(ContinuousLearningManager m) {
        assertThat(jobs.running()).as("the job lock was released").isEmpty();
        assertThat(m.isCycleRunning()).isFalse();
        data.failure.set(null);
        scripts.replace(A, ridge());
        scripts.replace(B, ridge());
        RetrainingJobStore other = otherProcessJobStore();
        assertThat(other.running()).isEmpty();
        ContinuousLearningManager elsewhere = ContinuousLearningManager.builder().clock(clock).dataClient(data)
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).registry(registry).jobStore(other)
                .modelTypes(List.of(A, B)).build();
        clock.advance(Duration.ofHours(1));
        CycleReport there = elsewhere.runFullCycle(true, List.of(A));
        assertThat(there.status()).as(there.message()).isEqualTo(CycleReport.Status.COMPLETED);
        clock.advance(Duration.ofHours(1));
        CycleReport next = m.runFullCycle(true, List.of(A, B));
        assertThat(next.status()).as(next.message()).isEqualTo(CycleReport.Status.COMPLETED);
        assertThat(jobs.find(next.jobId()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Nested
    @DisplayName("anything the data client throws")
    class FromTheDataClient {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.clm.core.CycleFailureContract#throwables")
        @DisplayName("ends the job FAILED with the error, releases the lock, and the next cycle runs")
        void endsTheJobFailed(String name, Supplier<Throwable> error) {
            Throwable thrown = error.get();
            data.failure.set(thrown);
            ContinuousLearningManager m = manager();
            String simpleName = thrown.getClass().getSimpleName();
            if (CycleErrors.isFatal(thrown)) {
                assertThatThrownBy(() -> m.runFullCycle(true, List.of(A, B))).as("a VirtualMachineError is rethrown unchanged")
                        .isSameAs(thrown);
            } else {
                CycleReport r = m.runFullCycle(true, List.of(A, B));
                assertThat(r.status()).isEqualTo(CycleReport.Status.FAILED);
                assertThat(r.message()).contains("stage data", simpleName, thrown.getMessage());
            }
            RetrainingJob job = jobs.recent(1).get(0);
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).contains(simpleName, thrown.getMessage());
            assertThat(published).extracting(ClmEvent::topic).contains(EventTopics.RETRAINING_FAILED);
            assertThat(registry.getActive(A)).isEmpty();
            assertNoJobRunningAndNextCycleRuns(m);
        }
    }

    @Nested
    @DisplayName("anything a trainer throws")
    class FromATrainer {
        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.clm.core.CycleFailureContract#throwables")
        @DisplayName("fails that type alone (a VirtualMachineError ends the cycle after clean-up); the next cycle runs")
        void isIsolated(String name, Supplier<Throwable> error) {
            Throwable thrown = error.get();
            scripts.then(A, d -> { throw sneaky(thrown); });
            scripts.then(B, ridge());
            ContinuousLearningManager m = manager();
            String simpleName = thrown.getClass().getSimpleName();
            if (CycleErrors.isFatal(thrown)) {
                assertThatThrownBy(() -> m.runFullCycle(true, List.of(A, B))).isSameAs(thrown);
                RetrainingJob job = jobs.recent(1).get(0);
                assertThat(job.status()).isEqualTo(JobStatus.FAILED);
                assertThat(job.error()).contains(simpleName, thrown.getMessage(), "while running " + A, "the cycle was ended");
                assertThat(published).extracting(ClmEvent::topic).contains(EventTopics.RETRAINING_FAILED);
            } else {
                CycleReport r = m.runFullCycle(true, List.of(A, B));
                assertThat(r.status()).isEqualTo(CycleReport.Status.PARTIAL);
                assertThat(r.failed()).singleElement().satisfies(f -> {
                    assertThat(f.type()).isEqualTo(A);
                    assertThat(f.stage()).isEqualTo("train");
                    assertThat(f.reason()).contains(simpleName, thrown.getMessage());
                });
                assertThat(r.message()).contains("model_a at train", simpleName);
                assertThat(r.trained()).extracting(CycleReport.TrainedVersion::type).containsExactly(B);
                RetrainingJob job = jobs.find(r.jobId()).orElseThrow();
                assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
                assertThat(job.modelsSucceeded()).isEqualTo(1);
            }
            assertThat(scripts.openModels()).as("every model the cycle opened is closed").isZero();
            assertNoJobRunningAndNextCycleRuns(m);
        }

        @Test
        @DisplayName("a fatal error in the second type keeps what the first type registered, undecided (SHADOW), nothing promoted")
        void fatalErrorAfterAGoodType() {
            OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
            scripts.then(A, ridge());
            scripts.then(B, d -> { throw oom; });
            ContinuousLearningManager m = manager();
            assertThatThrownBy(() -> m.runFullCycle(true, List.of(A, B))).isSameAs(oom);
            // the types of a cycle are decided together once all are tested: the fatal error came first
            assertThat(registry.getActive(A)).isEmpty();
            assertThat(registry.findByStatus(A, ModelStatus.SHADOW)).hasSize(1);
            assertThat(jobs.recent(1).get(0).error()).contains("while running " + B, "versions registered before it are kept");
            assertThat(scripts.openModels()).isZero();
            assertNoJobRunningAndNextCycleRuns(m);
        }
    }

    @Nested
    @DisplayName("statuses that tell the truth")
    class Statuses {
        @Test
        @DisplayName("every type failed: FAILED, and the job is FAILED naming each type and why")
        void everyTypeFailed() {
            scripts.then(A, ScriptedTrainer.failing(new IllegalStateException("native library crashed")));
            scripts.then(B, d -> { throw new AssertionError("bad shape"); });
            ContinuousLearningManager m = manager();
            CycleReport r = m.runFullCycle(true, List.of(A, B));
            assertThat(r.status()).isEqualTo(CycleReport.Status.FAILED);
            assertThat(r.failed()).extracting(CycleReport.ModelFailure::type).containsExactly(A, B);
            assertThat(r.message()).contains("every model type failed", "model_a at train (native library crashed)",
                    "model_b at train (AssertionError: bad shape)");
            RetrainingJob job = jobs.find(r.jobId()).orElseThrow();
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            assertThat(job.error()).isEqualTo(r.message());
            assertThat(published).extracting(ClmEvent::topic).contains(EventTopics.RETRAINING_FAILED)
                    .doesNotContain(EventTopics.RETRAINING_COMPLETED);
            assertNoJobRunningAndNextCycleRuns(m);
        }

        @Test
        @DisplayName("a data source that throws during the trigger check is a FAILED cycle with the error, never SKIPPED")
        void throwingTriggerCheckIsFailedNotSkipped() {
            scripts.then(A, ridge());
            scripts.then(B, ridge());
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A, B));
            clock.advance(Duration.ofHours(6)); // new bars: the DATA_VOLUME check asks the data source
            data.failure.set(new IllegalStateException("exchange API down"));
            CycleReport r = m.runFullCycle(false, List.of(A, B));
            assertThat(r.status()).isEqualTo(CycleReport.Status.FAILED);
            assertThat(r.message()).contains("trigger check failed", "exchange API down");
            assertThat(r.failed()).extracting(CycleReport.ModelFailure::stage).containsOnly("trigger-check");
            assertThat(published).extracting(ClmEvent::topic).contains(EventTopics.RETRAINING_FAILED);
            assertThat(jobs.running()).isEmpty();
        }

        @Test
        @DisplayName("one type's trigger check throwing while another type fires: PARTIAL, naming the check")
        void oneTriggerCheckFailsAnotherFires() {
            scripts.then(A, ridge());
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A));
            clock.advance(Duration.ofHours(6));
            data.failure.set(new IllegalStateException("exchange API down"));
            data.failOnlyCounts = true; // B has no ACTIVE version: NEVER_TRAINED fires without asking for counts
            scripts.then(B, ridge());
            CycleReport r = m.runFullCycle(false, List.of(A, B));
            assertThat(r.status()).as(r.message()).isEqualTo(CycleReport.Status.PARTIAL);
            assertThat(r.failed()).singleElement().satisfies(f -> {
                assertThat(f.type()).isEqualTo(A);
                assertThat(f.stage()).isEqualTo("trigger-check");
                assertThat(f.reason()).contains("exchange API down");
            });
            assertThat(r.trained()).extracting(CycleReport.TrainedVersion::type).containsExactly(B);
        }

        @Test
        @DisplayName("no trigger and no failed check: SKIPPED")
        void nothingDueIsSkipped() {
            scripts.then(A, ridge());
            scripts.then(B, ridge());
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A, B));
            assertThat(m.runFullCycle(false, List.of(A, B)).status()).isEqualTo(CycleReport.Status.SKIPPED);
        }
    }

    @Nested
    @DisplayName("a corrupted ACTIVE artifact")
    class CorruptedActive {
        @Test
        @DisplayName("does not block its type: the next cycle trains FULL from scratch, says so, and promotes against the zero forecast")
        void trainsFromScratch() {
            scripts.then(A, ridge());
            ContinuousLearningManager m = manager(ClmConfig.builder().retrainingType(RetrainingType.INCREMENTAL).build());
            m.runFullCycle(true, List.of(A));
            String broken = registry.getActive(A).orElseThrow().version();
            corrupt(A, broken);
            clock.advance(Duration.ofDays(8));
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.status()).as(r.message()).isEqualTo(CycleReport.Status.COMPLETED);
            assertThat(r.failed()).isEmpty();
            assertThat(scripts.incrementalCalls()).as("no warm start from broken bytes").isZero();
            CycleReport.TrainedVersion tv = r.trained().get(0);
            assertThat(tv.retrainingType()).isEqualTo(RetrainingType.FULL);
            assertThat(tv.parentVersion()).isNull();
            assertThat(r.notes()).filteredOn(n -> n.stage().equals("load-active")).singleElement().satisfies(n -> {
                assertThat(n.type()).isEqualTo(A);
                assertThat(n.text()).contains("ACTIVE version " + broken + " cannot be loaded", "from scratch", "zero-return forecast");
            });
            assertThat(r.evaluations().get(A).activeVersion()).as("compared against the zero forecast").isNull();
            assertThat(registry.getActive(A).map(ModelArtifact::version)).contains(tv.version());
            assertThat(registry.require(A, broken).status()).isEqualTo(ModelStatus.RETIRED);
            assertThat(scripts.openModels()).isZero();
        }

        @Test
        @DisplayName("fires ACTIVE_UNLOADABLE when the trigger check has to load it")
        void firesATrigger() {
            scripts.then(A, ridge());
            ContinuousLearningManager m = manager();
            m.runFullCycle(true, List.of(A));
            String broken = registry.getActive(A).orElseThrow().version();
            clock.advance(Duration.ofDays(3)); // enough live rows for the performance check, which loads the model
            corrupt(A, broken);
            CycleReport r = m.runFullCycle(false, List.of(A));
            assertThat(r.triggers().get(A)).contains(RetrainTrigger.ACTIVE_UNLOADABLE);
            assertThat(r.status()).as(r.message()).isEqualTo(CycleReport.Status.COMPLETED);
            assertThat(r.notes()).isNotEmpty();
        }
    }

    /** A data client that throws a given failure (any Throwable) from every call while it is set. */
    protected static final class FailingData implements DataClient {
        final DataClient delegate;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean failOnlyCounts;

        FailingData(DataClient delegate) {
            this.delegate = delegate;
        }

        private void maybeFail(boolean count) {
            Throwable t = failure.get();
            if (t != null && (count || !failOnlyCounts)) throw sneaky(t);
        }

        @Override
        public MarketData loadTrainingData(Instant start, Instant end) {
            maybeFail(false);
            return delegate.loadTrainingData(start, end);
        }

        @Override
        public MarketData loadRecentData(Duration lookback) {
            maybeFail(false);
            return delegate.loadRecentData(lookback);
        }

        @Override
        public MarketData loadValidationData(Duration lookback) {
            maybeFail(false);
            return delegate.loadValidationData(lookback);
        }

        @Override
        public long countBars(Instant start, Instant end) {
            maybeFail(true);
            return delegate.countBars(start, end);
        }
    }

    /** The scripted trainer, refusing to load the bytes it was told are damaged (as a trainer refuses a corrupt model). */
    protected static final class BreakableTrainer implements ModelTrainer {
        private final ScriptedTrainer delegate;
        private final Set<String> refused = ConcurrentHashMap.newKeySet();

        BreakableTrainer(ScriptedTrainer delegate) {
            this.delegate = delegate;
        }

        void refuse(byte[] bytes) {
            refused.add(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public Set<ModelType> supportedTypes() { return delegate.supportedTypes(); }

        @Override
        public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
            return delegate.train(type, train, validation, params);
        }

        @Override
        public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                             Map<String, String> params) {
            return delegate.trainIncremental(type, base, newData, validation, params);
        }

        @Override
        public TrainedModel load(ModelType type, byte[] bytes) {
            if (refused.contains(new String(bytes, StandardCharsets.UTF_8))) {
                throw new ModelTrainingException(type, null, "model bytes are damaged: unexpected tree node count", null);
            }
            return delegate.load(type, bytes);
        }
    }
}
