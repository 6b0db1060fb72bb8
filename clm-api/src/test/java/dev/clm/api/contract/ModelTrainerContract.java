package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ModelTrainer} / {@link TrainedModel} pair must have. Subclasses
 * supply the trainer, the type under test and (optionally) fast parameters for tests.
 */
public abstract class ModelTrainerContract {

    protected ModelTrainer trainer;
    protected Dataset train;
    protected Dataset validation;
    protected Dataset test;

    protected abstract ModelTrainer createTrainer();

    protected abstract ModelType type();

    /** Parameters that keep training fast in tests (merged over the trainer's defaults). */
    protected Map<String, String> fastParams() {
        return Map.of();
    }

    /** Whether predictions must survive serialize/load bit for bit (trees: yes). */
    protected boolean exactRoundTrip() {
        return true;
    }

    protected Dataset dataset(int rows, long seed, long startMillis) {
        return TestDatasets.linear(rows, 8, 1.0, 0.5, seed, startMillis);
    }

    @BeforeEach
    void setUpData() {
        trainer = createTrainer();
        long t0 = 1_700_000_000_000L;
        train = dataset(3000, 1, t0);
        validation = dataset(600, 2, t0 + 3000L * 3_600_000L);
        test = dataset(600, 3, t0 + 3600L * 3_600_000L);
    }

