package dev.clm.bench;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.nhits.NHitsTrainer;
import dev.clm.models.patchtst.PatchTstTrainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Training time of N-HiTS and PatchTST on real bars (shared 5-minute Binance data, then 1-hour
 * files if more rows are asked for), input convention ret_lag_0..ret_lag_119, label = 12-bar
 * forward log return, default parameters unless overridden.
 *
 * <p>Reference measured in the same run: a ridge linear autoregression on the same 120-return
 * windows (normal equations in plain Java), for both time and held-out skill.
 *
 * <p>Arguments (all optional): {@code rows=100000 validation=10000 test=10000 models=nhits,patchtst}
 * and any model parameter as {@code nhits.epochs=5} / {@code patchtst.d_model=32}.
 */
public final class NeuralTrainingBenchmark {
    private static final int LAGS = 120;
    private static final int HORIZON = 12;
    private static final double TARGET_SECONDS = 120;

    private NeuralTrainingBenchmark() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            for (String part : arg.trim().split("\\s+")) {
                if (part.isEmpty()) continue;
                int eq = part.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("argument '" + part + "' is not key=value");
                a.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        int rows = Integer.parseInt(a.getOrDefault("rows", "100000"));
        int validationRows = Integer.parseInt(a.getOrDefault("validation", "10000"));
        int testRows = Integer.parseInt(a.getOrDefault("test", "10000"));
        List<String> models = List.of(a.getOrDefault("models", "nhits,patchtst").split(","));

        long t0 = System.nanoTime();
        Dataset all = RealReturns.load(rows + validationRows + testRows);
        System.out.printf("data: %d rows x %d columns from %s in %.1f s (%d available processors; machine shared with other jobs)%n",
                all.rows(), all.columns(), all.symbols(), (System.nanoTime() - t0) / 1e9, Runtime.getRuntime().availableProcessors());
        int n = Math.min(rows, all.rows() - validationRows - testRows);
        Dataset train = all.slice(0, n);
        Dataset validation = all.slice(n, n + validationRows);
        Dataset test = all.slice(n + validationRows, n + validationRows + testRows);

        long r0 = System.nanoTime();
        double[] ridge = RidgeReference.fitPredict(train, test, LAGS, 1e-3);
        double ridgeSeconds = (System.nanoTime() - r0) / 1e9;
        System.out.printf("reference ridge AR(%d): train %.2f s, test MSE/zero %.4f, directional accuracy %.4f%n",
                LAGS, ridgeSeconds, mseRatio(ridge, test.labels()), da(ridge, test.labels()));

        for (String name : models) {
            ModelType type = ModelType.of(name.trim());
            ModelTrainer trainer = type.equals(ModelType.NHITS) ? new NHitsTrainer() : new PatchTstTrainer();
            Map<String, String> params = new LinkedHashMap<>();
            a.forEach((k, v) -> {
                if (k.startsWith(type.name() + ".")) params.put(k.substring(type.name().length() + 1), v);
            });
            long s = System.nanoTime();
            long cpu0 = processCpuNanos();
            try (TrainedModel m = trainer.train(type, train, validation, params)) {
                double seconds = (System.nanoTime() - s) / 1e9;
                double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
                long p0 = System.nanoTime();
                double[] p = m.predict(test);
                double predictMicros = (System.nanoTime() - p0) / 1e3 / test.rows();
                int epochs = Integer.parseInt(m.provenance().get("epochs_run"));
                System.out.printf("%s: %d rows trained in %.1f s wall, %.1f s process CPU (%d epochs, %.1f s wall / %.1f s CPU per epoch;"
                                + " target %.0f s: wall ratio %.2f, CPU ratio %.2f;"
                                + " %.0fx the ridge reference), batch predict %.1f us/row, validation MSE %s -> %s (standardized),"
                                + " test MSE/zero %.4f, directional accuracy %.4f (ridge %.4f), params %s%n",
                        type, n, seconds, cpuSeconds, epochs, seconds / Math.max(1, epochs), cpuSeconds / Math.max(1, epochs),
                        TARGET_SECONDS, seconds / TARGET_SECONDS, cpuSeconds / TARGET_SECONDS,
                        seconds / ridgeSeconds, predictMicros, m.provenance().get("initial_validation_mse"),
                        m.provenance().get("best_validation_mse"), mseRatio(p, test.labels()), da(p, test.labels()),
                        da(ridge, test.labels()), params.isEmpty() ? "defaults" : params);
            }
        }
    }

    /** CPU time of the whole process (all threads, native included); wall time on an idle machine with 1 thread. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    static double mseRatio(double[] p, float[] y) {
        double m = 0, z = 0;
        for (int i = 0; i < p.length; i++) {
            m += (p[i] - y[i]) * (p[i] - y[i]);
            z += (double) y[i] * y[i];
        }
        return m / z;
    }

    static double da(double[] p, float[] y) {
        int hits = 0, k = 0;
        for (int i = 0; i < p.length; i++) {
            if (y[i] == 0 || p[i] == 0) continue;
            k++;
            if (p[i] * y[i] > 0) hits++;
        }
        return k == 0 ? Double.NaN : (double) hits / k;
    }

    /** Builds ret_lag datasets from the shared CSV bars, all symbols merged in time order. */
    static final class RealReturns {
        private RealReturns() {}

