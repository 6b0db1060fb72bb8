package dev.clm.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exponential smoothers (the textbook recursion: seeded with the first input, then {@code v +=
 * (x - v) * alpha}) over input columns of a {@link BarBlock}, advanced eight at a time bar by
 * bar with their state in registers: one smoother is a chain of three dependent operations per
 * bar, eight independent chains keep the core busy. A smoother with the same input column and
 * the same alpha as an existing one is that one (same operations on the same values give the
 * same results), e.g. ATR and ADX's smoothed true range with equal periods. Each smoother writes
 * its value after every bar into its own output column. Not thread-safe.
 */
final class EmaBank {
    private static final int LANES = 8;

    private final BarBlock block;
    private final List<double[]> inputs = new ArrayList<>();
    private final List<double[]> outputs = new ArrayList<>();
    private final List<Double> alphaList = new ArrayList<>();
    private double[][] in, out;
    private double[] alphas, state;
    // The smoother of a difference of two smoothers (MACD's signal line), advanced in their group's loop.
    private double[] diffA, diffB, diffOut;
    private double diffAlpha, diffState;
    private int diffGroup = -1;

    EmaBank(BarBlock block) {
        this.block = block;
    }

    /** The output column of a smoother with {@code alpha} over {@code input} (created on first request). */
    double[] smoother(double[] input, double alpha) {
        for (int e = 0; e < inputs.size(); e++) {
            if (inputs.get(e) == input && Double.compare(alphaList.get(e), alpha) == 0) return outputs.get(e);
        }
        double[] o = block.column();
        inputs.add(input);
        outputs.add(o);
        alphaList.add(alpha);
        // Pad to whole groups of lanes with idle smoothers over a column of zeros.
        int lanes = (inputs.size() + LANES - 1) / LANES * LANES;
        in = inputs.toArray(new double[lanes][]);
        out = outputs.toArray(new double[lanes][]);
        alphas = new double[lanes];
        for (int e = 0; e < lanes; e++) {
            if (e < inputs.size()) {
                alphas[e] = alphaList.get(e);
            } else {
                in[e] = block.zeros;
                out[e] = block.column();
            }
        }
        state = Arrays.copyOf(state == null ? new double[0] : state, lanes);
        return o;
    }

    /**
     * The output column of a smoother with {@code alpha} over {@code a - b}, where a and b are
     * output columns of this bank (seeded with the first difference, like the others). Its
     * chain runs in the same loop as a and b when they share a group of lanes: its latency then
     * overlaps theirs instead of adding to it. One such smoother per bank.
     */
    double[] differenceSmoother(double[] a, double[] b, double alpha) {
        if (diffOut != null) throw new IllegalStateException("one difference smoother per bank");
        int ia = outputs.indexOf(a), ib = outputs.indexOf(b);
        if (ia < 0 || ib < 0) throw new IllegalArgumentException("not outputs of this bank");
        diffA = a;
        diffB = b;
        diffAlpha = alpha;
        diffOut = block.column();
        return diffOut;
    }

    static double emaAlpha(int period) {
        return 2.0 / (period + 1);
    }

    static double wilderAlpha(int period) {
        return 1.0 / period;
    }

    /** Advances every smoother over the block's bars (seeding at the segment's first bar). */
    void advance() {
        int first = block.first(), end = block.end();
        boolean seed = first == block.segmentFirstSlot();
        if (diffOut != null && diffGroup < 0) diffGroup = groupOf(diffA) == groupOf(diffB) ? groupOf(diffA) : Integer.MAX_VALUE;
        for (int g = 0; g < alphas.length; g += LANES) advance8(g, first, end, seed, g == diffGroup);
        if (diffOut != null && diffGroup == Integer.MAX_VALUE) advanceDifference(first, end, seed);
    }

    private int groupOf(double[] output) {
        return outputs.indexOf(output) / LANES * LANES;
    }

    /** The difference smoother on its own, when its inputs are in different groups. */
    private void advanceDifference(int first, int end, boolean seed) {
        double[] a = diffA, b = diffB, o = diffOut;
        double v = diffState, alpha = diffAlpha;
        int j = first;
        if (seed) {
            o[j] = v = a[j] - b[j];
            j++;
        }
        for (; j < end; j++) o[j] = v = v + (a[j] - b[j] - v) * alpha;
        diffState = v;
    }

    private void advance8(int g, int first, int end, boolean seed, boolean difference) {
        double[] i0 = in[g], i1 = in[g + 1], i2 = in[g + 2], i3 = in[g + 3], i4 = in[g + 4], i5 = in[g + 5], i6 = in[g + 6],
                i7 = in[g + 7];
        double[] o0 = out[g], o1 = out[g + 1], o2 = out[g + 2], o3 = out[g + 3], o4 = out[g + 4], o5 = out[g + 5], o6 = out[g + 6],
                o7 = out[g + 7];
        double a0 = alphas[g], a1 = alphas[g + 1], a2 = alphas[g + 2], a3 = alphas[g + 3], a4 = alphas[g + 4], a5 = alphas[g + 5],
                a6 = alphas[g + 6], a7 = alphas[g + 7];
        double v0 = state[g], v1 = state[g + 1], v2 = state[g + 2], v3 = state[g + 3], v4 = state[g + 4], v5 = state[g + 5],
                v6 = state[g + 6], v7 = state[g + 7];
        int j = first;
        if (seed) {
            o0[j] = v0 = i0[j];
            o1[j] = v1 = i1[j];
            o2[j] = v2 = i2[j];
            o3[j] = v3 = i3[j];
            o4[j] = v4 = i4[j];
            o5[j] = v5 = i5[j];
            o6[j] = v6 = i6[j];
            o7[j] = v7 = i7[j];
            if (difference) diffOut[j] = diffState = diffA[j] - diffB[j];
            j++;
        }
        if (difference) {
            // The same loop plus the difference smoother, which reads this bar's outputs of its two inputs.
            double[] da = diffA, db = diffB, dout = diffOut;
            double d = diffState, ad = diffAlpha;
            for (; j < end; j++) {
                o0[j] = v0 = v0 + (i0[j] - v0) * a0;
                o1[j] = v1 = v1 + (i1[j] - v1) * a1;
                o2[j] = v2 = v2 + (i2[j] - v2) * a2;
                o3[j] = v3 = v3 + (i3[j] - v3) * a3;
                o4[j] = v4 = v4 + (i4[j] - v4) * a4;
                o5[j] = v5 = v5 + (i5[j] - v5) * a5;
                o6[j] = v6 = v6 + (i6[j] - v6) * a6;
                o7[j] = v7 = v7 + (i7[j] - v7) * a7;
                dout[j] = d = d + (da[j] - db[j] - d) * ad;
            }
            diffState = d;
        }
        for (; j < end; j++) {
            o0[j] = v0 = v0 + (i0[j] - v0) * a0;
            o1[j] = v1 = v1 + (i1[j] - v1) * a1;
            o2[j] = v2 = v2 + (i2[j] - v2) * a2;
            o3[j] = v3 = v3 + (i3[j] - v3) * a3;
            o4[j] = v4 = v4 + (i4[j] - v4) * a4;
            o5[j] = v5 = v5 + (i5[j] - v5) * a5;
            o6[j] = v6 = v6 + (i6[j] - v6) * a6;
            o7[j] = v7 = v7 + (i7[j] - v7) * a7;
        }
        state[g] = v0;
        state[g + 1] = v1;
        state[g + 2] = v2;
        state[g + 3] = v3;
        state[g + 4] = v4;
        state[g + 5] = v5;
        state[g + 6] = v6;
        state[g + 7] = v7;
    }
}
