package dev.clm.api.contract;

import dev.clm.api.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small synthetic datasets for contract tests (no dependency on clm-core). */
public final class TestDatasets {
    private TestDatasets() {}

    /**
     * {@code rows} hourly rows of one symbol starting at {@code startMillis}; label =
     * {@code signal * (0.6 f0 - 0.3 f1) + noise * N(0,1)} scaled to return size.
     * With {@code signal = 0} the label is pure noise.
     */
    public static Dataset linear(int rows, int features, double signal, double noise, long seed, long startMillis) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) names.add("f" + j);
        long[] ts = new long[rows];
        long[] end = new long[rows];
        int[] sym = new int[rows];
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            ts[i] = startMillis + i * 3_600_000L;
            end[i] = ts[i] + 12 * 3_600_000L;
            for (int j = 0; j < features; j++) x[i * features + j] = (float) gaussian(rnd);
            double f0 = x[i * features];
            double f1 = features > 1 ? x[i * features + 1] : 0;
            y[i] = (float) (0.01 * (signal * (0.6 * f0 - 0.3 * f1) + noise * gaussian(rnd)));
        }
        return new Dataset(names, List.of("TEST"), ts, end, sym, x, y, null);
    }

    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
