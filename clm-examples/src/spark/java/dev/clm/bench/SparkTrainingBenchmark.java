package dev.clm.bench;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.models.spark.SparkCycleTrainer;
import dev.clm.models.spark.SparkXGBoostTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import dev.clm.train.AliasedTypeTrainer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;

/**
 * Local XGBoost vs XGBoost on Spark (local mode, 1 and 2 workers): training rows per second on
 * synthetic data of each size; then a 4-type cycle (XGBoost, LightGBM and a second variant of
 * each) trained one type after the other locally vs as parallel tasks by {@link SparkCycleTrainer}.
 * Every trainer uses one native thread per task, so the Spark runs use at most two cores. Prints
 * the system load average before and after each measurement: on a shared machine the figures
 * are only comparable within one run.
 *
 * <p>Run: {@code mvn -B -q -Pbench,spark -Dbench.class=dev.clm.bench.SparkTrainingBenchmark
 * -Dbench.args="1000000,5000000 20 200000" -DskipTests package} (rows list, rounds, cycle rows).
 */
public final class SparkTrainingBenchmark {
    private static final int FEATURES = 16;
    private static final long T0 = 1_600_000_000_000L;
    private static final ModelType XGB_DEEP = ModelType.of("xgboost.deep");
    private static final ModelType LGB_DEEP = ModelType.of("lightgbm.deep");

    private SparkTrainingBenchmark() {}

    public static void main(String[] args) {
        String[] a = args.length == 1 ? args[0].trim().split("\\s+") : args;
        List<Integer> sizes = new ArrayList<>();
        for (String s : (a.length > 0 && !a[0].isBlank() ? a[0] : "1000000,5000000").split(",")) sizes.add(Integer.parseInt(s.trim()));
        int rounds = a.length > 1 ? Integer.parseInt(a[1]) : 20;
        int cycleRows = a.length > 2 ? Integer.parseInt(a[2]) : 200_000;
        Map<String, String> params = Map.of("num_rounds", Integer.toString(rounds), "learning_rate", "0.1", "max_depth", "6",
                "early_stopping_rounds", "0", "threads", "1");
        System.out.printf(Locale.ROOT, "cores %d, rounds %d, depth 6, %d features, 1 native thread per task%n",
                Runtime.getRuntime().availableProcessors(), rounds, FEATURES);

        SparkSession spark = SparkSession.builder().master("local[2]").appName("clm-spark-benchmark")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            XGBoostTrainer local = new XGBoostTrainer();
            SparkXGBoostTrainer oneWorker = new SparkXGBoostTrainer(spark, 1);
            SparkXGBoostTrainer twoWorkers = new SparkXGBoostTrainer(spark, 2);
            // warm-up: JIT, native library load, Spark's first job
            Dataset[] warm = split(data(20_000, 99));
            time(local, warm, params);
            time(oneWorker, warm, params);
            time(twoWorkers, warm, params);

            for (int rows : sizes) {
                Dataset[] d = split(data(rows, rows));
                int trainRows = d[0].rows();
                double tl = time(local, d, params), t1 = time(oneWorker, d, params), t2 = time(twoWorkers, d, params);
                System.out.printf(Locale.ROOT, "%,d training rows: local %.1f s (%,.0f rows/s) | Spark 1 worker %.1f s (%,.0f rows/s, %.2fx local)"
                                + " | Spark 2 workers %.1f s (%,.0f rows/s, %.2fx local)  [load %s]%n",
                        trainRows, tl, trainRows / tl, t1, trainRows / t1, tl / t1, t2, trainRows / t2, tl / t2, load());
            }

            Map<ModelType, Map<String, String>> cycleTypes = new LinkedHashMap<>();
            Map<String, String> tree = Map.of("num_rounds", Integer.toString(rounds), "learning_rate", "0.1", "early_stopping_rounds", "0",
                    "threads", "1");
            cycleTypes.put(ModelType.XGBOOST, tree);
            cycleTypes.put(ModelType.LIGHTGBM, tree);
            Map<String, String> deep = new HashMap<>(tree);
            deep.put("max_depth", "8");
            cycleTypes.put(XGB_DEEP, deep);
            cycleTypes.put(LGB_DEEP, deep);
            Dataset[] c = split(data(cycleRows, 7));
            ModelTrainer sequential = cycleTrainer();
            long s0 = System.nanoTime();
            for (Map.Entry<ModelType, Map<String, String>> e : cycleTypes.entrySet()) {
                try (TrainedModel m = sequential.train(e.getKey(), c[0], c[1], merged(sequential, e.getKey(), e.getValue()))) {
                    m.type();
                }
            }
            double seq = (System.nanoTime() - s0) / 1e9;
            double par;
            try (SparkCycleTrainer cluster = new SparkCycleTrainer(spark, SparkTrainingBenchmark::cycleTrainer, cycleTypes)) {
                long p0 = System.nanoTime();
                for (Map.Entry<ModelType, Map<String, String>> e : cycleTypes.entrySet()) {
                    try (TrainedModel m = cluster.train(e.getKey(), c[0], c[1], merged(cluster, e.getKey(), e.getValue()))) {
                        m.type();
                    }
                }
                par = (System.nanoTime() - p0) / 1e9;
            }
            System.out.printf(Locale.ROOT, "4-type cycle training (%,d rows): one after the other %.1f s | SparkCycleTrainer local[2] %.1f s"
                    + " (%.2fx)  [load %s]%n", c[0].rows(), seq, par, seq / par, load());
        } finally {
            spark.stop();
        }
    }

    /** XGBoost and LightGBM, and a second variant of each as an alias type. */
    static ModelTrainer cycleTrainer() {
        return new AliasedTypeTrainer(CompositeModelTrainer.trees(), Map.of(XGB_DEEP, ModelType.XGBOOST, LGB_DEEP, ModelType.LIGHTGBM));
    }

    private static Map<String, String> merged(ModelTrainer t, ModelType type, Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>(t.defaultParams(type));
        p.putAll(overrides);
        return p;
    }

    private static double time(ModelTrainer trainer, Dataset[] d, Map<String, String> params) {
        long t0 = System.nanoTime();
        try (TrainedModel m = trainer.train(ModelType.XGBOOST, d[0], d[1], params)) {
            m.type();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String load() {
        return String.format(Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** 90% train, 10% validation, in time order. */
    private static Dataset[] split(Dataset d) {
        int cut = d.rows() * 9 / 10;
        return new Dataset[] {d.slice(0, cut), d.slice(cut, d.rows())};
    }

    /** A planted nonlinear signal in noise, one symbol, one row per minute. */
    private static Dataset data(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * FEATURES];
        float[] y = new float[rows];
        long[] t = new long[rows];
        long[] end = new long[rows];
        for (int i = 0; i < rows; i++) {
            double signal = 0;
            for (int j = 0; j < FEATURES; j++) {
                float v = (float) r.nextGaussian();
                x[i * FEATURES + j] = v;
                if (j < 4) signal += (j % 2 == 0 ? 0.01 : -0.01) * v + 0.005 * Math.max(0, v);
            }
            y[i] = (float) (signal + 0.02 * r.nextGaussian());
            t[i] = T0 + i * 60_000L;
            end[i] = t[i] + 12 * 60_000L;
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) names.add("f" + j);
        return new Dataset(names, List.of("SYN"), t, end, new int[rows], x, y, null);
    }
}