    @AfterEach
    void tearDown() {
        if (trainer instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // test cleanup only
            }
        }
    }

    @Nested
    @DisplayName("training and prediction")
    class Training {
        @Test
        void supportsItsType() {
            assertThat(trainer.supportedTypes()).contains(type());
        }

        @Test
        void trainedModelPredictsFiniteValuesForEveryRowAndSingleRowsAgree() {
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams())) {
                assertThat(m.type()).isEqualTo(type());
                double[] p = m.predict(test);
                assertThat(p).hasSize(test.rows());
                for (double v : p) assertThat(v).isFinite();
                float[] row = new float[test.columns()];
                for (int i = 0; i < 20; i++) {
                    assertThat(m.predict(test.row(i, row))).isCloseTo(p[i], org.assertj.core.data.Offset.offset(1e-6 + Math.abs(p[i]) * 1e-5));
                }
                assertThat(m.featureNames()).isEqualTo(test.featureNames());
            }
        }

        @Test
        void learnsAPlantedSignalBetterThanZero() {
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams())) {
                double[] p = m.predict(test);
                double mseModel = 0, mseZero = 0;
                for (int i = 0; i < p.length; i++) {
                    double y = test.labels()[i];
                    mseModel += (p[i] - y) * (p[i] - y);
                    mseZero += y * y;
                }
                assertThat(mseModel).isLessThan(mseZero);
            }
        }
    }

    @Nested
    @DisplayName("thread safety")
    class ThreadSafety {
        @Test
        @DisplayName("predict from 8 threads at once, on the trained and on the loaded model, equals single-threaded predictions")
        void concurrentPredictEqualsSingleThreaded() throws Exception {
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams());
                 TrainedModel loaded = trainer.load(type(), m.serialize())) {
                for (TrainedModel model : List.of(m, loaded)) {
                    double[] batch = model.predict(test);
                    double[] single = new double[test.rows()];
                    float[] row = new float[test.columns()];
                    for (int i = 0; i < single.length; i++) single[i] = model.predict(test.row(i, row));
                    int threads = 8;
                    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
                    try {
                        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
                        List<java.util.concurrent.Future<double[][]>> results = new java.util.ArrayList<>();
                        for (int t = 0; t < threads; t++) {
                            int offset = t * 37;
                            results.add(pool.submit(() -> {
                                start.await();
                                float[] r = new float[test.columns()];
                                double[] s = new double[test.rows()];
                                for (int k = 0; k < s.length; k++) {
                                    int i = (k + offset) % s.length; // threads walk the rows out of step
                                    s[i] = model.predict(test.row(i, r));
                                }
                                return new double[][] {model.predict(test), s};
                            }));
                        }
                        for (java.util.concurrent.Future<double[][]> f : results) {
                            double[][] got = f.get(5, java.util.concurrent.TimeUnit.MINUTES);
                            assertThat(got[0]).as("batch predict under contention").containsExactly(batch);
                            assertThat(got[1]).as("single-row predict under contention").containsExactly(single);
                        }
                    } finally {
                        pool.shutdownNow();
                    }
                }
            }
        }
    }

    @Nested
    @DisplayName("serialization")
    class Serialization {
        @Test
        void serializeThenLoadGivesTheSamePredictions() {
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams())) {
                byte[] bytes = m.serialize();
                assertThat(m.format()).isNotBlank();
                try (TrainedModel loaded = trainer.load(type(), bytes)) {
                    double[] a = m.predict(test);
                    double[] b = loaded.predict(test);
                    if (exactRoundTrip()) {
                        assertThat(b).containsExactly(a);
                    } else {
                        for (int i = 0; i < a.length; i++) assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-6));
                    }
                    assertThat(loaded.featureNames()).isEqualTo(m.featureNames());
                }
            }
        }

        @Test
        void serializedBytesAreNotJavaSerialization() {
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams())) {
                byte[] b = m.serialize();
                assertThat(b.length).isGreaterThan(2);
                assertThat(b[0] == (byte) 0xAC && b[1] == (byte) 0xED).as("Java serialization magic").isFalse();
            }
        }
    }

    @Nested
    @DisplayName("warm start")
    class WarmStart {
        @Test
        void incrementalTrainingLeavesTheBaseUnchanged() {
            try (TrainedModel base = trainer.train(type(), train, validation, fastParams())) {
                double[] before = base.predict(test);
                try (TrainedModel next = trainer.trainIncremental(type(), base, validation, test, fastParams())) {
                    assertThat(next.predict(test)).hasSize(test.rows());
                }
                assertThat(base.predict(test)).containsExactly(before);
            }
        }
    }

    @Nested
    @DisplayName("sample weights")
    class SampleWeights {
        /** Weights that emphasise the first half of the training rows 20:1. */
        private Dataset weighted(Dataset d) {
            float[] w = new float[d.rows()];
            for (int i = 0; i < w.length; i++) w[i] = i < w.length / 2 ? 4f : 0.2f;
            return d.withWeights(w);
        }

        @Test
        @DisplayName("a trainer that supports weights fits differently with them; one that does not still trains")
        void weightsChangeTheFitWhenSupported() {
            try (TrainedModel plain = trainer.train(type(), train, validation, fastParams());
                 TrainedModel weighted = trainer.train(type(), weighted(train), validation, fastParams())) {
                double[] a = plain.predict(test);
                double[] b = weighted.predict(test);
                if (trainer.supportsSampleWeights(type())) {
                    assertThat(b).as("predictions with and without sample weights").isNotEqualTo(a);
                } else {
                    assertThat(b).hasSize(a.length);
                }
            }
        }

        @Test
        @DisplayName("all-zero training weights are rejected by a trainer that uses weights")
        void allZeroWeightsAreRejected() {
            if (!trainer.supportsSampleWeights(type())) return;
            Dataset zero = train.withWeights(new float[train.rows()]);
            assertThatThrownBy(() -> trainer.train(type(), zero, validation, fastParams()))
                    .isInstanceOf(dev.clm.api.InvalidDataException.class).hasMessageContaining("weights");
        }
    }

    @Nested
    @DisplayName("resources and bad input")
    class Resources {
        @Test
        void closeIsIdempotentAndPredictAfterCloseFails() {
            TrainedModel m = trainer.train(type(), train, validation, fastParams());
            m.close();
            m.close();
            assertThatThrownBy(() -> m.predict(new float[train.columns()])).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void wrongRowWidthIsRejected() {
            try (TrainedModel m = trainer.train(type(), train, validation, fastParams())) {
                assertThatThrownBy(() -> m.predict(new float[train.columns() + 1])).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(String.valueOf(train.columns()));
            }
        }

        @Test
        void unknownParameterIsRejectedByName() {
            Map<String, String> p = new HashMap<>(fastParams());
            p.put("no_such_param", "1");
            assertThatThrownBy(() -> trainer.train(type(), train, validation, p)).hasMessageContaining("no_such_param");
        }

        @Test
        void nanLabelsAreRejected() {
            float[] labels = train.labels().clone();
            labels[17] = Float.NaN;
            Dataset bad = new Dataset(train.featureNames(), train.symbols(), train.timestamps(), train.labelEndTimestamps(),
                    train.symbolIds(), train.features(), labels, null);
            assertThatThrownBy(() -> trainer.train(type(), bad, validation, fastParams())).hasMessageContaining("label");
        }

        @Test
        void mismatchedFeaturesBetweenTrainAndValidationAreRejected() {
            Dataset other = TestDatasets.linear(600, 5, 1.0, 0.5, 9, validation.timestamps()[0]);
            assertThatThrownBy(() -> trainer.train(type(), train, other, fastParams())).hasMessageContaining("feature");
        }

        @Test
        void unsupportedTypeIsRejected() {
            ModelType alien = ModelType.of("alien_kind");
            assertThatThrownBy(() -> trainer.train(alien, train, validation, fastParams())).hasMessageContaining("alien_kind");
        }
    }

    protected static List<String> names(Dataset d) {
        return d.featureNames();
    }
}
