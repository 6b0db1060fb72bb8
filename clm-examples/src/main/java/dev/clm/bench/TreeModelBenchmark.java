package dev.clm.bench;

import com.microsoft.ml.lightgbm.PredictionType;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import com.microsoft.ml.lightgbm.lightgbmlibConstants;
import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.models.ModelEnvelope;
import io.github.metarank.lightgbm4j.LGBMBooster;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * Tree-model benchmark: training time of the XGBoost and LightGBM trainers on synthetic
 * float features of the default feature-set width (56 columns) for 100k and 1M rows, and
 * single-row prediction latency (p50/p99) of clm's Java tree evaluator against the
 * libraries' own single-row calls on the same model, measured in the same run.
 *
 * <p>Arguments (space separated {@code key=value}): {@code rows=100000,1000000} (training-time
 * row counts, {@code none} to skip) {@code cols=56} {@code threads=2} {@code calls=100000}
 * {@code latencyRows=20000} (rows the latency models train on, 0 to skip)
 * {@code params=num_rounds:500;max_depth:7} (trainer parameter overrides). Latency runs
 * first, on models of 500 trees of depth 7 (early stopping off) so they are full-sized.
 *
 * <p>Latency: each call's time from {@link System#nanoTime()} around one prediction; the
 * competitors run in alternating blocks so machine load hits both alike. References:
 * xgboost4j = new 1-row DMatrix + Booster.predict + dispose per call (nthread=1); LightGBM =
 * {@code predictForMatSingleRow} (lightgbm4j) and the C API single-row-fast call
 * ({@code LGBM_BoosterPredictForMatSingleRowFast}, row pre-converted to double outside the
 * timing, which favours it).
 */
public final class TreeModelBenchmark {
    private static final long HOUR = 3_600_000L;

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String rowsArg = a.getOrDefault("rows", "100000,1000000");
        int[] rowCounts = rowsArg.equals("none") ? new int[0] : Arrays.stream(rowsArg.split(",")).mapToInt(Integer::parseInt).toArray();
        int cols = Integer.parseInt(a.getOrDefault("cols", "56"));
        String threads = a.getOrDefault("threads", "2");
        int calls = Integer.parseInt(a.getOrDefault("calls", "100000"));
        int latencyRows = Integer.parseInt(a.getOrDefault("latencyRows", "20000"));
        Map<String, String> params = new HashMap<>();
        params.put("threads", threads);
        for (String kv : a.getOrDefault("params", "").split(";")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split(":", 2);
            params.put(p[0], p[1]);
        }
        System.out.printf("TreeModelBenchmark: cols=%d threads=%s calls=%d params=%s, %d processors, java %s%n", cols, threads, calls,
                params, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("system load average at start: %.2f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        try (CompositeModelTrainer trainer = CompositeModelTrainer.trees()) {
            // 1. Latency on a real-sized model: 500 trees of depth 7 (no early stopping), 56 columns.
            if (latencyRows > 0) {
                Dataset all = wide(latencyRows + latencyRows / 4 + 2000, cols, 5);
                Dataset train = all.slice(0, latencyRows), validation = all.slice(latencyRows, latencyRows + latencyRows / 4);
                Dataset rows = all.slice(latencyRows + latencyRows / 4, all.rows());
                Map<String, String> lp = new HashMap<>(params);
                lp.put("early_stopping_rounds", "0");
                lp.put("num_rounds", "500");
                lp.put("max_depth", "7");
                try (TrainedModel x = trainer.train(ModelType.XGBOOST, train, validation, lp);
                     TrainedModel l = trainer.train(ModelType.LIGHTGBM, train, validation, lp)) {
                    xgboostLatency(x, rows, calls);
                    lightgbmLatency(l, rows, calls);
                }
            }
            // 2. Training time with the trainers' defaults (early stopping on, 500 rounds max) unless overridden.
            for (int n : rowCounts) {
                int validationRows = Math.max(1000, n / 5);
                Dataset all = wide(n + validationRows, cols, 7);
                Dataset train = all.slice(0, n), validation = all.slice(n, n + validationRows);
                all = null;
                for (ModelType type : List.of(ModelType.XGBOOST, ModelType.LIGHTGBM)) {
                    long t0 = System.nanoTime();
                    try (TrainedModel m = trainer.train(type, train, validation, params)) {
                        double sec = (System.nanoTime() - t0) / 1e9;
                        System.out.printf("train %-8s rows=%,9d x %d cols: %8.1f s  (%s trees, validation rmse %s)%n", type, n, cols, sec,
                                m.provenance().get("trees"), m.provenance().get("validation.rmse"));
                    }
                }
            }
        }
    }