        static Dataset load(int wanted) throws IOException {
            List<Path> files = new ArrayList<>();
            for (String dir : new String[] {"binance_spot_5m", "binance_spot_1h", "binance_perp_1h"}) {
                try (Stream<Path> s = Files.list(SharedData.dir().resolve(dir))) {
                    s.filter(p -> p.toString().endsWith(".csv")).sorted().forEach(files::add);
                }
            }
            List<String> symbols = new ArrayList<>();
            List<long[]> times = new ArrayList<>();
            List<double[]> returns = new ArrayList<>();
            int total = 0;
            for (Path f : files) {
                if (total >= wanted) break;
                List<long[]> t = new ArrayList<>();
                double[][] closes = readCloses(f, t);
                long[] ts = t.get(0);
                double[] c = closes[0];
                double[] r = new double[c.length];
                for (int i = 1; i < c.length; i++) r[i] = Math.log(c[i] / c[i - 1]);
                symbols.add(f.getParent().getFileName() + "/" + f.getFileName().toString().replace(".csv", ""));
                times.add(ts);
                returns.add(r);
                total += Math.max(0, c.length - LAGS - HORIZON - 1);
            }
            record Ref(int symbol, int bar, long time) {}
            List<Ref> refs = new ArrayList<>(total);
            for (int s = 0; s < symbols.size(); s++) {
                long[] ts = times.get(s);
                for (int t = LAGS; t < ts.length - HORIZON; t++) refs.add(new Ref(s, t, ts[t]));
            }
            refs.sort(Comparator.comparingLong(Ref::time));
            int n = Math.min(wanted, refs.size());
            List<String> names = new ArrayList<>();
            for (int k = 0; k < LAGS; k++) names.add("ret_lag_" + k);
            float[] x = new float[n * LAGS];
            float[] y = new float[n];
            long[] time = new long[n];
            long[] end = new long[n];
            int[] sym = new int[n];
            for (int i = 0; i < n; i++) {
                Ref ref = refs.get(i);
                double[] r = returns.get(ref.symbol());
                for (int k = 0; k < LAGS; k++) x[i * LAGS + k] = (float) r[ref.bar() - k];
                double label = 0;
                for (int h = 1; h <= HORIZON; h++) label += r[ref.bar() + h];
                y[i] = (float) label;
                time[i] = ref.time();
                end[i] = times.get(ref.symbol())[ref.bar() + HORIZON];
                sym[i] = ref.symbol();
            }
            return new Dataset(names, symbols, time, end, sym, x, y, null);
        }

        private static double[][] readCloses(Path f, List<long[]> timesOut) throws IOException {
            List<String> lines;
            try (BufferedReader br = Files.newBufferedReader(f)) {
                lines = br.lines().toList();
            }
            String[] header = lines.get(0).split(",");
            int timeCol = Arrays.asList(header).indexOf("open_time");
            int closeCol = Arrays.asList(header).indexOf("close");
            long[] ts = new long[lines.size() - 1];
            double[] c = new double[lines.size() - 1];
            for (int i = 1; i < lines.size(); i++) {
                String[] p = lines.get(i).split(",");
                ts[i - 1] = Long.parseLong(p[timeCol]);
                c[i - 1] = Double.parseDouble(p[closeCol]);
            }
            timesOut.add(ts);
            return new double[][] {c};
        }
    }

    /** Ridge regression of the label on the window (penalty relative to the mean diagonal): the linear reference. */
    static final class RidgeReference {
        private RidgeReference() {}

        static double[] fitPredict(Dataset train, Dataset test, int lags, double lambda) {
            int d = lags + 1;
            double[][] xtx = new double[d][d];
            double[] xty = new double[d];
            double[] row = new double[d];
            for (int i = 0; i < train.rows(); i++) {
                fill(train, i, lags, row);
                double y = train.labels()[i];
                for (int a = 0; a < d; a++) {
                    xty[a] += row[a] * y;
                    for (int b = a; b < d; b++) xtx[a][b] += row[a] * row[b];
                }
            }
            double meanDiagonal = 0;
            for (int a = 1; a < d; a++) meanDiagonal += xtx[a][a] / lags;
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < a; b++) xtx[a][b] = xtx[b][a];
                if (a > 0) xtx[a][a] += lambda * meanDiagonal; // intercept not penalized
            }
            double[] w = solve(xtx, xty);
            double[] out = new double[test.rows()];
            for (int i = 0; i < test.rows(); i++) {
                fill(test, i, lags, row);
                double s = 0;
                for (int a = 0; a < d; a++) s += w[a] * row[a];
                out[i] = s;
            }
            return out;
        }

        private static void fill(Dataset d, int i, int lags, double[] row) {
            row[0] = 1;
            for (int k = 0; k < lags; k++) row[k + 1] = d.feature(i, k); // column k is ret_lag_k in these datasets
        }

        /** Gaussian elimination with partial pivoting. */
        private static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            double[][] m = new double[n][];
            for (int i = 0; i < n; i++) m[i] = a[i].clone();
            double[] v = b.clone();
            for (int c = 0; c < n; c++) {
                int p = c;
                for (int r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
                double[] tr = m[c]; m[c] = m[p]; m[p] = tr;
                double tv = v[c]; v[c] = v[p]; v[p] = tv;
                for (int r = c + 1; r < n; r++) {
                    double f = m[r][c] / m[c][c];
                    for (int k = c; k < n; k++) m[r][k] -= f * m[c][k];
                    v[r] -= f * v[c];
                }
            }
            double[] x = new double[n];
            for (int r = n - 1; r >= 0; r--) {
                double s = v[r];
                for (int k = r + 1; k < n; k++) s -= m[r][k] * x[k];
                x[r] = s / m[r][r];
            }
            return x;
        }
    }
}
