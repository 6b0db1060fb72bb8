package dev.clm.features;

import dev.clm.api.BarSeries;

/**
 * One block of consecutive bars of one segment of one symbol, as the column-wise feature
 * families see it. One instance per symbol (it owns the symbol's history).
 *
 * <p>Indexing: every column is a {@code double[]} of {@link #slots()} slots; the block's bars
 * sit at slots {@link #first()} .. {@link #end()} - 1, and the slots before {@link #first()}
 * hold the previous bars of the same segment (at least {@code history} of them when the
 * segment is that long), so a rolling window or a return over up to {@code history} bars reads
 * its old values from the same array. Consecutive blocks of a segment take consecutive slots;
 * only when the columns are full are the last {@code history} slots moved to the front.
 *
 * <p>Two kinds of columns: {@link #historyColumn()}s belong to this symbol and keep their
 * values from block to block (inputs that windows read back, zero runs, %K); {@link #column()}s
 * are scratch shared with the other symbols' blocks ({@link ScratchColumns}), valid only
 * during one block's computation. Input columns (close, volume and the per-bar derivatives:
 * log close, true range, typical price, ...) are filled by {@link #derive()}.
 *
 * <p>Output: emitted bars are the block's bars from {@link #emitSlot()} on. Each matrix column
 * has one value column ({@link #output}) that its family fills at the emitted slots with the
 * feature's double value; the kernel's sink casts them to float into the matrix rows.
 *
 * <p>Memory is allocated in the constructor only. Not thread-safe.
 */
final class BarBlock {
    private static final double LN2 = Math.log(2);
    private static final double GK_C = 2 * LN2 - 1;

    private final int history;
    private final int capacity;
    private final int slots;
    private final ScratchColumns scratch;
    private int scratchDoubles, scratchLongs;
    private final java.util.List<double[]> historyColumns = new java.util.ArrayList<>();
    private double[][] shifted = new double[0][];

    // Bars of the current symbol.
    private long[] ts;
    private double[] open, high, low, close, volume;

    // Input columns read back by windows and returns (history).
    final double[] openCol, closeCol, highCol, lowCol, volumeCol, logClose, r1, typical, obvSigned, flowPos, flowNeg, parkinson,
            garmanKlass;
    // Input columns read at their own bar only (scratch).
    final double[] gain, loss, trueRange, plusDm, minusDm;
    // The previous bar's value of an input, at the same slot (scratch, see derive()).
    private final double[] previous;
    // Equal runs of the window inputs (see equalRuns): a window of equal values is recognised exactly.
    final double[] closeRuns, volumeRuns, r1Runs, typicalRuns, obvSignedRuns, flowPosRuns, flowNegRuns, parkinsonRuns,
            garmanKlassRuns;
    /** A column of zeros, never written. */
    final double[] zeros;
    /** Scratch for per-lag terms (see {@link RollingColumn#deviations}), valid during one call only. */
    private final double[][] lagColumns;
    // Slots of the block's rebase bars (see isRebaseBar), and the time grid they were found on.
    private final int[] rebaseSlots;
    private int rebaseCount;
    private long gridStep = -1, gridCell;
    // Which derived inputs some enabled column reads: the others are not computed.
    private final boolean logs, ranges, obv, flows, typicalPrice;

    private int segStart;
    private int from, to, emitFrom;
    private int first; // slot of the block's first bar
    private final double[][] outputs;

    /**
     * A block of up to {@code capacity} bars with {@code history} slots of look-back, its
     * scratch columns from {@code scratch} (whose columns have {@link #slots()} slots: history +
     * at least capacity), {@code columns} matrix columns.
     */
    BarBlock(ScratchColumns scratch, int history, int capacity, int columns) {
        this(scratch, history, capacity, columns, null);
    }

    /** Like the above, deriving only the inputs the enabled columns of {@code c} read (all of them when c is null). */
    BarBlock(ScratchColumns scratch, int history, int capacity, int columns, FeatureConfig c) {
        logs = c == null || c.returnPeriods().length > 0 || c.returnLags() > 0 || c.volatilityPeriods().length > 0;
        ranges = c == null || c.volatilityPeriods().length > 0;
        obv = c == null || c.enabled("obv");
        flows = c == null || c.enabled("mfi");
        typicalPrice = c == null || c.enabled("cci") || c.enabled("mfi");
        if (scratch.slots() < history + capacity) throw new IllegalArgumentException("scratch columns too short");
        this.scratch = scratch;
        this.history = history;
        this.capacity = capacity;
        this.slots = scratch.slots();
        openCol = historyColumn();
        closeCol = historyColumn();
        highCol = historyColumn();
        lowCol = historyColumn();
        volumeCol = historyColumn();
        logClose = historyColumn();
        r1 = historyColumn();
        typical = historyColumn();
        obvSigned = historyColumn();
        flowPos = historyColumn();
        flowNeg = historyColumn();
        parkinson = historyColumn();
        garmanKlass = historyColumn();
        gain = column();
        loss = column();
        trueRange = column();
        plusDm = column();
        minusDm = column();
        previous = column();
        closeRuns = historyColumn();
        volumeRuns = historyColumn();
        r1Runs = historyColumn();
        typicalRuns = historyColumn();
        obvSignedRuns = historyColumn();
        flowPosRuns = historyColumn();
        flowNegRuns = historyColumn();
        parkinsonRuns = historyColumn();
        garmanKlassRuns = historyColumn();
        zeros = scratch.zeros();
        lagColumns = scratch.lagColumns();
        rebaseSlots = new int[capacity];
        outputs = new double[columns][];
    }

