package dev.clm.features;

import dev.clm.api.BarSeries;

/**
 * Computes every feature of a {@link FeatureLayout} for one symbol, column-wise: each segment
 * is cut into blocks of consecutive bars; per block the bar derivatives are computed once
 * ({@link BarBlock#derive()}), the shared exponential smoothers advance ({@link EmaBank}), then
 * every {@link ColumnFamily} runs its own short loops over the block (rolling windows, ratios),
 * filling one double value column per matrix column, which a {@link BlockSink} takes. Every
 * value at bar t is a function of bars {@code <= t} of the current segment only, and is
 * bit-identical to what the per-bar reference kernel of the tests computes (same operations in the same order).
 *
 * <p>Degenerate denominators get the neutral value of their indicator instead of NaN, so a
 * flat outage bar never produces an undefined row: RSI 50 when there was no move; stochastic
 * %K 50, Williams %R -50, Bollinger %b 0.5, close location 0.5 and z-scores 0 when the range or
 * deviation is zero; CCI 0 with zero mean deviation (as ta4j); MFI 50 without money flow; ADX
 * and DI 0 with zero range (as ta4j); volume ratio 1 and OBV-norm 0 without volume.
 *
 * <p>All memory is allocated in the constructor: the symbol's history columns (O(block +
 * longest look-back) each) and families; scratch columns come from {@link ScratchColumns},
 * shared with the other symbols' kernels. Nothing is allocated per bar or per block. One
 * instance per symbol per call; not thread-safe.
 */
final class FeatureKernel {
    /** Bars per block at most: long enough to amortise per-block work, short enough to stay in cache. */
    static final int BLOCK_BARS = 512;

    /** Receives the value columns of each block's emitted bars. */
    interface BlockSink {
        /**
         * {@code values[c][firstSlot + r]} is the double value of matrix column c at the r-th
         * emitted bar of the block (bar index {@code firstBar + r}), for r < rows. The arrays are
         * scratch, valid during the call only.
         */
        void accept(double[][] values, int firstSlot, int firstBar, int rows);
    }

    private final BarBlock block;
    private final EmaBank bank;
    private final ColumnFamily[] families;
    private final double[][] outputs;

    /** A kernel with blocks of up to {@code blockBars} bars, scratch from {@code scratch} (see {@link #slots}). */
    FeatureKernel(FeatureConfig c, FeatureLayout layout, ScratchColumns scratch, int blockBars) {
        block = new BarBlock(scratch, history(c, layout), blockBars, layout.columns(), c);
        bank = new EmaBank(block);
        java.util.List<ColumnFamily> all = new java.util.ArrayList<>(java.util.List.of(
            new ReturnFeatures(c, layout, block),
            new PriceWindowFeatures(c, layout, block),
            new MomentumFeatures(c, layout, block, bank),
            new TrendFeatures(c, layout, block, bank),
            new OscillatorFeatures(c, layout, block),
            new VolumeFeatures(c, layout, block),
            new VolatilityFeatures(c, layout, block),
            new BarFeatures(c, layout, block)));
        for (FeatureFamily f : layout.families()) all.add(new UserFamily(f, layout, block));
        families = all.toArray(new ColumnFamily[0]);
        outputs = block.outputs();
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] == null) throw new IllegalStateException("no family computes column " + layout.names().get(i));
        }
    }

    /**
     * Slots per column for blocks of {@code blockBars} under config {@code c}: the look-back
     * plus room for two blocks, so history moves to the front only every other full block (or
     * every few short ones).
     */
    static int slots(FeatureConfig c, FeatureLayout layout, int blockBars) {
        return history(c, layout) + 2 * blockBars;
    }

    /** Slots per column for the built-in columns only (see {@link #slots(FeatureConfig, FeatureLayout, int)}). */
    static int slots(FeatureConfig c, int blockBars) {
        return slots(c, FeatureLayout.of(c), blockBars);
    }

    private static int history(FeatureConfig c, FeatureLayout layout) {
        return Math.max(history(c), layout.userLookback());
    }

    /** The longest look-back of any window, return, lag or extreme: the history every block keeps. */
    private static int history(FeatureConfig c) {
        int h = Math.max(1, c.returnLags() + 1);
        for (int p : c.returnPeriods()) h = Math.max(h, p);
        for (int p : c.rocPeriods()) h = Math.max(h, p);
        for (int p : c.maPeriods()) h = Math.max(h, p);
        for (int p : c.zscorePeriods()) h = Math.max(h, p);
        for (int p : c.volumeRatioPeriods()) h = Math.max(h, p);
        for (int p : c.volatilityPeriods()) h = Math.max(h, p);
        h = Math.max(h, c.bollingerPeriod());
        h = Math.max(h, c.obvPeriod());
        h = Math.max(h, c.mfiPeriod());
        h = Math.max(h, c.stochSmooth());
        h = Math.max(h, c.stochPeriod());
        h = Math.max(h, c.williamsPeriod());
        h = Math.max(h, c.cciPeriod());
        return h;
    }

    /** Bars per block at most. */
    int capacity() {
        return block.capacity();
    }

    /** Starts a segment of {@code s} at bar {@code start}: every warm-up restarts, nothing before it is seen. */
    void beginSegment(BarSeries s, int start) {
        block.bind(s);
        block.startSegment(start);
        for (ColumnFamily f : families) f.reset();
    }

    /**
     * Computes bars {@code [from, to)} (the next bars of the current segment, at most {@link
     * #capacity()}) and hands those from {@code firstRow} on to {@code sink}.
     */
    void computeBlock(int from, int to, int firstRow, BlockSink sink) {
        int emitFrom = Math.min(to, Math.max(from, firstRow));
        block.next(from, to, emitFrom);
        block.derive();
        bank.advance();
        for (ColumnFamily f : families) f.compute(block);
        if (to > emitFrom) sink.accept(outputs, block.emitSlot(), emitFrom, to - emitFrom);
    }

    /** One whole segment {@code [start, stop)} of {@code s}, block by block; bars from {@code firstRow} on go to {@code sink}. */
    void computeSegment(BarSeries s, int start, int stop, int firstRow, BlockSink sink) {
        beginSegment(s, start);
        for (int from = start; from < stop; from = Math.min(stop, from + capacity())) {
            computeBlock(from, Math.min(stop, from + capacity()), firstRow, sink);
        }
    }

    static double rsi(double avgGain, double avgLoss) {
        if (avgLoss == 0) return avgGain == 0 ? 50 : 100;
        return 100 - 100 / (1 + avgGain / avgLoss);
    }

    static double mfi(double positiveFlow, double negativeFlow) {
        if (!(negativeFlow > 0)) return positiveFlow > 0 ? 100 : 50;
        if (positiveFlow < 0) positiveFlow = 0;
        return 100 - 100 / (1 + positiveFlow / negativeFlow);
    }
}
