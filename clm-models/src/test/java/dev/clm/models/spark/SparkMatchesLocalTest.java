package dev.clm.models.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.TestDatasets;
import dev.clm.models.xgboost.XGBoostModel;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * With one XGBoost worker, the same seed and the same parameters, the Spark trainer builds the
 * local trainer's model: same rounds after early stopping, same predictions, in full and in warm
 * start; and a warm start leaves its parent as it was.
 */
class SparkMatchesLocalTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    /** Row subsampling (0.8) and column sampling on, so the seed matters. */
    private static final Map<String, String> PARAMS = Map.of("num_rounds", "80", "learning_rate", "0.1", "max_depth", "4",
            "early_stopping_rounds", "10", "incremental_rounds", "30", "subsample", "0.8", "colsample_bytree", "0.8", "threads", "1");

    private final Dataset train = TestDatasets.linear(3000, 8, 1.0, 0.5, 1, T0);
    private final Dataset validation = TestDatasets.linear(600, 8, 1.0, 0.5, 2, T0 + 3000 * HOUR);
    private final Dataset newData = TestDatasets.linear(1500, 8, 1.0, 0.5, 4, T0 + 3600 * HOUR);
    private final Dataset newValidation = TestDatasets.linear(400, 8, 1.0, 0.5, 5, T0 + 5100 * HOUR);
    private final Dataset test = TestDatasets.linear(600, 8, 1.0, 0.5, 3, T0 + 5500 * HOUR);

    private final XGBoostTrainer local = new XGBoostTrainer();
    private final SparkXGBoostTrainer spark = new SparkXGBoostTrainer(LocalSpark.session(), 1);

    @Test
    @DisplayName("one worker: the same trees and the same predictions as the local trainer")
    void fullTrainingMatchesTheLocalTrainer() {
        try (XGBoostModel a = (XGBoostModel) local.train(ModelType.XGBOOST, train, validation, PARAMS);
             XGBoostModel b = (XGBoostModel) spark.train(ModelType.XGBOOST, train, validation, PARAMS)) {
            assertThat(b.treeCount()).as("rounds kept after early stopping").isEqualTo(a.treeCount()).isLessThan(80);
            assertThat(b.predict(test)).containsExactly(a.predict(test));
            assertThat(b.provenance().get("validation.rmse")).isEqualTo(a.provenance().get("validation.rmse"));
            assertThat(b.format()).isEqualTo(a.format());
            assertThat(b.fastPredictor()).as("the fast single-row predictor applies").isPresent();
        }
    }

    @Test
    @DisplayName("one worker: a warm start equals the local warm start and leaves the parent untouched")
    void warmStartMatchesTheLocalTrainerAndLeavesTheParentUntouched() {
        try (XGBoostModel parent = (XGBoostModel) local.train(ModelType.XGBOOST, train, validation, PARAMS)) {
            byte[] parentBytes = parent.serialize();
            double[] parentPredictions = parent.predict(test);
            try (XGBoostModel a = (XGBoostModel) local.trainIncremental(ModelType.XGBOOST, parent, newData, newValidation, PARAMS);
                 XGBoostModel b = (XGBoostModel) spark.trainIncremental(ModelType.XGBOOST, parent, newData, newValidation, PARAMS)) {
                assertThat(b.treeCount()).isEqualTo(a.treeCount()).isGreaterThan(parent.treeCount());
                assertThat(b.predict(test)).containsExactly(a.predict(test));
                assertThat(b.provenance()).containsEntry("mode", "incremental")
                        .containsEntry("parent.trees", Integer.toString(parent.treeCount()))
                        .containsEntry("parent.sha256", a.provenance().get("parent.sha256"));
            }
            assertThat(parent.serialize()).as("parent bytes after the warm start").isEqualTo(parentBytes);
            assertThat(parent.predict(test)).containsExactly(parentPredictions);
        }
    }

    @Test
    @DisplayName("a model trained on Spark reloads through the local trainer with the same predictions")
    void sparkModelLoadsLocally() {
        try (TrainedModel b = spark.train(ModelType.XGBOOST, train, validation, PARAMS);
             TrainedModel reloaded = local.load(ModelType.XGBOOST, b.serialize())) {
            assertThat(reloaded.predict(test)).containsExactly(b.predict(test));
            assertThat(reloaded.provenance()).containsEntry("trainer", SparkXGBoostTrainer.class.getName())
                    .containsEntry("spark.workers", "1");
        }
    }
}