    /** The next scratch column: shared with the other symbols, valid during one block's computation only. */
    double[] column() {
        return scratch.doubles(scratchDoubles++);
    }

    /** The next scratch column of longs (same rules as {@link #column()}). */
    long[] longColumn() {
        return scratch.longs(scratchLongs++);
    }

    /** A new column of this symbol that keeps its values from block to block (look-back reads them). */
    double[] historyColumn() {
        double[] c = new double[slots];
        historyColumns.add(c);
        shifted = historyColumns.toArray(new double[0][]);
        return c;
    }

    /** Four scratch columns for per-lag terms, shared by every family and symbol: valid during one call only. */
    double[][] lagColumns() {
        return lagColumns;
    }

    /** Slots per column. */
    int slots() {
        return slots;
    }

    /** Bars per block at most. */
    int capacity() {
        return capacity;
    }

    /** The value column of matrix column {@code column} (scratch): a family fills it at the emitted slots of each block. */
    double[] output(int column) {
        return register(column, column());
    }

    /** Like {@link #output} for a value column that windows also read back: a history column. */
    double[] historyOutput(int column) {
        return register(column, historyColumn());
    }

    /**
     * The value column of feature {@code name}, or, when the layout leaves the feature out (its
     * indicator disabled), a scratch column nobody reads: the family still computes it.
     */
    double[] output(FeatureLayout layout, String name) {
        int i = layout.names().indexOf(name);
        return i < 0 ? column() : output(i);
    }

    /** Like {@link #output(FeatureLayout, String)} for a value column that windows also read back. */
    double[] historyOutput(FeatureLayout layout, String name) {
        int i = layout.names().indexOf(name);
        return i < 0 ? historyColumn() : historyOutput(i);
    }

    private double[] register(int column, double[] values) {
        if (outputs[column] != null) throw new IllegalStateException("column " + column + " has two producers");
        outputs[column] = values;
        return values;
    }

    /** Value columns by matrix column (each filled by exactly one family). */
    double[][] outputs() {
        return outputs;
    }

    void bind(BarSeries s) {
        ts = s.timestamps();
        open = s.open();
        high = s.high();
        low = s.low();
        close = s.close();
        volume = s.volume();
    }

    /** Starts a segment at bar {@code start}: nothing before it is visible to the families. */
    void startSegment(int start) {
        segStart = start;
        from = start;
        to = start; // no block yet: the next block starts here and has no history
        first = history;
        gridStep = -1;
    }

    /**
     * Moves to the block of bars {@code [from, to)}, contiguous with the previous block of the
     * segment: it takes the slots after the previous block, and when they run out the last
     * {@code history} slots of every history column move to the front first.
     */
    void next(int from, int to, int emitFrom) {
        if (from != this.to) throw new IllegalStateException("blocks must be contiguous: " + this.to + " then " + from);
        if (to - from > capacity) throw new IllegalArgumentException("block of " + (to - from) + " bars, capacity " + capacity);
        int pos = first + (this.to - this.from);
        if (pos + (to - from) > slots) {
            for (double[] c : shifted) System.arraycopy(c, pos - history, c, 0, history);
            pos = history;
        }
        first = pos;
        this.from = from;
        this.to = to;
        this.emitFrom = emitFrom;
    }

    /** First bar of the current segment. */
    int segmentStart() {
        return segStart;
    }

    /** Slot of the block's first bar. */
    int first() {
        return first;
    }

    /** One past the slot of the block's last bar. */
    int end() {
        return first + (to - from);
    }

    /** Slot of bar {@code bar} (of the current segment; before the block's first slot for earlier bars). */
    int slotOf(int bar) {
        return first + (bar - from);
    }

    /** Slot of the segment's first bar when it is in this block, else -1. */
    int segmentFirstSlot() {
        return segStart >= from ? slotOf(segStart) : -1;
    }

