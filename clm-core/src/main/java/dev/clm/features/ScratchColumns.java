package dev.clm.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Scratch columns shared by the per-symbol kernels of one transform call: the i-th scratch
 * column a {@link BarBlock} asks for is the same array for every symbol. Safe because blocks
 * run one at a time and scratch holds nothing from one block to the next (a family keeps such
 * state in fields or in history columns, which each symbol owns): sharing keeps the working
 * set of a block in cache when the run switches between symbols, and memory per symbol small.
 * Also holds a column of zeros that nobody writes. Not thread-safe.
 */
final class ScratchColumns {
    private final int slots;
    private final List<double[]> doubles = new ArrayList<>();
    private final List<long[]> longs = new ArrayList<>();
    private final double[] zeros;
    private final double[][] lagColumns;

    ScratchColumns(int slots) {
        this.slots = slots;
        this.zeros = new double[slots];
        this.lagColumns = new double[4][slots];
    }

    int slots() {
        return slots;
    }

    /** The {@code i}-th shared double column (allocated on first request). */
    double[] doubles(int i) {
        while (doubles.size() <= i) doubles.add(new double[slots]);
        return doubles.get(i);
    }

    /** The {@code i}-th shared long column (allocated on first request). */
    long[] longs(int i) {
        while (longs.size() <= i) longs.add(new long[slots]);
        return longs.get(i);
    }

    /** Four columns for per-lag terms, used within one call at a time (see {@link RollingColumn#deviations}). */
    double[][] lagColumns() {
        return lagColumns;
    }

    /** A column of zeros, never written. */
    double[] zeros() {
        return zeros;
    }
}
