package dev.clm.bench;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.nhits.NHitsTrainer;
import dev.clm.models.patchtst.PatchTstTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Native-memory soak: N cycles of train + warm start + serialize + load + predict + close for
 * each chosen trainer kind in one JVM with a fixed, pre-touched heap, printing the resident
 * set size after every cycle and the least-squares slope of RSS over the cycles (MB per cycle)
 * with a 95% confidence interval. Not a test (it takes minutes); the README states a run.
 *
 * <p>Arguments (space separated {@code key=value}): {@code cycles=60} {@code warmup=5} (cycles
 * left out of the slope: allocator arenas and JIT settle first) {@code kinds=xgboost,lightgbm}
 * (also {@code nhits}, {@code patchtst}) {@code rows=20000} {@code cols=56} {@code rounds=50}
 * {@code threads=2} {@code heap=1g} {@code freshThread=true} (each cycle on a new thread, as a
 * scheduler or an executor that replaces its workers does; false runs all on main)
 * {@code nativeTrim=false} (turns off clm's trimming of the C heap after native work, to see
 * the growth without it) {@code arenaMax=2} (sets {@code MALLOC_ARENA_MAX} for the child).
 *
 * <p>The measured JVM is a child started with {@code -Xms=-Xmx=heap -XX:+AlwaysPreTouch}, so
 * heap growth cannot pass for a native leak: the heap is resident in full from the start; and
 * with {@code OMP_WAIT_POLICY=PASSIVE} unless set, so a busy host does not slow it tenfold.
 *
 * <p>Confidence interval: the cycle-to-cycle RSS readings are autocorrelated (an allocator
 * holds freed memory for a while, then returns it in steps), so the slope's standard error is
 * Newey-West (Bartlett kernel, bandwidth {@code floor(4 (n/100)^(2/9))}, at least 2) rather
 * than the i.i.d. OLS one; the interval is slope +- 1.96 SE and the upper bound is what the
 * target (< 1 MB per cycle) is checked against.
 */