    /** Slot of the first bar to push into a window or smoother that starts at segment bar {@code skip} (0 or 1). */
    int startSlot(int skip) {
        return Math.max(first, slotOf(segStart + skip));
    }

    /** Slot of the first emitted bar. */
    int emitSlot() {
        return slotOf(emitFrom);
    }

    /** Number of emitted bars in the block. */
    int emitted() {
        return to - emitFrom;
    }

    /** Bar index of a slot. */
    int bar(int slot) {
        return from + slot - first;
    }

    long[] timestamps() {
        return ts;
    }

    /**
     * Fills the input columns for the block's bars: copies of close, high, low and volume, log close,
     * one-bar log return, RSI gain/loss, true range, directional movements, typical price, OBV's
     * signed volume, MFI's money flows and the Parkinson / Garman-Klass terms. The segment's first
     * bar has no previous bar: its change, return, movements and flows are 0 and its true range
     * is its high-low range.
     */
    void derive() {
        int first = first(), end = end(), len = end - first;
        System.arraycopy(open, from, openCol, first, len);
        System.arraycopy(close, from, closeCol, first, len);
        System.arraycopy(high, from, highCol, first, len);
        System.arraycopy(low, from, lowCol, first, len);
        System.arraycopy(volume, from, volumeCol, first, len);
        // The logarithms run in loops of their own: each Math.log is a call, and a call in a long
        // loop body spills every live register around it.
        double[] c = closeCol, h = highCol, l = lowCol, v = volumeCol;
        if (logs) for (int j = first; j < end; j++) logClose[j] = Math.log(c[j]);
        if (ranges) {
            for (int j = first; j < end; j++) parkinson[j] = Math.log(h[j] / l[j]);
            for (int j = first, i = from; j < end; j++, i++) garmanKlass[j] = Math.log(c[j] / open[i]);
            for (int j = first; j < end; j++) {
                double hl = parkinson[j], co = garmanKlass[j];
                double park = hl * hl;
                parkinson[j] = park;
                garmanKlass[j] = 0.5 * park - GK_C * co * co;
            }
        }
        int j = first;
        if (segStart == from) {
            r1[j] = 0;
            gain[j] = 0;
            loss[j] = 0;
            trueRange[j] = h[j] - l[j];
            plusDm[j] = 0;
            minusDm[j] = 0;
            typical[j] = (h[j] + l[j] + c[j]) / 3;
            obvSigned[j] = 0;
            flowPos[j] = 0;
            flowNeg[j] = 0;
            j++;
        }
        int second = j;
        // Vectorisable arithmetic. A price change is never -0.0, so max(change, 0) is exactly
        // "change > 0 ? change : 0", and max(-change, 0) (written pc - c: the same double) is
        // exactly "change < 0 ? -change : 0". The previous bar's value is first copied to the
        // same slot of a scratch column: a loop that reads one double[] at j - 1 and writes another
        // at j is not vectorised (the JIT cannot rule out that they are one array).
        double[] p = previous;
        int rest = end - second;
        if (logs) {
            System.arraycopy(logClose, second - 1, p, second, rest);
            for (j = second; j < end; j++) r1[j] = logClose[j] - p[j];
        }
        System.arraycopy(c, second - 1, p, second, rest);
        for (j = second; j < end; j++) gain[j] = Math.max(c[j] - p[j], 0.0);
        for (j = second; j < end; j++) loss[j] = Math.max(p[j] - c[j], 0.0);
        for (j = second; j < end; j++) trueRange[j] = Math.max(Math.max(h[j] - l[j], Math.abs(h[j] - p[j])), Math.abs(p[j] - l[j]));
        if (typicalPrice) for (j = second; j < end; j++) typical[j] = (h[j] + l[j] + c[j]) / 3;
        // Selects on coin-flip conditions, branch-free.
        double[] tp = typical;
        for (j = second; j < end; j++) {
            double up = h[j] - h[j - 1];
            double down = l[j - 1] - l[j];
            plusDm[j] = BranchFree.keepIf(up > down, Math.max(up, 0.0));
            minusDm[j] = BranchFree.keepIf(down > up, Math.max(down, 0.0));
        }
        if (obv) {
            for (j = second; j < end; j++) {
                double cj = c[j], pc = c[j - 1];
                obvSigned[j] = BranchFree.keepIf(cj != pc, BranchFree.negateIf(cj < pc, v[j]));
            }
        }
        if (flows) {
            for (j = second; j < end; j++) {
                double flow = tp[j] * v[j];
                flowPos[j] = BranchFree.keepIf(tp[j] > tp[j - 1], flow);
                flowNeg[j] = BranchFree.keepIf(tp[j] < tp[j - 1], flow);
            }
        }
        // In pairs: two independent chains per loop overlap their latencies.
        equalRuns(closeCol, closeRuns, volumeCol, volumeRuns);
        if (typicalPrice && obv) {
            equalRuns(typical, typicalRuns, obvSigned, obvSignedRuns);
        } else {
            if (typicalPrice) equalRuns(typical, typicalRuns);
            if (obv) equalRuns(obvSigned, obvSignedRuns);
        }
        if (flows) equalRuns(flowPos, flowPosRuns, flowNeg, flowNegRuns);
        if (ranges) equalRuns(parkinson, parkinsonRuns, garmanKlass, garmanKlassRuns);
        if (logs) equalRuns(r1, r1Runs);
        findRebaseBars();
    }

