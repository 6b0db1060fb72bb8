package dev.clm.models.spark;

import dev.clm.api.TrainedModel;
import dev.clm.features.TechnicalFeatureEngineer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of {@link DistributedTrainingTest}, run in its own JVM with a small heap: trains
 * from Parquet bars with features computed on the executors, and writes the model's bytes.
 * Arguments: parquet directory, validation start (epoch ms), output file, Spark local dir.
 */
public final class DistributedTrainingChild {
    private DistributedTrainingChild() {}

    public static void main(String[] args) throws Exception {
        Path parquet = Path.of(args[0]);
        Instant validationStart = Instant.ofEpochMilli(Long.parseLong(args[1]));
        Path out = Path.of(args[2]);
        SparkSession spark = SparkSession.builder().master("local[2]").appName("clm-distributed-training")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
                .config("spark.local.dir", args[3]).getOrCreate();
        try {
            Map<String, String> config = new HashMap<>(new TechnicalFeatureEngineer().config());
            FeatureEngineerFactory engineers = () -> TechnicalFeatureEngineer.fromConfig(config);
            List<String> names = engineers.create().featureNames();
            Dataset<Row> rows = DistributedFeatures.compute(DistributedFeatures.parquetBars(spark, parquet.toString()), engineers);
            SparkXGBoostTrainer trainer = new SparkXGBoostTrainer(spark, 2);
            Map<String, String> params = Map.of("num_rounds", "8", "learning_rate", "0.3", "max_depth", "4", "early_stopping_rounds", "4",
                    "max_bin", "64", "subsample", "1.0");
            try (TrainedModel model = trainer.trainDistributed(rows, names, validationStart, params)) {
                Files.write(out, model.serialize());
                System.out.println("max heap " + Runtime.getRuntime().maxMemory() + " bytes; rows.train " + model.provenance().get("rows.train")
                        + ", rows.validation " + model.provenance().get("rows.validation"));
            }
        } finally {
            spark.stop();
        }
    }
}