    private static void xgboostLatency(TrainedModel model, Dataset rows, int calls) throws Exception {
        Booster booster = XGBoost.loadModel(ModelEnvelope.parse(model.serialize(), "xgboost-ubj").nativeModel());
        booster.setParam("nthread", 1);
        int cols = rows.columns();
        float[][] r = rowsOf(rows);
        try {
            double maxDiff = 0;
            for (float[] row : r) {
                DMatrix d = new DMatrix(row, 1, cols, Float.NaN);
                maxDiff = Math.max(maxDiff, Math.abs(model.predict(row) - booster.predict(d)[0][0]));
                d.dispose();
            }
            long[][] t = alternate(calls, r,
                    row -> model.predict(row),
                    row -> {
                        DMatrix d = new DMatrix(row, 1, cols, Float.NaN);
                        try {
                            return booster.predict(d)[0][0];
                        } finally {
                            d.dispose();
                        }
                    });
            report("xgboost", model, maxDiff, t[0], "xgboost4j 1-row DMatrix", t[1], null, null);
        } finally {
            booster.dispose();
        }
    }

    private static void lightgbmLatency(TrainedModel model, Dataset rows, int calls) throws Exception {
        String modelString = ModelEnvelope.parse(model.serialize(), "lightgbm-text").nativeText();
        float[][] r = rowsOf(rows);
        double[][] rd = new double[r.length][];
        for (int i = 0; i < r.length; i++) {
            rd[i] = new double[r[i].length];
            for (int j = 0; j < r[i].length; j++) rd[i][j] = r[i][j];
        }
        try (LGBMBooster booster = LGBMBooster.loadModelFromString(modelString)) {
            SWIGTYPE_p_void handle = handle(booster);
            SWIGTYPE_p_p_void fastOut = lightgbmlib.new_voidpp();
            check(lightgbmlib.LGBM_BoosterPredictForMatSingleRowFastInit(handle, lightgbmlibConstants.C_API_PREDICT_NORMAL, 0, -1,
                    lightgbmlibConstants.C_API_DTYPE_FLOAT64, rows.columns(), "num_threads=1", fastOut));
            SWIGTYPE_p_void fast = lightgbmlib.voidpp_value(fastOut);
            SWIGTYPE_p_long_long outLen = lightgbmlib.new_int64_tp();
            SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(1);
            try {
                double maxDiff = 0;
                for (float[] row : r) maxDiff = Math.max(maxDiff, Math.abs(model.predict(row) - booster.predictForMatSingleRow(row, PredictionType.C_API_PREDICT_NORMAL)));
                int[] idx = new int[1];
                long[][] t = alternate(calls, r, model::predict,
                        row -> booster.predictForMatSingleRow(row, PredictionType.C_API_PREDICT_NORMAL),
                        row -> {
                            // the double copy of the same row, prepared outside the timing
                            double[] d = rd[idx[0]++ % rd.length];
                            lightgbmlib.LGBM_BoosterPredictForMatSingleRowFastCriticalSWIG(d, fast, outLen, out);
                            return lightgbmlib.doubleArray_getitem(out, 0);
                        });
                report("lightgbm", model, maxDiff, t[0], "lightgbm4j predictForMatSingleRow", t[1], "LightGBM C single-row-fast", t[2]);
            } finally {
                lightgbmlib.LGBM_FastConfigFree(fast);
                lightgbmlib.delete_doubleArray(out);
                lightgbmlib.delete_int64_tp(outLen);
                lightgbmlib.delete_voidpp(fastOut);
            }
        }
    }

