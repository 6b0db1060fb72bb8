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
}
