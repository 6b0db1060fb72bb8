package dev.clm.models.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.CycleReport;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.contract.MutableClock;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.SyntheticDataClient;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster started by the test (a master and two worker JVMs on 127.0.0.1): a
 * full cycle of the manager trains its model types as tasks on the workers' executors through
 * {@code spark://127.0.0.1:...}, promotes, and the promoted version loads and predicts in this
 * (the driver's) JVM. Starts four JVMs, so it runs when {@code clm.spark.it=true} or {@code CLM_SPARK_IT=true} (.ci/run sets it).
 */
@EnabledIf("dev.clm.models.spark.SparkIt#enabled")
class StandaloneClusterCycleTest {
    private static final Map<String, String> TREES = Map.of("num_rounds", "60", "learning_rate", "0.1", "max_depth", "3", "threads", "1");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("a full cycle trains on a standalone cluster, promotes, and the promoted version predicts in the driver")
    void fullCycleOnAStandaloneCluster() throws Exception {
        LocalSpark.stop();
        try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2, "900m")) {
            ExecutorRegistrations.reset();
            SparkSession spark = SparkSession.builder().master(cluster.masterUrl()).appName("clm-cluster-cycle")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.ui.enabled", "false").config("spark.executor.memory", "768m").config("spark.executor.cores", "1")
                    .config("spark.cores.max", "2").config("spark.executor.extraClassPath", StandaloneCluster.executorClassPath())
                    .config("spark.extraListeners", ExecutorRegistrations.class.getName())
                    .getOrCreate();
            Set<String> executorsThatTrained = ConcurrentHashMap.newKeySet();
            try {
                ExecutorRegistrations.await(2, 90);
                spark.sparkContext().addSparkListener(new SparkListener() {
                    @Override
                    public void onTaskEnd(SparkListenerTaskEnd task) {
                        executorsThatTrained.add(task.taskInfo().executorId());
                    }
                });
                MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
                Map<ModelType, Map<String, String>> types = Map.of(ModelType.XGBOOST, TREES, ModelType.LIGHTGBM, TREES);
                try (SparkCycleTrainer trainer = new SparkCycleTrainer(spark, CompositeModelTrainer::trees, types)) {
                    ContinuousLearningManager manager = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults())
                            .dataClient(SyntheticDataClient.hourly(clock, 7)).featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer)
                            .trainingParams(ModelType.XGBOOST, TREES).trainingParams(ModelType.LIGHTGBM, TREES).build();
                    CycleReport report = manager.runFullCycle(true, List.of(ModelType.XGBOOST, ModelType.LIGHTGBM));

                    assertThat(report.failed()).as("failures: " + report.failed()).isEmpty();
                    assertThat(report.trained()).hasSize(2);
                    assertThat(report.promoted()).as("promotions; shadow results: " + report.shadowResults()).isNotEmpty();
                    spark.sparkContext().listenerBus().waitUntilEmpty();
                    assertThat(executorsThatTrained).as("executors that ran the training tasks").hasSize(2).doesNotContain("driver");
                    for (PromotionResult promoted : report.promoted()) {
                        LoadedModel loaded = manager.loadActiveModel(promoted.type()).orElseThrow();
                        try (var model = loaded.model()) {
                            assertThat(loaded.version()).isEqualTo(promoted.newVersion());
                            assertThat(model.predict(new float[model.featureNames().size()])).isFinite();
                        }
                    }
                }
            } finally {
                spark.stop();
            }
        }
    }
}
