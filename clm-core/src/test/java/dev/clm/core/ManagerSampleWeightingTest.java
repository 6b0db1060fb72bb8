package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.CycleReport;
import dev.clm.api.Dataset;
import dev.clm.api.EvaluationResult;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelEvaluator;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowTester;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.data.SyntheticDataClient;
import dev.clm.eval.DefaultModelEvaluator;
import dev.clm.shadow.ReplayShadowTester;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.train.RidgeTrainer;
import dev.clm.train.SampleWeighting;
import dev.clm.train.SampleWeights;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The manager's sample-weighting hook: weights reach training and validation, computed with
 * the next split's start as the cut-off, never the evaluation or shadow rows; a trainer that
 * cannot use them is recorded as ignoring them; bad weights fail the cycle naming the row.
 */
class ManagerSampleWeightingTest {
    static final ModelType WEIGHTED = ModelType.of("ridge_w");
    static final ModelType UNWEIGHTED = ModelType.of("ridge_u");

    /** Ridge for both types; says it uses weights only for {@link #WEIGHTED} (the other ignores them: trained without). */
    static final class RecordingTrainer implements ModelTrainer {
        final List<Dataset> trainSplits = new CopyOnWriteArrayList<>();
        final List<Dataset> validationSplits = new CopyOnWriteArrayList<>();

        @Override
        public Set<ModelType> supportedTypes() {
            return Set.of(WEIGHTED, UNWEIGHTED);
        }

        @Override
        public boolean supportsSampleWeights(ModelType type) {
            return type.equals(WEIGHTED);
        }

        @Override
        public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
            trainSplits.add(train);
            validationSplits.add(validation);
            Dataset t = supportsSampleWeights(type) ? train : train.withWeights(null);
            Dataset v = supportsSampleWeights(type) ? validation : validation.withWeights(null);
            return new RidgeTrainer(type).train(type, t, v, params);
        }

        @Override
        public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                             Map<String, String> params) {
            return new RidgeTrainer(type).trainIncremental(type, base, newData, validation, params);
        }

        @Override
        public TrainedModel load(ModelType type, byte[] bytes) {
            return new RidgeTrainer(type).load(type, bytes);
        }
    }

    MutableClock clock;
    RecordingTrainer trainer;
    List<Dataset> evaluated;
    List<Dataset> shadowWindows;
    List<String> cutOffs;

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2024-06-01T00:00:00Z");
        trainer = new RecordingTrainer();
        evaluated = new CopyOnWriteArrayList<>();
        shadowWindows = new CopyOnWriteArrayList<>();
        cutOffs = new CopyOnWriteArrayList<>();
    }

    ContinuousLearningManager manager(SampleWeighting weighting) {
        DefaultModelEvaluator evaluator = new DefaultModelEvaluator(clock);
        ModelEvaluator recording = new ModelEvaluator() {
            @Override
            public EvaluationResult evaluatePredictions(double[] predictions, Dataset data) {
                evaluated.add(data);
                return evaluator.evaluatePredictions(predictions, data);
            }

            @Override
            public EvaluationResult compareToActive(EvaluationResult candidate, EvaluationResult active) {
                return evaluator.compareToActive(candidate, active);
            }
        };
        ReplayShadowTester replay = new ReplayShadowTester(ContinuousLearningManager.shadowPolicyFrom(ClmConfig.defaults()), clock);
        ShadowTester shadow = (type, candidate, active, window) -> {
            shadowWindows.add(window);
            return replay.runShadowTest(type, candidate, active, window);
        };
        // one split: this test follows the weights of the candidate's own splits (WalkForwardCycleTest covers the folds')
        return ContinuousLearningManager.builder().clock(clock).config(ClmConfig.builder().walkForwardFolds(1).build())
                .dataClient(SyntheticDataClient.hourly(clock, 7))
                .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).evaluator(recording).shadowTester(shadow)
                .sampleWeighting(weighting).build();
    }

    @Test
    @DisplayName("weights reach train and validation with the next split's start as cut-off; evaluation and shadow rows stay unweighted")
    void weightsReachTrainingOnly() {
        SampleWeighting classBalance = SampleWeights.classBalance();
        SampleWeighting recordingCutOff = (rows, knownBefore) -> {
            cutOffs.add(rows.timestamps()[0] + ".." + rows.timestamps()[rows.rows() - 1] + "<" + knownBefore.toEpochMilli());
            return classBalance.weights(rows, knownBefore);
        };
        ContinuousLearningManager m = manager(recordingCutOff);
        CycleReport r = m.runFullCycle(true, List.of(WEIGHTED, UNWEIGHTED));
        assertThat(r.status()).isEqualTo(CycleReport.Status.COMPLETED);
        assertThat(r.failed()).isEmpty();
        assertThat(trainer.trainSplits).hasSize(2);
        Dataset train = trainer.trainSplits.get(0), validation = trainer.validationSplits.get(0);
        assertThat(train.weights()).isNotNull().containsExactly(SampleWeights.classBalanced(train));
        assertThat(validation.weights()).isNotNull().containsExactly(SampleWeights.classBalanced(validation));
        assertThat(new java.util.HashSet<>(java.util.Arrays.asList(box(train.weights())))).as("two class weights").hasSize(2);
        // cut-offs: the train split's weights may use what was known before validation started, and so on
        Dataset test = evaluated.get(0);
        assertThat(cutOffs).containsExactly(
                train.timestamps()[0] + ".." + train.timestamps()[train.rows() - 1] + "<" + validation.timestamps()[0],
                validation.timestamps()[0] + ".." + validation.timestamps()[validation.rows() - 1] + "<" + test.timestamps()[0]);
        assertThat(train.labelEndTimestamps()[train.rows() - 1]).isLessThan(validation.timestamps()[0]);
        assertThat(evaluated).isNotEmpty().allSatisfy(d -> assertThat(d.weights()).as("evaluation rows").isNull());
        assertThat(shadowWindows).isNotEmpty().allSatisfy(d -> assertThat(d.weights()).as("shadow rows").isNull());
        ModelArtifact w = m.registry().history(WEIGHTED, 1).get(0);
        ModelArtifact u = m.registry().history(UNWEIGHTED, 1).get(0);
        assertThat(w.provenance()).containsEntry("sample_weights", "used");
        assertThat(u.provenance()).containsEntry("sample_weights", "ignored");
    }

    @Test
    @DisplayName("bad weights fail the cycle naming the split and the row; the active version is untouched")
    void badWeightsFailTheCycle() {
        AtomicBoolean broken = new AtomicBoolean(false);
        ContinuousLearningManager m = manager((rows, knownBefore) -> {
            float[] w = SampleWeights.classBalanced(rows);
            if (broken.get()) w[5] = -1f;
            return w;
        });
        CycleReport first = m.runFullCycle(true, List.of(WEIGHTED));
        assertThat(first.status()).isEqualTo(CycleReport.Status.COMPLETED);
        var activeBefore = m.registry().getActive(WEIGHTED).map(ModelArtifact::version);
        broken.set(true);
        clock.advance(java.time.Duration.ofDays(1));
        CycleReport r = m.runFullCycle(true, List.of(WEIGHTED));
        assertThat(r.status()).isEqualTo(CycleReport.Status.FAILED);
        assertThat(r.message()).contains("train split").contains("row 5").contains("weights");
        assertThat(m.registry().getActive(WEIGHTED).map(ModelArtifact::version)).isEqualTo(activeBefore);
    }

    static Float[] box(float[] a) {
        Float[] out = new Float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i];
        return out;
    }
}
