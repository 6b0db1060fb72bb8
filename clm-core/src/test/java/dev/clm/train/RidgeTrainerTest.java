package dev.clm.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.ModelTrainerContract;
import dev.clm.api.contract.TestDatasets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RidgeTrainerTest extends ModelTrainerContract {
    @Override
    protected ModelTrainer createTrainer() {
        return new RidgeTrainer();
    }

    @Override
    protected ModelType type() {
        return RidgeTrainer.RIDGE;
    }

    @Test
    void recoversPlantedCoefficientsOnCleanData() {
        Dataset d = TestDatasets.linear(5000, 4, 1.0, 0.0, 11, 0);
        Dataset v = TestDatasets.linear(500, 4, 1.0, 0.0, 12, 5000L * 3_600_000L);
        try (TrainedModel m = trainer.train(type(), d, v, Map.of("lambda", "0"))) {
            // label = 0.01 * (0.6 f0 - 0.3 f1): a unit step in f0 moves the prediction by 0.006
            float[] zero = new float[4];
            float[] f0 = {1, 0, 0, 0};
            float[] f1 = {0, 1, 0, 0};
            assertThat(m.predict(f0) - m.predict(zero)).isCloseTo(0.006, org.assertj.core.data.Offset.offset(1e-5));
            assertThat(m.predict(f1) - m.predict(zero)).isCloseTo(-0.003, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void incrementalModelStartsFromTheParentAndMovesTowardsNewData() {
        Dataset v = TestDatasets.linear(500, 4, 1.0, 0.5, 12, 0);
        try (TrainedModel base = trainer.train(type(), TestDatasets.linear(4000, 4, 1.0, 0.5, 1, 0), v, Map.of("lambda", "0.01"))) {
            // an infinitely strong prior returns the parent's weights exactly
            Dataset noise = TestDatasets.linear(300, 4, 0.0, 1.0, 5, 0);
            try (TrainedModel stuck = trainer.trainIncremental(type(), base, noise, v, Map.of("lambda", "1e12"))) {
                float[] row = {0.5f, -1f, 2f, 0.1f};
                assertThat(stuck.predict(row) - stuck.predict(new float[4]))
                        .isCloseTo(base.predict(row) - base.predict(new float[4]), org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    /** Rows {@code [0, n)} without row {@code r}. */
    static Dataset without(Dataset d, int r) {
        int n = d.rows(), c = d.columns();
        float[] x = new float[(n - 1) * c];
        float[] y = new float[n - 1];
        long[] ts = new long[n - 1], end = new long[n - 1];
        for (int i = 0, k = 0; i < n; i++) {
            if (i == r) continue;
            System.arraycopy(d.features(), i * c, x, k * c, c);
            y[k] = d.labels()[i];
            ts[k] = d.timestamps()[i];
            end[k] = d.labelEndTimestamps()[i];
            k++;
        }
        return new Dataset(d.featureNames(), d.symbols(), ts, end, new int[n - 1], x, y, null);
    }

    @Test
    void aZeroWeightRowHasExactlyNoInfluenceAndUnitWeightsEqualNoWeights() {
        Dataset d = TestDatasets.linear(800, 4, 1.0, 0.5, 21, 0);
        Dataset v = TestDatasets.linear(200, 4, 1.0, 0.5, 22, 800L * 3_600_000L);
        Dataset probe = TestDatasets.linear(100, 4, 1.0, 0.5, 23, 0);
        // make row 17 an extreme outlier so that it would move the fit a lot if it counted at all
        float[] y = d.labels().clone();
        y[17] = 50f;
        Dataset outlier = new Dataset(d.featureNames(), d.symbols(), d.timestamps(), d.labelEndTimestamps(), d.symbolIds(),
                d.features(), y, null);
        float[] w = new float[d.rows()];
        java.util.Arrays.fill(w, 1.5f);
        w[17] = 0f;
        for (String lambda : new String[] {"auto", "0.1"}) {
            try (TrainedModel zeroWeight = trainer.train(type(), outlier.withWeights(w), v, Map.of("lambda", lambda));
                 TrainedModel removed = trainer.train(type(), without(outlier, 17).withWeights(without17(w)), v, Map.of("lambda", lambda));
                 TrainedModel counted = trainer.train(type(), outlier, v, Map.of("lambda", lambda));
                 TrainedModel unit = trainer.train(type(), d.withWeights(ones(d.rows())), v, Map.of("lambda", lambda));
                 TrainedModel plain = trainer.train(type(), d, v, Map.of("lambda", lambda))) {
                assertThat(zeroWeight.predict(probe)).as("lambda %s: weight 0 equals removal", lambda).containsExactly(removed.predict(probe));
                assertThat(counted.predict(probe)).as("the outlier moves an unweighted fit").isNotEqualTo(zeroWeight.predict(probe));
                assertThat(unit.predict(probe)).as("unit weights equal no weights").containsExactly(plain.predict(probe));
                assertThat(zeroWeight.provenance()).containsEntry("sample_weights", "used");
                assertThat(plain.provenance()).containsEntry("sample_weights", "none");
            }
        }
        assertThat(trainer.supportsSampleWeights(type())).isTrue();
    }

    @Test
    void weightsAlsoShapeIncrementalTraining() {
        Dataset v = TestDatasets.linear(300, 4, 1.0, 0.5, 32, 0);
        Dataset fresh = TestDatasets.linear(600, 4, 1.0, 0.5, 33, 0);
        Dataset probe = TestDatasets.linear(100, 4, 1.0, 0.5, 34, 0);
        float[] w = new float[fresh.rows()];
        for (int i = 0; i < w.length; i++) w[i] = i % 3 == 0 ? 0f : 2f;
        try (TrainedModel base = trainer.train(type(), TestDatasets.linear(1000, 4, 1.0, 0.5, 31, 0), v, Map.of("lambda", "0.1"));
             TrainedModel plain = trainer.trainIncremental(type(), base, fresh, v, Map.of("lambda", "0.1"));
             TrainedModel weighted = trainer.trainIncremental(type(), base, fresh.withWeights(w), v, Map.of("lambda", "0.1"))) {
            assertThat(weighted.predict(probe)).isNotEqualTo(plain.predict(probe));
        }
    }

    static float[] ones(int n) {
        float[] w = new float[n];
        java.util.Arrays.fill(w, 1f);
        return w;
    }

    static float[] without17(float[] w) {
        float[] out = new float[w.length - 1];
        for (int i = 0, k = 0; i < w.length; i++) if (i != 17) out[k++] = w[i];
        return out;
    }
}
