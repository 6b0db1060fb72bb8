package dev.clm.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.ModelTrainerContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnlineTrainerTest extends ModelTrainerContract {
    @Override
    protected ModelTrainer createTrainer() {
        return new OnlineTrainer();
    }

    @Override
    protected ModelType type() {
        return ModelType.ONLINE;
    }

    @Test
    void incrementalVersionEqualsTheLearnerContinuedOnTheNewRows() {
        try (TrainedModel base = trainer.train(type(), train, validation, Map.of());
             TrainedModel next = trainer.trainIncremental(type(), base, validation, test, Map.of())) {
            OnlineLearner direct = new OnlineLearner(OnlineLearnerConfig.defaults(), train.featureNames());
            direct.learnBatch(train);
            direct.learnBatch(validation);
            float[] row = new float[test.columns()];
            for (int i = 0; i < 50; i++) assertThat(next.predict(test.row(i, row))).isEqualTo(direct.predict(row));
            assertThat(next.format()).isEqualTo("clm-online-json");
            assertThat(next.provenance()).containsEntry("online.window_rows", "1000").containsEntry("online.updates", "3600")
                    .containsEntry("trainer", OnlineTrainer.class.getName());
        }
    }

    @Test
    void parametersConfigureTheLearnerAndAreRecorded() {
        Map<String, String> p = Map.of("objective", "direction", "forgetting", "decay", "decay", "0.99");
        try (TrainedModel m = trainer.train(type(), train, validation, p);
             TrainedModel loaded = trainer.load(type(), m.serialize())) {
            OnlineLearnerConfig expected = OnlineLearnerConfig.defaults().withObjective(OnlineLearnerConfig.Objective.DIRECTION).withDecay(0.99);
            assertThat(((OnlineModel) m).config()).isEqualTo(expected);
            assertThat(((OnlineModel) loaded).config()).isEqualTo(expected);
            assertThat(loaded.provenance()).containsEntry("online.objective", "direction").containsEntry("online.decay", "0.99");
        }
    }

    @Test
    void incrementalTrainingRefusesToChangeTheWindowButMayChangeTheStepSize() {
        try (TrainedModel base = trainer.train(type(), train, validation, Map.of())) {
            assertThatThrownBy(() -> trainer.trainIncremental(type(), base, validation, test, Map.of("window_rows", "500")))
                    .isInstanceOf(ModelTrainingException.class).hasMessageContaining("window_rows");
            try (TrainedModel next = trainer.trainIncremental(type(), base, validation, test, Map.of("eta0", "0.5"))) {
                assertThat(((OnlineModel) next).config().eta0()).isEqualTo(0.5);
            }
        }
    }

    @Test
    void copyOfLearnerKeepsLearningWithoutChangingTheVersion() {
        try (TrainedModel m = trainer.train(type(), train, validation, Map.of())) {
            double[] before = m.predict(test);
            OnlineLearner live = ((OnlineModel) m).copyOfLearner();
            live.learnBatch(test);
            assertThat(m.predict(test)).containsExactly(before);
            assertThat(live.predict(test.row(0, new float[test.columns()]))).isNotEqualTo(before[0]);
        }
    }

    @Test
    void corruptBytesFailToLoadNamingTheField() {
        assertThatThrownBy(() -> trainer.load(type(), "{\"format\":\"clm-online-json\"}".getBytes()))
                .isInstanceOf(ModelTrainingException.class).hasMessageContaining("format_version")
                .hasCauseInstanceOf(OnlineSnapshotException.class);
    }

    @Test
    void rejectsABaseOfAnotherKind() {
        try (TrainedModel ridge = new dev.clm.train.RidgeTrainer().train(dev.clm.train.RidgeTrainer.RIDGE, train, validation, Map.of())) {
            Dataset d = validation;
            assertThatThrownBy(() -> trainer.trainIncremental(type(), ridge, d, test, Map.of())).hasMessageContaining("online base model");
        }
    }
}
