package dev.clm.models;

import dev.clm.api.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic feature/label sets for the tree tests, built from a simulated return path so the
 * label is a real forward return over {@code horizon} bars and splits can be purged.
 *
 * <p>Planted signal: a latent AR(1) state {@code z} (phi 0.9, unit variance) drives the next
 * return, {@code r[t+1] = beta * z[t] + eps}; feature 0 observes {@code z[t]} with noise, features
 * 1..5 are the last five returns, the rest pure noise. With beta 0.15 the forward 12-bar return
 * correlates about 0.3 with z. Random walk: beta 0, so nothing in the features predicts the label.
 */
public final class SyntheticMarket {
    public static final int HORIZON = 12;
    private static final long HOUR = 3_600_000L;

    private SyntheticMarket() {}

    public static Dataset planted(int rows, int features, long seed) {
        return path(rows, features, 0.15, seed);
    }

    public static Dataset randomWalk(int rows, int features, long seed) {
        return path(rows, features, 0.0, seed);
    }

    /** Uniform noise features of width {@code features} with a label driven by a few of them (benchmarks, size tests). */
    public static Dataset wide(int rows, int features, long seed, long startMillis) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < features; j++) x[i * features + j] = (float) gaussian(rnd);
            int o = i * features;
            double s = 0.6 * x[o] - 0.4 * x[o + 1] + 0.3 * x[o + 2] * x[o + 3] + (x[o + 4] > 0.5 ? 0.5 : -0.2);
            y[i] = (float) (0.01 * (s + gaussian(rnd)));
        }
        return dataset(rows, features, startMillis, x, y);
    }

    private static Dataset path(int rows, int features, double beta, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int warm = 10, n = rows + warm + HORIZON;
        double phi = 0.9, innov = Math.sqrt(1 - phi * phi), sigma = 0.01;
        double[] z = new double[n];
        double[] r = new double[n];
        for (int t = 1; t < n; t++) {
            z[t] = phi * z[t - 1] + innov * gaussian(rnd);
            r[t] = sigma * (beta * z[t - 1] + gaussian(rnd));
        }
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            int t = i + warm;
            int o = i * features;
            x[o] = (float) (z[t] + 0.3 * gaussian(rnd));
            for (int k = 1; k < features; k++) x[o + k] = k <= 5 ? (float) (r[t - k + 1] / sigma) : (float) gaussian(rnd);
            double fwd = 0;
            for (int k = 1; k <= HORIZON; k++) fwd += r[t + k];
            y[i] = (float) fwd;
        }
        return dataset(rows, features, 1_700_000_000_000L, x, y);
    }

    private static Dataset dataset(int rows, int features, long start, float[] x, float[] y) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) names.add("f" + j);
        long[] ts = new long[rows];
        long[] end = new long[rows];
        for (int i = 0; i < rows; i++) {
            ts[i] = start + i * HOUR;
            end[i] = ts[i] + HORIZON * HOUR;
        }
        return new Dataset(names, List.of("SYN"), ts, end, new int[rows], x, y, null);
    }

    /** Time-ordered train | embargo | validation | embargo | test split (embargo = horizon rows, so no label overlaps). */
    public static Dataset[] split(Dataset d, double trainFraction, double validationFraction) {
        int n = d.rows();
        int trainEnd = (int) (n * trainFraction);
        int validationStart = trainEnd + HORIZON;
        int validationEnd = validationStart + (int) (n * validationFraction);
        int testStart = validationEnd + HORIZON;
        return new Dataset[] {d.slice(0, trainEnd), d.slice(validationStart, validationEnd), d.slice(testStart, n)};
    }

    /** Fraction of rows where sign(prediction) equals sign(label) (zero labels skipped). */
    public static double directionalAccuracy(double[] predictions, float[] labels) {
        int hits = 0, total = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == 0) continue;
            total++;
            if ((predictions[i] > 0) == (labels[i] > 0)) hits++;
        }
        return (double) hits / total;
    }

    /** The best a constant (zero-return / always-long / always-short) forecast can score on direction. */
    public static double constantBaselineAccuracy(float[] labels) {
        int up = 0, total = 0;
        for (float v : labels) {
            if (v == 0) continue;
            total++;
            if (v > 0) up++;
        }
        return Math.max(up, total - up) / (double) total;
    }

    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
