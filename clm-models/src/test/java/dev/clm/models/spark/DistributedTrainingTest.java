package dev.clm.models.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training data larger than the driver's heap: Parquet bars whose feature matrix (as a clm
 * Dataset would hold it on the driver) is larger than the child driver JVM's -Xmx; features
 * are computed on the executors and the model trains without the rows ever reaching the driver
 * (collecting them would not fit). About two minutes on two cores, so it runs when
 * {@code clm.spark.it=true} or {@code CLM_SPARK_IT=true} (.ci/run sets it).
 */
@EnabledIf("dev.clm.models.spark.SparkIt#enabled")
class DistributedTrainingTest {
    private static final int SYMBOLS = 12;
    private static final int BARS = 200_000;
    private static final long T0 = 1_600_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final long CHILD_HEAP_MB = 512;

    @TempDir
    Path dir;

    @Test
    @DisplayName("trains from Parquet on executors with a driver heap smaller than the training data")
    void trainsWithADriverHeapSmallerThanTheData() throws Exception {
        Path parquet = dir.resolve("bars");
        writeBars(parquet);
        TechnicalFeatureEngineer engineer = new TechnicalFeatureEngineer();
        long rows = (long) SYMBOLS * (BARS - engineer.warmupBars() - engineer.horizon());
        // what a driver-side Dataset holds per row: features, label, two timestamps, symbol id
        long dataBytes = rows * (engineer.featureNames().size() * 4L + 4 + 8 + 8 + 4);
        assertThat(dataBytes).as("training data bytes vs the child's heap").isGreaterThan(CHILD_HEAP_MB * 1024 * 1024);

        long validationStart = T0 + (long) (BARS * 0.8) * MINUTE;
        Path out = dir.resolve("model.bin");
        Path log = dir.resolve("child.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + CHILD_HEAP_MB + "m");
        for (String opt : System.getProperty("clm.spark.opens", "").split(" ")) if (!opt.isBlank()) cmd.add(opt);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DistributedTrainingChild.class.getName());
        cmd.add(parquet.toString());
        cmd.add(Long.toString(validationStart));
        cmd.add(out.toString());
        cmd.add(Files.createDirectories(dir.resolve("spark-local")).toString());
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = child.waitFor(8, TimeUnit.MINUTES);
        if (!done) child.destroyForcibly();
        String output = Files.readString(log);
        assertThat(done).as("child finished; output:\n" + tail(output)).isTrue();
        assertThat(child.exitValue()).as("child exit; output:\n" + tail(output)).isZero();
        assertThat(output).contains("max heap ");

        try (TrainedModel model = new XGBoostTrainer().load(ModelType.XGBOOST, Files.readAllBytes(out))) {
            assertThat(model.featureNames()).isEqualTo(engineer.featureNames());
            assertThat(Long.parseLong(model.provenance().get("rows.train")) + Long.parseLong(model.provenance().get("rows.validation")))
                    .isGreaterThan(rows * 9 / 10);
            assertThat(model.predict(new float[model.featureNames().size()])).isFinite();
        }
    }

    private static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    /** Random-walk minute bars, generated and written on the executors. */
    private static void writeBars(Path parquet) throws IOException {
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("symbol", DataTypes.StringType, false),
                DataTypes.createStructField("open_time", DataTypes.LongType, false),
                DataTypes.createStructField("open", DataTypes.DoubleType, false),
                DataTypes.createStructField("high", DataTypes.DoubleType, false),
                DataTypes.createStructField("low", DataTypes.DoubleType, false),
                DataTypes.createStructField("close", DataTypes.DoubleType, false),
                DataTypes.createStructField("volume", DataTypes.DoubleType, false)));
        LocalSpark.session().range(0, SYMBOLS, 1, SYMBOLS)
                .flatMap((FlatMapFunction<Long, Row>) s -> barsOf(s), Encoders.row(schema))
                .write().parquet(parquet.toString());
    }

    private static java.util.Iterator<Row> barsOf(long symbol) {
        SplittableRandom r = new SplittableRandom(symbol);
        return new java.util.Iterator<>() {
            private int i;
            private double price = 100;

            @Override
            public boolean hasNext() {
                return i < BARS;
            }

            @Override
            public Row next() {
                double open = price;
                double close = open * Math.exp(0.001 * (r.nextDouble() - 0.5) + 0.0002 * Math.sin(i / 50.0));
                double high = Math.max(open, close) * (1 + 0.0005 * r.nextDouble());
                double low = Math.min(open, close) * (1 - 0.0005 * r.nextDouble());
                price = close;
                return RowFactory.create("S" + symbol, T0 + (long) (i++) * MINUTE, open, high, low, close, 1000 + 100 * r.nextDouble());
            }
        };
    }
}