    /**
     * Writes, for each bar of the block, how many values of {@code x} up to and including it
     * are equal in a row within the segment (+0.0 and -0.0 count as equal): a window of n
     * values is constant exactly when this is at least n (see {@link RollingColumn}).
     */
    void equalRuns(double[] x, double[] runs) {
        int j = first(), end = end();
        long run;
        if (j == segmentFirstSlot()) {
            runs[j++] = run = 1;
        } else {
            run = (long) runs[j - 1];
        }
        for (; j < end; j++) {
            // x[j] - x[j-1] is +-0.0 exactly when they are equal (finite values; NaN and infinities never are).
            long bits = Double.doubleToRawLongBits(x[j] - x[j - 1]) << 1;
            long differ = (bits | -bits) >> 63; // -1 when they differ, else 0; branch-free: zero flows alternate
            run = (run & ~differ) + 1;
            runs[j] = run;
        }
    }

    /** {@link #equalRuns(double[], double[])} of two columns in one loop. */
    private void equalRuns(double[] x, double[] runs, double[] y, double[] runsY) {
        int j = first(), end = end();
        long run, runY;
        if (j == segmentFirstSlot()) {
            runs[j] = run = 1;
            runsY[j++] = runY = 1;
        } else {
            run = (long) runs[j - 1];
            runY = (long) runsY[j - 1];
        }
        for (; j < end; j++) {
            long bits = Double.doubleToRawLongBits(x[j] - x[j - 1]) << 1;
            long bitsY = Double.doubleToRawLongBits(y[j] - y[j - 1]) << 1;
            run = (run & ~((bits | -bits) >> 63)) + 1;
            runY = (runY & ~((bitsY | -bitsY) >> 63)) + 1;
            runs[j] = run;
            runsY[j] = runY;
        }
    }

    /**
     * True when bar {@code cur} (spaced {@code cur - prev} ms after the previous bar) is a rebase
     * bar: a multiple of {@value RollingColumn#REBASE_STEPS} bar steps lies in {@code (prev, cur]}.
     * A function of the two timestamps only, so every start of a series agrees on it.
     */
    static boolean isRebaseBar(long prev, long cur) {
        long step = cur - prev;
        if (step <= 0 || step > Long.MAX_VALUE / RollingColumn.REBASE_STEPS) return true;
        long g = step * RollingColumn.REBASE_STEPS;
        return Math.floorDiv(cur, g) != Math.floorDiv(prev, g);
    }

    /** Fills the rebase slots of the block: {@link #isRebaseBar} with one division per grid cell, not per bar. */
    private void findRebaseBars() {
        rebaseCount = 0;
        int j = first(), end = end();
        if (j == segmentFirstSlot()) j++; // the segment's first bar has no previous bar
        long[] t = ts;
        long g = gridStep, cell = gridCell;
        for (int i = bar(j); j < end; j++, i++) {
            long prev = t[i - 1], cur = t[i], step = cur - prev;
            if (step <= 0 || step > Long.MAX_VALUE / RollingColumn.REBASE_STEPS) {
                rebaseSlots[rebaseCount++] = j;
                g = -1;
                continue;
            }
            long grid = step * RollingColumn.REBASE_STEPS;
            if (grid != g) {
                g = grid;
                cell = Math.floorDiv(prev, g) * g; // start of prev's grid cell (never above prev)
            }
            if (cur - cell >= g) {
                rebaseSlots[rebaseCount++] = j;
                cell = Math.floorDiv(cur, g) * g;
            }
        }
        gridStep = g;
        gridCell = cell;
    }

    /** Index of the first rebase slot at or after {@code slot} (see {@link #rebaseSlot}). */
    int rebaseIndexFrom(int slot) {
        int r = 0;
        while (r < rebaseCount && rebaseSlots[r] < slot) r++;
        return r;
    }

    /** The r-th rebase slot of the block, or {@link Integer#MAX_VALUE} past the last. */
    int rebaseSlot(int r) {
        return r < rebaseCount ? rebaseSlots[r] : Integer.MAX_VALUE;
    }
}
