package dev.clm.features;

/**
 * A group of feature columns computed column-wise over the blocks of a segment (see {@link
 * FeatureKernel}): {@link #reset()} at each segment start, then {@link #compute} once per block,
 * which advances the family's state (windows, smoothers) over every bar of the block and fills
 * the family's value columns ({@link BarBlock#output}) at the block's emitted bars. The kernel
 * then writes the value columns into the matrix rows. Every value at bar t depends only on
 * bars {@code <= t} of the segment.
 *
 * <p>State that must last from one block to the next lives in fields or in {@link
 * BarBlock#historyColumn()}s; {@link BarBlock#column()}s are scratch shared with other symbols.
 * One instance per symbol; not thread-safe.
 */
interface ColumnFamily {
    void reset();

    void compute(BarBlock b);

    /** Index of feature {@code name} in the layout; fails when the layout has no such column. */
    static int column(FeatureLayout layout, String name) {
        int i = layout.names().indexOf(name);
        if (i < 0) throw new IllegalStateException("layout has no column " + name);
        return i;
    }

    /** Index in {@code windows} of the window over {@code period}. */
    static int windowOf(RollingColumn[] windows, int period) {
        for (int w = 0; w < windows.length; w++) if (windows[w].period() == period) return w;
        throw new IllegalStateException("no window of " + period);
    }

    /** For each period, the index of its window in {@code windows}. */
    static int[] windowsOf(RollingColumn[] windows, int[] periods) {
        int[] idx = new int[periods.length];
        for (int i = 0; i < periods.length; i++) idx[i] = windowOf(windows, periods[i]);
        return idx;
    }

    /** For each period, the block's output column of feature {@code prefix + period} (see {@link BarBlock#output(FeatureLayout, String)}). */
    static double[][] outputsOf(BarBlock block, FeatureLayout layout, String prefix, int[] periods) {
        double[][] out = new double[periods.length][];
        for (int i = 0; i < periods.length; i++) out[i] = block.output(layout, prefix + periods[i]);
        return out;
    }
}