public final class NativeMemorySoak {
    private static final String CHILD_FLAG = "clm.soak.child";

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        if (!Boolean.getBoolean(CHILD_FLAG)) {
            System.exit(runChild(a, args));
        }
        int cycles = Integer.parseInt(a.getOrDefault("cycles", "60"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        int rows = Integer.parseInt(a.getOrDefault("rows", "20000"));
        int cols = Integer.parseInt(a.getOrDefault("cols", "56"));
        boolean freshThread = Boolean.parseBoolean(a.getOrDefault("freshThread", "true"));
        List<ModelType> kinds = new ArrayList<>();
        for (String k : a.getOrDefault("kinds", "xgboost,lightgbm").split(",")) kinds.add(ModelType.of(k.trim()));
        Map<String, String> params = new HashMap<>();
        params.put("threads", a.getOrDefault("threads", "2"));
        String rounds = a.getOrDefault("rounds", "50");
        ModelTrainer trainer = CompositeModelTrainer.builder().register(new XGBoostTrainer()).register(new LightGBMTrainer())
                .register(new NHitsTrainer()).register(new PatchTstTrainer()).build();

        Dataset all = synthetic(rows + rows / 5 + rows / 5, cols, 7);
        Dataset train = all.slice(0, rows), validation = all.slice(rows, rows + rows / 5), fresh = all.slice(rows + rows / 5, all.rows());
        System.out.printf(Locale.ROOT, "soak: %s, %d cycles (+%d warm-up), %d rows x %d cols, %s rounds, %s threads, heap %s pre-touched,"
                        + " %s%n", kinds, cycles, warmup, rows, cols, rounds, params.get("threads"), a.getOrDefault("heap", "1g"),
                freshThread ? "each cycle on a fresh thread" : "all cycles on one thread");
        System.out.printf(Locale.ROOT, "load average at start: %.2f; clm.native.trim=%s, MALLOC_ARENA_MAX=%s, OMP_WAIT_POLICY=%s%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("clm.native.trim", "true"),
                System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"), System.getenv().getOrDefault("OMP_WAIT_POLICY", "unset"));
        double[] rss = new double[cycles];
        double[] outsideJvm = new double[cycles];
        double first = 0;
        for (int c = 0; c < warmup + cycles; c++) {
            Runnable cycle = () -> {
                for (ModelType kind : kinds) runKind(trainer, kind, train, validation, fresh, params, rounds);
            };
            if (freshThread) {
                Throwable[] failure = new Throwable[1];
                Thread t = new Thread(() -> {
                    try {
                        cycle.run();
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                }, "soak-cycle-" + c);
                t.start();
                t.join();
                if (failure[0] != null) throw new IllegalStateException("cycle " + c + " failed", failure[0]);
            } else {
                cycle.run();
            }
            System.gc();
            double mb = residentBytes() / 1048576.0;
            var mem = ManagementFactory.getMemoryMXBean();
            double jvmAreas = (mem.getHeapMemoryUsage().getCommitted() + mem.getNonHeapMemoryUsage().getCommitted()) / 1048576.0;
            if (c == 0) first = mb;
            if (c >= warmup) {
                rss[c - warmup] = mb;
                outsideJvm[c - warmup] = mb - jvmAreas;
            }
            System.out.printf(Locale.ROOT, "cycle %3d  RSS %8.1f MB  outside heap/code cache/metaspace %7.1f MB%s%n", c, mb, mb - jvmAreas,
                    c < warmup ? "  (warm-up)" : "");
        }
        double[] fit = slopeWithHacError(rss);
        System.out.printf(Locale.ROOT, "RSS %.1f MB after cycle 0, %.1f -> %.1f MB over the %d measured cycles%n", first, rss[0],
                rss[cycles - 1], cycles);
        System.out.printf(Locale.ROOT, "load average at end: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        double[] outside = slopeWithHacError(outsideJvm);
        System.out.printf(Locale.ROOT, "outside the JVM's heap, code cache and metaspace: slope %.3f MB/cycle, 95%% CI [%.3f, %.3f]%n", outside[0],
                outside[0] - 1.96 * outside[1], outside[0] + 1.96 * outside[1]);
        System.out.printf(Locale.ROOT, "RSS slope %.3f MB/cycle, 95%% CI [%.3f, %.3f] (Newey-West SE %.3f, OLS SE %.3f); target < 1 MB/cycle: %s%n",
                fit[0], fit[0] - 1.96 * fit[1], fit[0] + 1.96 * fit[1], fit[1], fit[2],
                fit[0] + 1.96 * fit[1] < 1.0 ? "met" : "NOT met");
    }

    /** One kind: full train, warm start on fresh rows, serialize, load, batch and single-row predict, close all. */
    private static void runKind(ModelTrainer trainer, ModelType kind, Dataset train, Dataset validation, Dataset fresh,
                                Map<String, String> common, String rounds) {
        Map<String, String> p = new LinkedHashMap<>();
        if (kind.equals(ModelType.XGBOOST) || kind.equals(ModelType.LIGHTGBM)) {
            p.putAll(common);
            p.put("num_rounds", rounds);
            p.put("incremental_rounds", Integer.toString(Math.max(1, Integer.parseInt(rounds) / 2)));
            p.put("early_stopping_rounds", "0");
            p.put("max_depth", "6");
            p.put("learning_rate", "0.05");
        } else {
            // neural kinds read ret_lag_0 .. ret_lag_{L-1}: a context that fits the synthetic columns
            p.put("input_size", Integer.toString(Math.min(48, train.columns())));
            p.put("epochs", "1");
        }
        try (TrainedModel m = trainer.train(kind, train, validation, p);
             TrainedModel next = trainer.trainIncremental(kind, m, validation, fresh, p);
             TrainedModel loaded = trainer.load(kind, next.serialize())) {
            double[] batch = loaded.predict(validation);
            float[] row = new float[validation.columns()];
            double single = loaded.predict(validation.row(0, row));
            if (!Double.isFinite(single) || batch.length != validation.rows()) throw new IllegalStateException(kind + " predicted " + single);
        }
    }

    /** {slope, Newey-West SE, OLS SE} of y against 0..n-1. */
    static double[] slopeWithHacError(double[] y) {
        int n = y.length;
        double mx = (n - 1) / 2.0, my = 0;
        for (double v : y) my += v / n;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (i - mx) * (i - mx);
            sxy += (i - mx) * (y[i] - my);
        }
        double b = sxy / sxx;
        double[] u = new double[n];
        double sse = 0;
        for (int i = 0; i < n; i++) {
            u[i] = y[i] - my - b * (i - mx);
            sse += u[i] * u[i];
        }
        double olsSe = Math.sqrt(sse / Math.max(1, n - 2) / sxx);
        int lags = Math.max(2, (int) Math.floor(4 * Math.pow(n / 100.0, 2.0 / 9.0)));
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.pow((i - mx) * u[i], 2);
        for (int l = 1; l <= lags && l < n; l++) {
            double w = 1 - l / (lags + 1.0), c = 0;
            for (int i = l; i < n; i++) c += (i - mx) * u[i] * (i - l - mx) * u[i - l];
            s += 2 * w * c;
        }
        double hacSe = Math.sqrt(Math.max(s, 0) * n / Math.max(1, n - 2)) / sxx;
        return new double[] {b, hacSe, olsSe};
    }

    private static int runChild(Map<String, String> a, String[] args) throws IOException, InterruptedException {
        String heap = a.getOrDefault("heap", "1g");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms" + heap, "-Xmx" + heap, "-XX:+AlwaysPreTouch", "-D" + CHILD_FLAG + "=true"));
        for (String key : List.of("ai.djl.offline", "DJL_CACHE_DIR", "clm.shared.data", "clm.native.trim")) {
            if (System.getProperty(key) != null) cmd.add("-D" + key + "=" + System.getProperty(key));
        }
        if (a.containsKey("nativeTrim")) cmd.add("-Dclm.native.trim=" + a.get("nativeTrim"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeMemorySoak.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        if (a.containsKey("arenaMax")) pb.environment().put("MALLOC_ARENA_MAX", a.get("arenaMax"));
        // OpenMP workers that spin while waiting make a loaded host crawl (10x here); memory is measured per cycle, not time
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        return pb.start().waitFor();
    }

    /** Resident set size of this process (Linux /proc). */
    static long residentBytes() throws IOException {
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096L;
    }

    private static Dataset synthetic(int rows, int cols, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[rows * cols];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) x[i * cols + j] = (float) rnd.nextGaussian();
            int o = i * cols;
            y[i] = (float) (0.01 * (0.6 * x[o] - 0.4 * x[o + 1] + 0.3 * x[o + 2] * x[o + 3] + rnd.nextGaussian()));
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < cols; j++) names.add(j < 120 ? "ret_lag_" + j : "f" + j);
        long[] ts = new long[rows];
        long[] end = new long[rows];
        for (int i = 0; i < rows; i++) {
            ts[i] = 1_700_000_000_000L + i * 300_000L;
            end[i] = ts[i] + 12 * 300_000L;
        }
        return new Dataset(names, List.of("SYN"), ts, end, new int[rows], x, y, null);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String arg : args) {
            for (String kv : arg.trim().split("\\s+")) {
                int eq = kv.indexOf('=');
                if (eq > 0) m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }
}
