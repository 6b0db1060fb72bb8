package dev.clm.features;

/**
 * Highest (or lowest) value of the last {@code n} bars of the segment (fewer at its start) for
 * every bar of a {@link BarBlock}, column-wise by doubling: extremes over spans of 1, 2, 4, ...
 * bars are combined pairwise, then the two overlapping spans covering n bars give the window.
 * O(log n) passes over the block plus {@code n - 1} history bars; bars before the segment start
 * count as "no value".
 *
 * <p>Inputs are positive prices, whose IEEE bit patterns order like their values, so the
 * comparisons run on the raw bits as longs: conditional moves instead of unpredictable
 * branches. Max and min are exact, so the results equal a plain per-bar window's. Needs {@code
 * n - 1} bars of history in the input column; its own columns are scratch. Not thread-safe.
 */
final class SlidingExtreme {
    private final int n;
    private final boolean max;
    private final long[] a, b;

    SlidingExtreme(int n, boolean max, BarBlock block) {
        this.n = n;
        this.max = max;
        this.a = block.longColumn();
        this.b = block.longColumn();
    }

    /** Writes the extreme of {@code x} (positive values) over each window ending at the block's bars to {@code out}. */
    void compute(BarBlock block, double[] x, double[] out) {
        int first = block.first(), end = block.end();
        int lo = first - (n - 1);
        int segSlot = block.slotOf(block.segmentStart());
        long none = max ? Long.MIN_VALUE : Long.MAX_VALUE;
        long[] cur = a, next = b;
        int j = lo;
        for (; j < Math.min(segSlot, end); j++) cur[j] = none;
        for (; j < end; j++) cur[j] = Double.doubleToRawLongBits(x[j]);
        int span = 1;
        while (2 * span <= n) {
            // cur[j] covers x[j - span + 1 .. j]; next[j] covers x[j - 2 span + 1 .. j]
            for (j = lo + span; j < end; j++) next[j] = better(cur[j], cur[j - span]);
            long[] t = cur;
            cur = next;
            next = t;
            span *= 2;
        }
        int rest = n - span; // the second span, overlapping the first, starts rest bars earlier
        for (j = first; j < end; j++) out[j] = Double.longBitsToDouble(better(cur[j], cur[j - rest]));
    }

    private long better(long p, long q) {
        return max ? (p >= q ? p : q) : (p <= q ? p : q);
    }
}
