package dev.clm.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.TrainedModel;
import dev.clm.train.RidgeTrainer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OnlineLearnerTest {
    private static final double[] BETA = {0.8, -0.5, 0.3, 0.0, 0.6, -0.2};
    private static final OnlineLearnerConfig DIRECTION = OnlineLearnerConfig.defaults().withObjective(OnlineLearnerConfig.Objective.DIRECTION);

    @Nested
    @DisplayName("direction (logistic) mode")
    class Direction {
        @Test
        void learnsTheDirectionWellAboveChance() {
            SyntheticStream s = new SyntheticStream(10_000, BETA, BETA, Integer.MAX_VALUE, 0.3, 0.0, 3);
            OnlineLearner learner = new OnlineLearner(DIRECTION, s.names());
            int correct = 0, counted = 0;
            for (int i = 0; i < s.rows; i++) {
                float[] row = s.row(i);
                if (i >= s.rows / 2) {
                    double p = learner.probabilityUp(row);
                    double forecast = learner.predict(row);
                    assertThat(forecast > 0).isEqualTo(p > 0.5);
                    if ((forecast > 0) == (s.y[i] > 0)) correct++;
                    counted++;
                }
                learner.learnOne(row, s.y[i], 1.0);
            }
            double accuracy = (double) correct / counted;
            System.out.printf("direction accuracy (prequential, second half): %.3f%n", accuracy);
            assertThat(accuracy).isGreaterThan(0.8);
        }

        @Test
        void forecastIsTheSignedConfidenceTimesTheMeanAbsoluteLabel() {
            SyntheticStream s = new SyntheticStream(3_000, BETA, BETA, Integer.MAX_VALUE, 0.3, 0.0, 4);
            OnlineLearner learner = new OnlineLearner(DIRECTION, s.names());
            learner.learnBatch(s.dataset(0, s.rows));
            double meanAbs = 0;
            for (int i = s.rows - 1000; i < s.rows; i++) meanAbs += Math.abs(s.y[i]); // the window's rows
            meanAbs /= 1000;
            float[] row = s.row(5);
            double p = learner.probabilityUp(row);
            assertThat(learner.predict(row)).isCloseTo((2 * p - 1) * meanAbs, within(1e-12));
        }

        @Test
        void predictedPositiveRateFollowsTheClassBalance() {
            double[] rate = new double[3];
            double[] offsets = {-1.0, 0.0, 1.0};
            for (int k = 0; k < 3; k++) {
                SyntheticStream s = new SyntheticStream(6_000, BETA, BETA, Integer.MAX_VALUE, 0.3, offsets[k], 10 + k);
                OnlineLearner learner = new OnlineLearner(DIRECTION, s.names());
                int positive = 0, actual = 0;
                for (int i = 0; i < s.rows; i++) {
                    float[] row = s.row(i);
                    if (i >= 3_000) {
                        if (learner.predict(row) > 0) positive++;
                        if (s.y[i] > 0) actual++;
                    }
                    learner.learnOne(row, s.y[i], 1.0);
                }
                rate[k] = positive / 3000.0;
                System.out.printf("class balance %.3f up -> predicted up rate %.3f%n", actual / 3000.0, rate[k]);
            }
            assertThat(rate[0]).isLessThan(rate[1] - 0.15);
            assertThat(rate[1]).isLessThan(rate[2] - 0.15);
        }
    }

    @Nested
    @DisplayName("snapshots")
    class Snapshots {
        @Test
        void roundTripRestoresIdenticalPredictionsAndIdenticalFutureUpdates() {
            for (OnlineLearnerConfig c : List.of(OnlineLearnerConfig.defaults(), OnlineLearnerConfig.defaults().withDecay(0.99), DIRECTION,
                    OnlineLearnerConfig.defaults().withForgetting(OnlineLearnerConfig.Forgetting.NONE)
                            .withLearningRate(OnlineLearnerConfig.LearningRate.INVERSE_SCALING, 0.5, 0.6))) {
                SyntheticStream s = new SyntheticStream(5_000, BETA, BETA, Integer.MAX_VALUE, 0.5, 0.1, 5);
                OnlineLearner original = new OnlineLearner(c, s.names());
                original.learnBatch(s.dataset(0, 2_500));
                byte[] bytes = original.snapshot();
                OnlineLearner restored = OnlineLearner.fromSnapshot(bytes);
                assertThat(restored.config()).isEqualTo(c);
                assertThat(restored.featureNames()).isEqualTo(s.names());
                assertThat(restored.updates()).isEqualTo(2_500);
                for (int i = 2_500; i < s.rows; i++) {
                    float[] row = s.row(i);
                    assertThat(restored.predict(row)).as("row %d, %s", i, c).isEqualTo(original.predict(row));
                    original.learnOne(row, s.y[i], 1 + (i % 3));
                    restored.learnOne(row, s.y[i], 1 + (i % 3));
                }
                assertThat(restored.snapshot()).isEqualTo(original.snapshot());
                assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"format\":\"clm-online-json\"");
            }
        }

        @Test
        void malformedSnapshotsAreRejectedNamingTheField() {
            OnlineLearner l = new OnlineLearner(OnlineLearnerConfig.defaults().withWindow(10), List.of("a", "b"));
            l.learnOne(new float[] {1, 2}, 0.01, 1);
            l.learnOne(new float[] {2, 1}, -0.01, 1);
            String good = new String(l.snapshot(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(OnlineLearner.fromSnapshot(good.getBytes()).predict(new float[] {1, 1})).isEqualTo(l.predict(new float[] {1, 1}));

            rejects(new byte[0], "(document)");
            rejects("not json".getBytes(), "(document)");
            rejects("[1, 2]".getBytes(), "(document)");
            rejects(good.replace("clm-online-json", "clm-ridge-v1"), "format");
            rejects(good.replace("\"format_version\":1", "\"format_version\":2"), "format_version");
            rejects(good.replace("\"features\":[\"a\",\"b\"]", "\"features\":[\"a\",\"b\",\"c\"]"), "state.coefficients");
            rejects(good.replace("\"decay\":\"0.95\"", "\"decay\":\"1.5\""), "config.decay");
            rejects(good.replace("\"objective\":\"regression\"", "\"objective\":\"sideways\""), "config.objective");
            rejects(good.replace("\"window_rows\":\"10\"", "\"window_rows\":\"11\""), "state.window.rows_f32le");
            rejects(good.replace("\"head\":2", "\"head\":5"), "state.window.head");
            rejects(good.replace("\"updates\":2", "\"updates\":-2"), "state.updates");
            rejects(good.replace("\"updates\":2", "\"updates\":\"two\""), "state.updates");
            rejects(good.replaceFirst("\"intercept\":[^,]*,", ""), "state.intercept");
            rejects(good.replace("\"forgetting\":\"window\"", "\"forgetting\":\"decay\""), "state.window");
        }

        private void rejects(String json, String field) {
            rejects(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), field);
        }

        private void rejects(byte[] bytes, String field) {
            assertThatThrownBy(() -> OnlineLearner.fromSnapshot(bytes)).isInstanceOfSatisfying(OnlineSnapshotException.class,
                    e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field)).hasMessageContaining(field);
        }
    }

    @Nested
    @DisplayName("configuration and bad input")
    class BadInput {
        @Test
        void configRejectsBadValuesNamingTheField() {
            OnlineLearnerConfig d = OnlineLearnerConfig.defaults();
            assertThatThrownBy(() -> d.withDecay(1.0)).hasMessageContaining("decay").hasMessageContaining("1.0");
            assertThatThrownBy(() -> d.withDecay(0)).hasMessageContaining("decay");
            assertThatThrownBy(() -> d.withWindow(1)).hasMessageContaining("windowRows");
            assertThatThrownBy(() -> d.withLearningRate(OnlineLearnerConfig.LearningRate.CONSTANT, 0, 1)).hasMessageContaining("eta0");
            assertThatThrownBy(() -> d.withLearningRate(OnlineLearnerConfig.LearningRate.CONSTANT, 1, 1.5)).hasMessageContaining("power");
            assertThatThrownBy(() -> d.withL2(-1)).hasMessageContaining("l2");
            assertThatThrownBy(() -> d.withL2(Double.NaN)).hasMessageContaining("l2");
            assertThatThrownBy(() -> d.withObjective(null)).hasMessageContaining("objective");
            assertThatThrownBy(() -> OnlineLearnerConfig.fromParams(Map.of("no_such_param", "1"))).hasMessageContaining("no_such_param");
            assertThatThrownBy(() -> OnlineLearnerConfig.fromParams(Map.of("window_rows", "many"))).hasMessageContaining("window_rows");
            assertThatThrownBy(() -> OnlineLearnerConfig.fromParams(Map.of("forgetting", "sometimes"))).hasMessageContaining("forgetting");
            assertThat(OnlineLearnerConfig.fromParams(d.toParams())).isEqualTo(d);
            assertThat(OnlineLearnerConfig.fromParams(Map.of("objective", "DIRECTION", "forgetting", "decay", "decay", "0.99")))
                    .isEqualTo(d.withObjective(OnlineLearnerConfig.Objective.DIRECTION).withDecay(0.99));
        }

        @Test
        void rejectedRowsChangeNothing() {
            OnlineLearner l = new OnlineLearner(OnlineLearnerConfig.defaults(), List.of("a", "b"));
            l.learnOne(new float[] {1, 2}, 0.01, 1);
            l.learnOne(new float[] {3, 1}, -0.02, 1);
            byte[] before = l.snapshot();
            assertThatThrownBy(() -> l.learnOne(new float[] {1}, 0.01, 1)).hasMessageContaining("expected 2");
            assertThatThrownBy(() -> l.learnOne(new float[] {1, Float.NaN}, 0.01, 1)).hasMessageContaining("'b'");
            assertThatThrownBy(() -> l.learnOne(new float[] {1, 2}, Double.NaN, 1)).hasMessageContaining("label");
            assertThatThrownBy(() -> l.learnOne(new float[] {1, 2}, 0.01, -1)).hasMessageContaining("weight");
            assertThatThrownBy(() -> l.predict(new float[3])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 2");
            Dataset bad = dataset(new float[] {1, 2, 3, Float.POSITIVE_INFINITY}, new float[] {0.01f, 0.02f}, null);
            assertThatThrownBy(() -> l.learnBatch(bad)).isInstanceOf(InvalidDataException.class).hasMessageContaining("row 1");
            // a negative weight cannot even reach learnBatch: the Dataset rejects it, naming the row
            assertThatThrownBy(() -> dataset(new float[] {1, 2, 3, 4}, new float[] {0.01f, 0.02f}, new float[] {1, -1}))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 1").hasMessageContaining("weights");
            assertThat(l.snapshot()).isEqualTo(before);
        }

        @Test
        void zeroWeightRowsAreIgnoredExactlyAndDatasetWeightsAreUsed() {
            SyntheticStream s = new SyntheticStream(2_000, BETA, BETA, Integer.MAX_VALUE, 0.5, 0.0, 8);
            Dataset all = s.dataset(0, s.rows);
            float[] w = new float[s.rows];
            for (int i = 0; i < w.length; i++) w[i] = i % 4 == 0 ? 0f : 1f + (i % 3);
            Dataset weighted = withWeights(all, w);
            OnlineLearner a = new OnlineLearner(OnlineLearnerConfig.defaults(), s.names());
            a.learnBatch(weighted);
            OnlineLearner b = new OnlineLearner(OnlineLearnerConfig.defaults(), s.names());
            float[] row = new float[s.features];
            for (int i = 0; i < s.rows; i++) if (w[i] > 0) b.learnOne(all.row(i, row), s.y[i], w[i]);
            assertThat(a.snapshot()).isEqualTo(b.snapshot());
            assertThat(a.updates()).isEqualTo(1_500);
            OnlineLearner unweighted = new OnlineLearner(OnlineLearnerConfig.defaults(), s.names());
            unweighted.learnBatch(all);
            assertThat(unweighted.predict(s.row(0))).isNotEqualTo(a.predict(s.row(0)));
        }
    }

    @Nested
    @DisplayName("initialisation from a batch model")
    class Initialisation {
        @Test
        void startsWhereTheBatchModelIsThenAdaptsToRealLabels() {
            double[] after = {-0.6, 0.4, 0.0, 0.5, -0.3, 0.2};
            SyntheticStream s = new SyntheticStream(12_000, BETA, after, 6_000, 0.5, 0.0, 21);
            try (TrainedModel batch = new RidgeTrainer().train(RidgeTrainer.RIDGE, s.dataset(0, 4_000), s.dataset(4_000, 5_000),
                    Map.of("lambda", "0"))) {
                OnlineLearner learner = new OnlineLearner(OnlineLearnerConfig.defaults(), s.names());
                learner.initialiseFrom(batch, s.dataset(4_000, 6_000));
                // imitates the batch model on rows neither has seen
                double diff = 0, spread = 0;
                for (int i = 5_000; i < 6_000; i++) {
                    float[] row = s.row(i);
                    double b = batch.predict(row);
                    diff += Math.pow(learner.predict(row) - b, 2);
                    spread += b * b;
                }
                System.out.printf("initialised learner vs batch model: mean squared difference %.2e, batch prediction power %.2e%n",
                        diff / 1000, spread / 1000);
                assertThat(diff).isLessThan(0.01 * spread);
                // then real labels after the change move it away from the frozen batch model
                double seOnline = 0, seBatch = 0;
                for (int i = 6_000; i < s.rows; i++) {
                    float[] row = s.row(i);
                    if (i >= 9_000) {
                        seOnline += Math.pow(learner.predict(row) - s.y[i], 2);
                        seBatch += Math.pow(batch.predict(row) - s.y[i], 2);
                    }
                    learner.learnOne(row, s.y[i], 1);
                }
                assertThat(seOnline).isLessThan(0.25 * seBatch);
            }
        }

        @Test
        void rejectsABatchModelWithOtherFeatures() {
            SyntheticStream s = new SyntheticStream(600, BETA, BETA, Integer.MAX_VALUE, 0.5, 0.0, 2);
            try (TrainedModel batch = new RidgeTrainer().train(RidgeTrainer.RIDGE, s.dataset(0, 500), s.dataset(500, 600), Map.of())) {
                OnlineLearner learner = new OnlineLearner(OnlineLearnerConfig.defaults(), List.of("x", "y", "z", "u", "v", "w"));
                assertThatThrownBy(() -> learner.initialiseFrom(batch, s.dataset(0, 500))).hasMessageContaining("features");
            }
        }
    }

    @Test
    void aRowFarOutsideTheWindowCannotProduceAnAbsurdForecast() {
        // like a day-of-week feature: constant for the whole window, then it changes
        OnlineLearner l = new OnlineLearner(OnlineLearnerConfig.defaults(), List.of("trend", "weekday"));
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            float trend = (float) SyntheticStream.gaussian(rnd);
            l.learnOne(new float[] {trend, 0.7818f}, 0.01 * (0.5 * trend + 0.5 * SyntheticStream.gaussian(rnd)), 1);
        }
        double forecast = l.predict(new float[] {1f, 0.9749f});
        assertThat(forecast).isCloseTo(l.predict(new float[] {1f, 0.7818f}), within(1e-12)); // a constant column has no weight
        for (int i = 0; i < 20; i++) {
            float trend = (float) SyntheticStream.gaussian(rnd);
            l.learnOne(new float[] {trend, 0.9749f}, 0.01 * (0.5 * trend + 0.5 * SyntheticStream.gaussian(rnd)), 1);
            // the new value is ~sqrt(window / changed rows) standard deviations out: clipped at 5
            assertThat(Math.abs(l.predict(new float[] {1f, 0.9749f}))).isLessThan(0.05);
            assertThat(Math.abs(l.predict(new float[] {1f, 1e6f}))).isLessThan(0.05);
        }
        OnlineLearner unclipped = new OnlineLearner(OnlineLearnerConfig.defaults().withZClip(Double.POSITIVE_INFINITY), List.of("a"));
        unclipped.learnOne(new float[] {0}, 0.01, 1);
        unclipped.learnOne(new float[] {1}, 0.02, 1);
        assertThat(Math.abs(unclipped.predict(new float[] {1e6f}))).isGreaterThan(100);
    }

    @Test
    void continueWithKeepsTheStateAndRefusesAnIncompatibleChange() {
        SyntheticStream s = new SyntheticStream(3_000, BETA, BETA, Integer.MAX_VALUE, 0.5, 0.0, 9);
        OnlineLearner l = new OnlineLearner(OnlineLearnerConfig.defaults(), s.names());
        l.learnBatch(s.dataset(0, 2_000));
        OnlineLearner faster = l.continueWith(OnlineLearnerConfig.defaults().withLearningRate(OnlineLearnerConfig.LearningRate.CONSTANT, 0.01, 1));
        assertThat(faster.predict(s.row(2_500))).isEqualTo(l.predict(s.row(2_500)));
        assertThat(faster.updates()).isEqualTo(2_000);
        assertThatThrownBy(() -> l.continueWith(OnlineLearnerConfig.defaults().withWindow(500))).hasMessageContaining("window_rows");
        assertThatThrownBy(() -> l.continueWith(DIRECTION)).hasMessageContaining("objective");
    }

    private static Dataset dataset(float[] x, float[] y, float[] w) {
        int n = y.length;
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) ts[i] = 1_000L * i;
        return new Dataset(List.of("a", "b"), List.of("S"), ts, ts.clone(), new int[n], x, y, w);
    }

    private static Dataset withWeights(Dataset d, float[] w) {
        return new Dataset(d.featureNames(), d.symbols(), d.timestamps(), d.labelEndTimestamps(), d.symbolIds(), d.features(), d.labels(),
                Arrays.copyOf(w, w.length));
    }
}