    interface Predictor {
        double predict(float[] row) throws Exception;
    }

    /** Times each competitor per call, in alternating blocks of 5,000 calls after a 20,000-call warm-up each. */
    private static long[][] alternate(int calls, float[][] rows, Predictor... competitors) throws Exception {
        int block = 5_000;
        double sink = 0;
        for (Predictor p : competitors) {
            for (int i = 0; i < 20_000; i++) sink += p.predict(rows[i % rows.length]);
        }
        long[][] times = new long[competitors.length][calls];
        int[] filled = new int[competitors.length];
        int cursor = 0;
        while (filled[0] < calls) {
            for (int c = 0; c < competitors.length; c++) {
                Predictor p = competitors[c];
                for (int i = 0; i < block && filled[c] < calls; i++) {
                    float[] row = rows[(cursor + i) % rows.length];
                    long t0 = System.nanoTime();
                    sink += p.predict(row);
                    times[c][filled[c]++] = System.nanoTime() - t0;
                }
            }
            cursor += block;
        }
        if (sink == 42.4242) System.out.println("unlikely");
        return times;
    }

    private static void report(String kind, TrainedModel model, double maxDiff, long[] ours, String ref1, long[] t1, String ref2, long[] t2) {
        System.out.printf("%s single-row latency, model of %s trees (max |clm - library| = %.3g):%n", kind, model.provenance().get("trees"), maxDiff);
        line("clm fast predictor", ours, null);
        line(ref1, t1, ours);
        if (t2 != null) line(ref2, t2, ours);
    }

    private static void line(String name, long[] t, long[] ours) {
        long[] s = t.clone();
        Arrays.sort(s);
        double p50 = s[s.length / 2] / 1000.0, p99 = s[(int) (s.length * 0.99)] / 1000.0;
        String ratio = "";
        if (ours != null) {
            long[] o = ours.clone();
            Arrays.sort(o);
            ratio = String.format("  -> %.1fx slower than clm at p50", s[s.length / 2] / (double) o[o.length / 2]);
        }
        System.out.printf("  %-36s p50 %8.2f us  p99 %8.2f us%s%n", name, p50, p99, ratio);
    }

    private static float[][] rowsOf(Dataset d) {
        float[][] r = new float[d.rows()][];
        for (int i = 0; i < d.rows(); i++) r[i] = d.row(i, new float[d.columns()]);
        return r;
    }

    private static SWIGTYPE_p_void handle(LGBMBooster booster) throws ReflectiveOperationException {
        Field f = LGBMBooster.class.getDeclaredField("handle");
        f.setAccessible(true);
        return lightgbmlib.voidpp_value((SWIGTYPE_p_p_void) f.get(booster));
    }

    private static void check(int rc) {
        if (rc != 0) throw new IllegalStateException("LightGBM: " + lightgbmlib.LGBM_GetLastError());
    }

    /** Gaussian features; the label depends on a few of them non-linearly plus noise (return-sized). */
    static Dataset wide(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            for (int j = 0; j < cols; j++) x[o + j] = (float) gaussian(rnd);
            double s = 0.6 * x[o] - 0.4 * x[o + 1] + 0.3 * x[o + 2] * x[o + 3] + (x[o + 4] > 0.5 ? 0.5 : -0.2);
            y[i] = (float) (0.01 * (s + gaussian(rnd)));
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < cols; j++) names.add("f" + j);
        long[] ts = new long[rows], end = new long[rows];
        for (int i = 0; i < rows; i++) {
            ts[i] = 1_700_000_000_000L + i * HOUR;
            end[i] = ts[i] + 12 * HOUR;
        }
        return new Dataset(names, List.of("SYN"), ts, end, new int[rows], x, y, null);
    }

    private static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String arg : String.join(" ", args).trim().split("\\s+")) {
            if (arg.isEmpty()) continue;
            int eq = arg.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return m;
    }
}
