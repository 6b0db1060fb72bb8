package dev.clm.features;

import dev.clm.api.BarSeries;

/**
 * One symbol's way through its segments: skips segments too short to emit a row, restarts the
 * kernel at each segment start, and computes the emitted bars' rows into the symbol's {@link
 * MatrixWriter} as far as a time cut (see {@link FeatureMatrixBuilder}). Not thread-safe.
 */
final class SymbolCursor {
    private final BarSeries s;
    private final long[] ts;
    private final Segments seg;
    private final FeatureKernel kernel;
    private final MatrixWriter writer;
    private final int warmup, horizon;
    private final boolean labelled;
    private int g = -1;       // current segment
    private int next;         // next bar to compute
    private int stop;         // end of the current segment's computed bars
    private int firstRow;     // first emitted bar of the current segment

    SymbolCursor(BarSeries s, Segments seg, FeatureKernel kernel, MatrixWriter writer, int warmup, int horizon, boolean labelled) {
        this.s = s;
        this.ts = s.timestamps();
        this.seg = seg;
        this.kernel = kernel;
        this.writer = writer;
        this.warmup = warmup;
        this.horizon = horizon;
        this.labelled = labelled;
        nextSegment();
    }

    /** Moves to the next segment that emits at least one row (labelled: with t + horizon in the segment). */
    private void nextSegment() {
        while (++g < seg.count()) {
            int a = seg.start(g), b = seg.end(g);
            int last = labelled ? b - horizon : b;
            if (a + warmup >= last) continue; // too short to emit anything: skip its computation entirely
            stop = last;
            firstRow = a + warmup;
            next = a;
            writer.startSegment(b);
            kernel.beginSegment(s, a);
            return;
        }
    }

    boolean done() {
        return g >= seg.count();
    }

    /**
     * A time cut for this symbol's next slice: the timestamp of the bar {@code bars} after the
     * next one to compute, or just past the current segment's last bar when that comes first.
     */
    long timeAhead(int bars) {
        int i = next + bars;
        if (i < stop) return ts[i];
        long last = ts[stop - 1];
        return last == Long.MAX_VALUE ? last : last + 1;
    }

    /** The first bar in {@code [from, limit)} with a timestamp at or after {@code cut}, or limit (timestamps increase). */
    private int firstAtOrAfter(long cut, int from, int limit) {
        int lo = from, hi = limit;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ts[mid] < cut) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** Computes every remaining bar with a timestamp before {@code cut}, in blocks of at most the kernel's capacity. */
    void advanceTo(long cut) {
        while (!done()) {
            int limit = Math.min(stop, next + kernel.capacity());
            int to = cut == Long.MAX_VALUE ? limit : firstAtOrAfter(cut, next, limit); // MAX_VALUE: no cut, to the end
            if (to > next) {
                kernel.computeBlock(next, to, firstRow, writer);
                next = to;
            }
            if (next == stop) {
                nextSegment();
            } else if (to < limit) {
                return; // reached the cut
            }
        }
    }
}
