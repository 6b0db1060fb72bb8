package dev.clm.models.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.TestDatasets;
import dev.clm.models.CompositeModelTrainer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The cycle executor on Spark local[2]: types train as parallel tasks, each failure stays its own. */
class SparkCycleTrainerTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final Map<String, String> XGB = Map.of("num_rounds", "40", "learning_rate", "0.1", "max_depth", "4", "threads", "1");
    private static final Map<String, String> LGB = Map.of("num_rounds", "40", "learning_rate", "0.1", "threads", "1");

    private final Dataset train = TestDatasets.linear(3000, 8, 1.0, 0.5, 1, T0);
    private final Dataset validation = TestDatasets.linear(600, 8, 1.0, 0.5, 2, T0 + 3000 * HOUR);
    private final Dataset test = TestDatasets.linear(600, 8, 1.0, 0.5, 3, T0 + 3600 * HOUR);
    private final CompositeModelTrainer local = CompositeModelTrainer.trees();
    private SparkCycleTrainer cluster;

    @AfterEach
    void close() {
        if (cluster != null) cluster.close();
    }

    private static Map<String, String> merged(CompositeModelTrainer t, ModelType type, Map<String, String> overrides) {
        Map<String, String> p = new HashMap<>(t.defaultParams(type));
        p.putAll(overrides);
        return p;
    }

    @Test
    @DisplayName("the first train of a cycle trains every type in one Spark job, one task per type; models equal local ones")
    void trainsEveryTypeInOneJobAndMatchesLocalTraining() throws Exception {
        List<Integer> stageTasks = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageCompleted(SparkListenerStageCompleted stage) {
                stageTasks.add(stage.stageInfo().numTasks());
            }
        };
        LocalSpark.session().sparkContext().addSparkListener(listener);
        try {
            cluster = new SparkCycleTrainer(LocalSpark.session(), CompositeModelTrainer::trees,
                    Map.of(ModelType.XGBOOST, XGB, ModelType.LIGHTGBM, LGB));
            try (TrainedModel x = cluster.train(ModelType.XGBOOST, train, validation, merged(local, ModelType.XGBOOST, XGB));
                 TrainedModel l = cluster.train(ModelType.LIGHTGBM, train, validation, merged(local, ModelType.LIGHTGBM, LGB));
                 TrainedModel xLocal = local.train(ModelType.XGBOOST, train, validation, merged(local, ModelType.XGBOOST, XGB));
                 TrainedModel lLocal = local.train(ModelType.LIGHTGBM, train, validation, merged(local, ModelType.LIGHTGBM, LGB))) {
                LocalSpark.session().sparkContext().listenerBus().waitUntilEmpty();
                assertThat(stageTasks).as("Spark stages and their task counts").containsExactly(2);
                assertThat(x.predict(test)).containsExactly(xLocal.predict(test));
                assertThat(l.predict(test)).containsExactly(lLocal.predict(test));
            }
        } finally {
            LocalSpark.session().sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    @DisplayName("a type that fails on the cluster fails alone, with its remote error")
    void aFailingTypeFailsAlone() {
        Map<String, String> badLightGbm = Map.of("num_leaves", "-5");
        cluster = new SparkCycleTrainer(LocalSpark.session(), CompositeModelTrainer::trees,
                Map.of(ModelType.XGBOOST, XGB, ModelType.LIGHTGBM, badLightGbm));
        try (TrainedModel x = cluster.train(ModelType.XGBOOST, train, validation, merged(local, ModelType.XGBOOST, XGB))) {
            assertThat(x.predict(test)).hasSize(test.rows());
        }
        assertThatThrownBy(() -> cluster.train(ModelType.LIGHTGBM, train, validation, merged(local, ModelType.LIGHTGBM, badLightGbm)))
                .isInstanceOf(ModelTrainingException.class).hasMessageContaining("num_leaves").hasMessageContaining("lightgbm");
    }

    @Test
    @DisplayName("a warm start runs on the cluster and leaves the parent untouched")
    void warmStartOnTheClusterLeavesTheParentUntouched() {
        cluster = new SparkCycleTrainer(LocalSpark.session(), CompositeModelTrainer::trees, Map.of(ModelType.XGBOOST, XGB));
        try (TrainedModel parent = local.train(ModelType.XGBOOST, train, validation, merged(local, ModelType.XGBOOST, XGB))) {
            byte[] before = parent.serialize();
            Dataset newData = TestDatasets.linear(1000, 8, 1.0, 0.5, 4, T0 + 4200 * HOUR);
            Dataset newValidation = TestDatasets.linear(300, 8, 1.0, 0.5, 5, T0 + 5200 * HOUR);
            try (TrainedModel next = cluster.trainIncremental(ModelType.XGBOOST, parent, newData, newValidation, merged(local, ModelType.XGBOOST, XGB));
                 TrainedModel nextLocal = local.trainIncremental(ModelType.XGBOOST, parent, newData, newValidation,
                         merged(local, ModelType.XGBOOST, XGB))) {
                assertThat(next.predict(test)).containsExactly(nextLocal.predict(test));
            }
            assertThat(parent.serialize()).isEqualTo(before);
        }
    }
}
