package dev.clm.models.djl;

import dev.clm.api.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic datasets in the sequence-model input convention: columns {@code ret_lag_0} ..
 * {@code ret_lag_{lags-1}} (ret_lag_k at row t = the return of bar t-k) plus two noise columns
 * placed around them (so the models must find their window by name), label = sum of the next
 * {@code horizon} returns.
 *
 * <p>Returns: {@code r_t = amplitude * sigma * sin(2 pi t / period + phase) + u_t} with
 * {@code u_t = ar * u_{t-1} + sigma * e_t}; the phase is drawn from the seed. With
 * {@code amplitude = 0} and {@code ar = 0} the prices are a pure random walk.
 */
public final class ReturnSeriesDatasets {
    public static final int HORIZON = 12;
    public static final int PERIOD = 24;
    public static final double SIGMA = 0.01;
    private static final long HOUR = 3_600_000L;

    private ReturnSeriesDatasets() {}

    /** Planted seasonal + AR(1) component that a window of >= one period can predict. */
    public static Dataset planted(int rows, int lags, long seed, long startMillis) {
        return generate(rows, lags, 0.6, 0.2, seed, startMillis);
    }

    /** Independent Gaussian returns: nothing is predictable. */
    public static Dataset randomWalk(int rows, int lags, long seed, long startMillis) {
        return generate(rows, lags, 0.0, 0.0, seed, startMillis);
    }

    public static Dataset generate(int rows, int lags, double amplitude, double ar, long seed, long startMillis) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double phase = rnd.nextDouble() * 2 * Math.PI;
        int n = lags + rows + HORIZON;
        double[] r = new double[n];
        double u = 0;
        for (int t = 0; t < n; t++) {
            u = ar * u + SIGMA * gaussian(rnd);
            r[t] = amplitude * SIGMA * Math.sin(2 * Math.PI * t / PERIOD + phase) + u;
        }
        List<String> names = new ArrayList<>();
        names.add("noise_a");
        for (int k = 0; k < lags; k++) names.add(ReturnWindow.column(k));
        names.add("noise_b");
        int cols = names.size();
        float[] x = new float[rows * cols];
        float[] y = new float[rows];
        long[] ts = new long[rows];
        long[] end = new long[rows];
        for (int i = 0; i < rows; i++) {
            int t = lags - 1 + i; // bar index of row i: it sees r[t - lags + 1 .. t]
            x[i * cols] = (float) gaussian(rnd);
            for (int k = 0; k < lags; k++) x[i * cols + 1 + k] = (float) r[t - k];
            x[i * cols + cols - 1] = (float) gaussian(rnd);
            double label = 0;
            for (int h = 1; h <= HORIZON; h++) label += r[t + h];
            y[i] = (float) label;
            ts[i] = startMillis + i * HOUR;
            end[i] = ts[i] + HORIZON * HOUR;
        }
        return new Dataset(names, List.of("SYN"), ts, end, new int[rows], x, y, null);
    }

    static double gaussian(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
