package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.CycleReport;
import dev.clm.api.Dataset;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.data.SyntheticDataClient;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.testing.WideSyntheticMarket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A candidate is judged on walk-forward folds: refits on the past only, more evidence, nothing leaked, refits closed. */
class WalkForwardCycleTest {
    static final ModelType A = ModelType.of("model_a");

    MutableClock clock;
    SyntheticDataClient data;
    ScriptedTrainer scripted;
    Recording trainer;

    /** Records every fit's training and validation rows; can refuse walk-forward refits like an ensemble trainer. */
    static final class Recording implements ModelTrainer {
        final ScriptedTrainer delegate;
        final List<Dataset> trains = new CopyOnWriteArrayList<>();
        final List<Dataset> validations = new CopyOnWriteArrayList<>();
        boolean walkForward = true;

        Recording(ScriptedTrainer delegate) {
            this.delegate = delegate;
        }

        @Override
        public Set<ModelType> supportedTypes() {
            return delegate.supportedTypes();
        }

        @Override
        public boolean supportsWalkForward(ModelType type) {
            return walkForward;
        }

        @Override
        public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
            trains.add(train);
            validations.add(validation);
            return delegate.train(type, train, validation, params);
        }

        @Override
        public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation, Map<String, String> params) {
            return delegate.trainIncremental(type, base, newData, validation, params);
        }

        @Override
        public TrainedModel load(ModelType type, byte[] bytes) {
            return delegate.load(type, bytes);
        }
    }

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2024-06-01T00:00:00Z");
        data = WideSyntheticMarket.hourly(clock, 7);
        scripted = new ScriptedTrainer(A);
        trainer = new Recording(scripted);
    }

    ContinuousLearningManager manager(int folds) {
        return ContinuousLearningManager.builder().clock(clock)
                .config(ClmConfig.builder().walkForwardFolds(folds).walkForwardFold(Duration.ofDays(20)).build())
                .dataClient(data).featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).build();
    }

    /** Predicts the label of a row it trained on (looked up by its features) and zero for any other row. */
    static ScriptedTrainer.Script memorising() {
        return d -> {
            Map<ByteBuffer, Double> seen = new HashMap<>();
            for (int i = 0; i < d.rows(); i++) seen.put(key(d.row(i, new float[d.columns()])), (double) d.labels()[i]);
            return row -> seen.getOrDefault(key(row), 0.0);
        };
    }

    static ByteBuffer key(float[] row) {
        ByteBuffer b = ByteBuffer.allocate(row.length * 4);
        for (float v : row) b.putFloat(v);
        b.flip();
        return b;
    }

    @Test
    @DisplayName("the splitter's folds: time-ordered, each trained only on labels known before it, the last is the ordinary split")
    void foldsAreTimeOrderedAndPurged() {
        Dataset d = new SimpleFeatureEngineer(12).transform(data.loadTrainingData(clock.instant().minus(Duration.ofDays(150)), clock.instant()));
        long windowStart = clock.instant().minus(Duration.ofDays(90)).toEpochMilli();
        long window = Duration.ofDays(90).toMillis(), fold = Duration.ofDays(20).toMillis();
        DatasetSplitter splitter = new DatasetSplitter(0.15, 0.15, 2, 100);
        DatasetSplitter.WalkForward wf = splitter.walkForward(d, windowStart, window, 4, fold);
        assertThat(wf.earlier()).hasSize(3);
        DatasetSplitter.Split ordinary = splitter.split(d.slice(d.indexAtOrAfter(windowStart), d.rows()));
        assertThat(wf.last().test().timestamps()).isEqualTo(ordinary.test().timestamps());
        assertThat(wf.last().train().timestamps()).isEqualTo(ordinary.train().timestamps());
        long previousTestEnd = Long.MIN_VALUE;
        for (DatasetSplitter.Split f : wf.folds()) {
            long testStart = f.test().timestamps()[0];
            assertThat(testStart).isGreaterThan(previousTestEnd);
            assertThat(f.train().labelEndTimestamps()[f.train().rows() - 1]).isLessThan(f.validation().timestamps()[0]);
            assertThat(max(f.validation().labelEndTimestamps())).isLessThan(testStart);
            // each refit's training window is the 90 days before its fold, no more
            assertThat(f.train().timestamps()[0]).isGreaterThanOrEqualTo(testStart - window - Duration.ofDays(1).toMillis());
            previousTestEnd = f.test().timestamps()[f.test().rows() - 1];
        }
        // earlier folds are 20 days of rows each, ending where the next begins
        for (int k = 0; k < 3; k++) {
            Dataset t = wf.earlier().get(k).test();
            assertThat(t.timestamps()[t.rows() - 1] - t.timestamps()[0]).isBetween(fold - Duration.ofDays(1).toMillis(), fold);
        }
        // an embargo of two bars leaves two timestamps out at the start of each test fold
        assertThat(wf.earlier().get(1).test().timestamps()[0]).isGreaterThan(wf.earlier().get(0).test().timestamps()[wf.earlier().get(0).test().rows() - 1]);
        // asking for more folds than the history allows keeps the newest ones only
        DatasetSplitter.WalkForward many = splitter.walkForward(d, windowStart, window, 8, fold); // 7 x 20 days reach before the data
        assertThat(many.requested()).isEqualTo(8);
        assertThat(many.earlier().size()).isLessThan(7);
        assertThat(many.earlier().get(0).test().timestamps()[0]).isGreaterThanOrEqualTo(d.timestamps()[0]);
        assertThat(many.folds()).last().isEqualTo(many.last());
    }

    @Test
    @DisplayName("with no ACTIVE version the candidate is judged on every fold; each refit saw only rows before its fold")
    void candidateIsJudgedOnAllFolds() {
        scripted.then(A, ContinuousLearningManagerTest.ridge());
        try (ContinuousLearningManager m = manager(4)) {
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.status()).isEqualTo(CycleReport.Status.COMPLETED);
            assertThat(scripted.trainCalls()).isEqualTo(1);
            assertThat(scripted.refitCalls()).isEqualTo(3);
            Dataset candidateTrain = trainer.trains.get(0);
            ModelArtifact v = m.registry().require(A, r.trained().get(0).version());
            assertThat(v.provenance()).containsEntry("walk_forward_folds", "4");
            int testRows = Integer.parseInt(v.provenance().get("test_rows"));
            int evaluated = Integer.parseInt(v.provenance().get("evaluation_rows"));
            assertThat(evaluated).isGreaterThan(4 * testRows);
            // the evidence spans three 20-day folds and the ~13.5-day test split
            java.time.Duration span = java.time.Duration.between(r.shadowResults().get(A).window().start(), r.shadowResults().get(A).window().end());
            assertThat(span.toHours()).isBetween(70L * 24, 75L * 24);
            assertThat(r.evaluations().get(A).candidate().samples()).isEqualTo(evaluated);
            assertThat(r.shadowResults().get(A).samples()).isEqualTo(evaluated);
            // refits: ever shorter history, every label known before the candidate's data ends
            for (int k = 1; k < trainer.trains.size(); k++) {
                Dataset t = trainer.trains.get(k);
                assertThat(t.timestamps()[t.rows() - 1]).isLessThan(candidateTrain.timestamps()[candidateTrain.rows() - 1]);
                assertThat(max(trainer.validations.get(k).labelEndTimestamps())).isLessThan(trainer.validations.get(0).timestamps()[0]);
            }
            assertThat(scripted.openModels()).as("refits and candidate closed").isZero();
        }
    }

    @Test
    @DisplayName("a model that memorises its training rows gains nothing: no fold row was in any refit's training data")
    void nothingLeaksIntoTheFolds() {
        scripted.then(A, memorising());
        try (ContinuousLearningManager m = manager(4)) {
            CycleReport r = m.runFullCycle(true, List.of(A));
            CycleReport.ModelEvaluation e = r.evaluations().get(A);
            // every forecast on the evidence rows was zero: the candidate's MAE is exactly the zero forecast's
            assertThat(e.candidate().mae()).isEqualTo(e.baseline().mae());
            assertThat(r.shadowResults().get(A).decision()).isEqualTo(ShadowDecision.REJECT);
            assertThat(m.registry().getActive(A)).isEmpty();
        }
    }

    @Test
    @DisplayName("a failed refit forecasts zero on its fold and says so; the cycle completes")
    void failedRefitForecastsZero() {
        AtomicInteger fits = new AtomicInteger();
        scripted.then(A, d -> {
            if (fits.incrementAndGet() == 2) throw new ModelTrainingException(A, "validation loss not below the zero forecast's");
            return ContinuousLearningManagerTest.ridge().fit(d);
        });
        try (ContinuousLearningManager m = manager(4)) {
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(r.status()).isEqualTo(CycleReport.Status.COMPLETED);
            assertThat(r.notes()).anySatisfy(n -> {
                assertThat(n.stage()).isEqualTo("walk-forward");
                assertThat(n.text()).contains("failed", "validation loss not below", "forecast as zero");
            });
            assertThat(scripted.openModels()).isZero();
        }
    }

    @Test
    @DisplayName("a type that cannot be refitted on the past (an ensemble) is judged on the test split alone, with a note")
    void typeWithoutRefitsUsesTheTestSplit() {
        scripted.then(A, ContinuousLearningManagerTest.ridge());
        trainer.walkForward = false;
        try (ContinuousLearningManager m = manager(4)) {
            CycleReport r = m.runFullCycle(true, List.of(A));
            assertThat(scripted.refitCalls()).isZero();
            ModelArtifact v = m.registry().require(A, r.trained().get(0).version());
            assertThat(v.provenance().get("evaluation_rows")).isEqualTo(v.provenance().get("test_rows"));
            assertThat(r.notes()).anySatisfy(n -> assertThat(n.text()).contains("test split alone"));
        }
    }

    @Test
    @DisplayName("with an ACTIVE version only rows after its data ended are compared, so only the folds there are refitted")
    void activeLimitsTheRows() {
        scripted.then(A, ContinuousLearningManagerTest.ridge());
        try (ContinuousLearningManager m = manager(4)) {
            m.runFullCycle(true, List.of(A));
            ModelArtifact active = m.registry().getActive(A).orElseThrow();
            int refitsBefore = scripted.refitCalls();
            clock.advance(Duration.ofDays(20));
            CycleReport r = m.runFullCycle(true, List.of(A));
            ModelArtifact v = m.registry().require(A, r.trained().get(0).version());
            assertThat(r.shadowResults().get(A).activeVersion()).isEqualTo(active.version());
            assertThat(r.shadowResults().get(A).window().start()).isAfter(active.trainingRange().end());
            int refits = scripted.refitCalls() - refitsBefore;
            assertThat(refits).isBetween(1, 2);
            assertThat(Integer.parseInt(v.provenance().get("walk_forward_folds"))).isEqualTo(refits + 1);
        }
    }

    @Test
    @DisplayName("sample weights reach every refit's train and validation rows, each cut off at the start of the next part")
    void refitsAreWeightedLikeTheCandidate() {
        scripted.then(A, ContinuousLearningManagerTest.ridge());
        List<String> cutOffs = new CopyOnWriteArrayList<>();
        dev.clm.train.SampleWeighting weighting = (rows, knownBefore) -> {
            cutOffs.add(rows.timestamps()[rows.rows() - 1] + "<" + knownBefore.toEpochMilli());
            return dev.clm.train.SampleWeights.classBalanced(rows);
        };
        try (ContinuousLearningManager m = ContinuousLearningManager.builder().clock(clock)
                .config(ClmConfig.builder().walkForwardFolds(4).walkForwardFold(Duration.ofDays(20)).build())
                .dataClient(data).featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).sampleWeighting(weighting).build()) {
            m.runFullCycle(true, List.of(A));
            assertThat(trainer.trains).hasSize(4).allSatisfy(t -> assertThat(t.weights()).isNotNull());
            assertThat(trainer.validations).hasSize(4).allSatisfy(v -> assertThat(v.weights()).isNotNull());
            assertThat(cutOffs).hasSize(8).allSatisfy(c -> {
                String[] p = c.split("<");
                assertThat(Long.parseLong(p[0])).isLessThan(Long.parseLong(p[1]));
            });
        }
    }

    static long max(long[] a) {
        long m = Long.MIN_VALUE;
        for (long v : a) m = Math.max(m, v);
        return m;
    }
}
