package dev.clm.models.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.TestDatasets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A trainer built from a master URL owns its session; one built on a session leaves it running. */
class SparkSessionOwnershipTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final Map<String, String> FAST = Map.of("num_rounds", "10", "max_depth", "3");

    @Test
    @DisplayName("forMaster starts a session and close stops it; a borrowed session survives close")
    void ownership() {
        LocalSpark.stop();
        Dataset train = TestDatasets.linear(500, 4, 1.0, 0.5, 1, T0);
        Dataset validation = TestDatasets.linear(100, 4, 1.0, 0.5, 2, T0 + 500 * 3_600_000L);
        SparkXGBoostTrainer owning = SparkXGBoostTrainer.forMaster("local[1]", 1);
        try (TrainedModel m = owning.train(ModelType.XGBOOST, train, validation, FAST)) {
            assertThat(m.provenance()).containsEntry("spark.master", "local[1]");
        }
        owning.close();
        assertThat(owning.session().sparkContext().isStopped()).isTrue();

        SparkXGBoostTrainer borrowing = new SparkXGBoostTrainer(LocalSpark.session(), 1);
        // the defaults a manager merges under its parameters fit the cluster's task size
        assertThat(borrowing.defaultParams(ModelType.XGBOOST)).containsEntry("threads", "1");
        try (TrainedModel m = borrowing.train(ModelType.XGBOOST, train, validation, borrowing.defaultParams(ModelType.XGBOOST))) {
            assertThat(m.provenance()).containsEntry("param.threads", "1");
        }
        assertThatThrownBy(() -> SparkXGBoostTrainer.forMaster("local[1]", 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already runs");
        borrowing.close();
        assertThat(borrowing.session().sparkContext().isStopped()).isFalse();
    }
}
