package dev.clm.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exponential smoothers ({@link Ema}'s arithmetic: seeded with the first input, then {@code v +=
 * (x - v) * alpha}) over input columns of a {@link BarBlock}, advanced together bar by bar so
 * their dependency chains overlap instead of running one after the other. A smoother with the
 * same input column and the same alpha as an existing one is that one (same operations on the
 * same values give the same results), e.g. ATR and ADX's smoothed true range with equal periods.
 * Each smoother writes its value after every bar into its own output column. Not thread-safe.
 */
final class EmaBank {
    private final BarBlock block;
    private final List<double[]> inputs = new ArrayList<>();
    private final List<double[]> outputs = new ArrayList<>();
    private double[] alphas = new double[0];
    private double[][] in, out;
    private double[] state;

    EmaBank(BarBlock block) {
        this.block = block;
    }

    /** The output column of a smoother with {@code alpha} over {@code input} (created on first request). */
    double[] smoother(double[] input, double alpha) {
        for (int e = 0; e < alphas.length; e++) {
            if (inputs.get(e) == input && Double.compare(alphas[e], alpha) == 0) return outputs.get(e);
        }
        double[] o = block.column();
        inputs.add(input);
        outputs.add(o);
        alphas = Arrays.copyOf(alphas, alphas.length + 1);
        alphas[alphas.length - 1] = alpha;
        in = inputs.toArray(new double[0][]);
        out = outputs.toArray(new double[0][]);
        state = new double[alphas.length];
        return o;
    }

    static double emaAlpha(int period) {
        return 2.0 / (period + 1);
    }

    static double wilderAlpha(int period) {
        return 1.0 / period;
    }

    /** Advances every smoother over the block's bars (seeding at the segment's first bar). */
    void advance() {
        int j = block.first(), end = block.end();
        int k = alphas.length;
        double[][] in = this.in, out = this.out;
        double[] v = state, a = alphas;
        if (j == block.segmentFirstSlot()) {
            for (int e = 0; e < k; e++) {
                v[e] = in[e][j];
                out[e][j] = v[e];
            }
            j++;
        }
        for (; j < end; j++) {
            for (int e = 0; e < k; e++) {
                double x = v[e] + (in[e][j] - v[e]) * a[e];
                v[e] = x;
                out[e][j] = x;
            }
        }
    }
}
