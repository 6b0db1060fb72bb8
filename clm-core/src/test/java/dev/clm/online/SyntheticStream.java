package dev.clm.online;

import dev.clm.api.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic stream of hourly rows with standard normal features and a linear label
 * {@code 0.01 * (x · beta + noise * N(0,1))} whose coefficients switch from {@code before} to
 * {@code after} at row {@code changeAt}.
 */
final class SyntheticStream {
    final int rows;
    final int features;
    final float[] x;
    final float[] y;
    final int changeAt;
    final double noise;

    SyntheticStream(int rows, double[] before, double[] after, int changeAt, double noise, double offset, long seed) {
        this.rows = rows;
        this.features = before.length;
        this.changeAt = changeAt;
        this.noise = noise;
        this.x = new float[rows * features];
        this.y = new float[rows];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < rows; i++) {
            double[] beta = i < changeAt ? before : after;
            double s = offset;
            for (int j = 0; j < features; j++) {
                float v = (float) gaussian(rnd);
                x[i * features + j] = v;
                s += beta[j] * v;
            }
            y[i] = (float) (0.01 * (s + noise * gaussian(rnd)));
        }
    }

    float[] row(int i) {
        float[] r = new float[features];
        System.arraycopy(x, i * features, r, 0, features);
        return r;
    }

    /** Irreducible mean squared error of the label. */
    double noiseFloor() {
        return 1e-4 * noise * noise;
    }

    List<String> names() {
        List<String> n = new ArrayList<>();
        for (int j = 0; j < features; j++) n.add("f" + j);
        return n;
    }

    /** Rows {@code [from, to)} as a dataset (hourly timestamps). */
    Dataset dataset(int from, int to) {
        int n = to - from;
        long[] ts = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + (from + i) * 3_600_000L;
            end[i] = ts[i] + 12 * 3_600_000L;
        }
        float[] xs = new float[n * features];
        System.arraycopy(x, from * features, xs, 0, n * features);
        float[] ys = new float[n];
        System.arraycopy(y, from, ys, 0, n);
        return new Dataset(names(), List.of("SYN"), ts, end, new int[n], xs, ys, null);
    }

    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
