package dev.clm.features;

import dev.clm.api.BarSeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the feature matrix, labels and label ends of all symbols: one {@link FeatureKernel} and
 * {@link SymbolCursor} per symbol, advanced together through common time slices (each slice
 * ends where the fastest symbol has done a block). Rows are then written roughly in matrix
 * order: the rows of one slice, from all symbols, share a small region of the matrix, while
 * symbol after symbol would scatter each row across the whole matrix (cache lines shared by
 * rows of different symbols fetched again and again). Results do not depend on the order: each
 * symbol's computation is independent. At most {@link #MAX_CONCURRENT} symbols are in flight;
 * more go in consecutive groups. With {@code threads > 1} the symbols are split into that many
 * parts of about equal bar counts, each computed on its own thread with its own scratch columns
 * (the parts write disjoint matrix rows); the caller's thread runs the first part.
 */
final class FeatureMatrixBuilder {
    /** Symbols in flight at once: bounds the per-symbol history memory (about 200 KB each). */
    static final int MAX_CONCURRENT = 64;

    private FeatureMatrixBuilder() {}

    /**
     * Computes the emitted rows of every symbol ({@code rowCounts[s]} of them, the k-th to matrix
     * row {@code positions[s][k]}, or k when positions is null); returns per-matrix-row
     * "non-finite" flags, or null when every row is finite.
     */
    static boolean[] build(FeatureConfig c, FeatureLayout layout, int blockBars, List<BarSeries> series, Segments[] segments,
                           int[] rowCounts, int[][] positions, float[] features, float[] labels, long[] labelEnds, boolean labelled,
                           int threads) {
        List<Integer> symbols = new ArrayList<>();
        for (int s = 0; s < series.size(); s++) if (rowCounts[s] > 0) symbols.add(s);
        int parts = Math.min(threads, symbols.size());
        if (parts <= 1) return build(c, layout, blockBars, series, segments, rowCounts, positions, features, labels, labelEnds, labelled, symbols);
        // Greedy split by bars: the largest symbol goes to the part with the fewest bars so far.
        List<List<Integer>> split = new ArrayList<>();
        long[] load = new long[parts];
        for (int p = 0; p < parts; p++) split.add(new ArrayList<>());
        List<Integer> bySize = new ArrayList<>(symbols);
        bySize.sort((a, b) -> Integer.compare(series.get(b).size(), series.get(a).size()));
        for (int s : bySize) {
            int p = 0;
            for (int q = 1; q < parts; q++) if (load[q] < load[p]) p = q;
            split.get(p).add(s);
            load[p] += series.get(s).size();
        }
        for (List<Integer> part : split) part.sort(Integer::compare);
        boolean[][] bad = new boolean[parts][];
        Throwable[] failure = new Throwable[parts];
        Thread[] workers = new Thread[parts];
        for (int p = 1; p < parts; p++) {
            int part = p;
            workers[p] = new Thread(() -> {
                try {
                    bad[part] = build(c, layout, blockBars, series, segments, rowCounts, positions, features, labels, labelEnds, labelled,
                            split.get(part));
                } catch (Throwable t) {
                    failure[part] = t;
                }
            }, "clm-features-" + p);
            workers[p].setDaemon(true);
            workers[p].start();
        }
        try {
            bad[0] = build(c, layout, blockBars, series, segments, rowCounts, positions, features, labels, labelEnds, labelled, split.get(0));
        } catch (Throwable t) {
            failure[0] = t;
        }
        boolean interrupted = false;
        for (int p = 1; p < parts; p++) {
            while (true) {
                try {
                    workers[p].join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish joining: the workers write into the caller's arrays
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        for (Throwable t : failure) {
            if (t instanceof RuntimeException re) throw re;
            if (t instanceof Error er) throw er;
            if (t != null) throw new IllegalStateException(t);
        }
        boolean[] merged = null;
        for (boolean[] b : bad) {
            if (b == null) continue;
            if (merged == null) merged = new boolean[labels.length];
            for (int i = 0; i < b.length; i++) merged[i] |= b[i];
        }
        return merged;
    }

    /** {@link #build} for the given symbols on the caller's thread. */
    private static boolean[] build(FeatureConfig c, FeatureLayout layout, int blockBars, List<BarSeries> series, Segments[] segments,
                                   int[] rowCounts, int[][] positions, float[] features, float[] labels, long[] labelEnds,
                                   boolean labelled, List<Integer> symbols) {
        ScratchColumns scratch = new ScratchColumns(FeatureKernel.slots(c, layout, blockBars));
        int cols = layout.columns(), warmup = layout.maxWarmup(), h = c.horizon();
        boolean[] bad = null;
        for (int g = 0; g < symbols.size(); g += MAX_CONCURRENT) {
            List<Integer> group = symbols.subList(g, Math.min(symbols.size(), g + MAX_CONCURRENT));
            List<SymbolCursor> cursors = new ArrayList<>();
            MatrixWriter[] writers = new MatrixWriter[group.size()];
            for (int i = 0; i < group.size(); i++) {
                int s = group.get(i);
                int[] pos = positions == null ? null : positions[s];
                writers[i] = new MatrixWriter(series.get(s), cols, c, labelled, pos, features, labels, labelEnds, rowCounts[s]);
                cursors.add(new SymbolCursor(series.get(s), segments[s], new FeatureKernel(c, layout, scratch, blockBars), writers[i],
                        warmup, h, labelled));
            }
            runInTimeSlices(cursors, blockBars);
            for (int i = 0; i < group.size(); i++) {
                boolean[] b = writers[i].finish();
                if (b == null) continue;
                if (bad == null) bad = new boolean[labels.length];
                int s = group.get(i);
                for (int k = 0; k < b.length; k++) if (b[k]) bad[positions == null ? k : positions[s][k]] = true;
            }
        }
        return bad;
    }

    /** Advances every cursor to a common time cut, slice after slice, until all are done. */
    private static void runInTimeSlices(List<SymbolCursor> cursors, int sliceBars) {
        while (true) {
            long cut = Long.MAX_VALUE;
            boolean active = false;
            for (SymbolCursor cursor : cursors) {
                if (cursor.done()) continue;
                active = true;
                cut = Math.min(cut, cursor.timeAhead(sliceBars));
            }
            if (!active) return;
            for (SymbolCursor cursor : cursors) cursor.advanceTo(cut);
        }
    }
}
