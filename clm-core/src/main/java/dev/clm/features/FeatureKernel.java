package dev.clm.features;

import dev.clm.api.BarSeries;

/**
 * Computes every feature of a {@link FeatureLayout} and the label for the emitted rows of one
 * symbol, column-wise: each segment is cut into blocks of consecutive bars; per block the bar
 * derivatives are computed once ({@link BarBlock#derive()}), then every {@link FeatureFamily}
 * runs its own short loops over the block (rolling windows, smoothers, ratios), writing the
 * float values of emitted bars straight into their rows of the row-major feature matrix. Every
 * value at bar t is a function of bars {@code <= t} of the current segment only, and is
 * bit-identical to what the former per-bar kernel computed (same operations in the same order).
 *
 * <p>Degenerate denominators get the neutral value of their indicator instead of NaN, so a
 * flat outage bar never produces an undefined row: RSI 50 when there was no move; stochastic
 * %K 50, Williams %R -50, Bollinger %b 0.5, close location 0.5 and z-scores 0 when the range or
 * deviation is zero; CCI 0 with zero mean deviation (as ta4j); MFI 50 without money flow; ADX
 * and DI 0 with zero range (as ta4j); volume ratio 1 and OBV-norm 0 without volume.
 *
 * <p>All memory is allocated in the constructor (O(block + longest period) per column): nothing
 * per bar or per symbol. Not thread-safe; one instance per transform call.
 */
final class FeatureKernel {
    /** Bars per block: long enough to amortise per-block work, short enough to stay in cache. */
    static final int BLOCK_BARS = 512;

    private final FeatureLayout layout;
    private final int horizon;
    private final BarBlock block;
    private final EmaBank bank;
    private final FeatureFamily[] families;
    private final double[][] shifted;
    private final double[][] outputs;

    FeatureKernel(FeatureConfig c, FeatureLayout layout) {
        this(c, layout, BLOCK_BARS);
    }

    /** A kernel with blocks of {@code blockBars} bars (at least the longest look-back). */
    FeatureKernel(FeatureConfig c, FeatureLayout layout, int blockBars) {
        this.layout = layout;
        this.horizon = c.horizon();
        int history = history(c);
        block = new BarBlock(history, Math.max(blockBars, history), layout.columns());
        bank = new EmaBank(block);
        families = new FeatureFamily[] {
            new ReturnFeatures(c, layout, block),
            new PriceWindowFeatures(c, layout, block),
            new MomentumFeatures(c, layout, block, bank),
            new TrendFeatures(c, layout, block, bank),
            new OscillatorFeatures(c, layout, block),
            new VolumeFeatures(c, layout, block),
            new VolatilityFeatures(c, layout, block),
            new BarFeatures(c, layout, block),
        };
        java.util.List<double[]> cols = new java.util.ArrayList<>(java.util.List.of(block.inputColumns()));
        for (FeatureFamily f : families) cols.addAll(java.util.List.of(f.historyColumns()));
        shifted = cols.toArray(new double[0][]);
        outputs = block.outputs();
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] == null) throw new IllegalStateException("no family computes column " + layout.names().get(i));
        }
    }

    /** The longest look-back of any window, return or lag: the history slots every block keeps. */
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

    /** Receives the value columns of each block's emitted bars (see {@link #computeSegment}). */
    interface BlockSink {
        /**
         * {@code values[c][firstSlot + r]} is the double value of matrix column c at the r-th
         * emitted bar of the block (bar index {@code firstBar + r}), for r < rows. The arrays are
         * the kernel's scratch, valid during the call only.
         */
        void accept(double[][] values, int firstSlot, int firstBar, int rows);
    }

    /**
     * Computes the rows of symbol {@code s}: for each segment, bars from its warm-up on (and,
     * when {@code labelled}, with bar {@code t + horizon} in the segment) are emitted in order;
     * emitted row k goes to matrix row {@code positions[k]} (k itself when positions is null).
     * Returns per-row "has a non-finite value" flags, or null when every row is finite.
     */
    boolean[] computeSymbol(BarSeries s, Segments seg, int rowCount, int[] positions, float[] features, float[] labels,
                            long[] labelEnds, boolean labelled) {
        MatrixWriter writer = new MatrixWriter(s, layout.columns(), horizon, positions, features, labels, labelEnds, rowCount);
        int warmup = layout.maxWarmup();
        for (int g = 0; g < seg.count(); g++) {
            int a = seg.start(g), b = seg.end(g);
            int stop = labelled ? b - horizon : b;
            if (a + warmup >= stop) continue; // too short to emit anything: skip its computation entirely
            writer.startSegment(b);
            computeSegment(s, a, stop, a + warmup, writer);
        }
        return writer.finish();
    }

    /**
     * Runs every family over bars {@code [start, stop)} of {@code s}, one segment (warm-ups
     * restart at {@code start}), handing the values of bars from {@code firstRow} on to {@code
     * sink} block by block, in bar order.
     */
    void computeSegment(BarSeries s, int start, int stop, int firstRow, BlockSink sink) {
        block.bind(s);
        block.startSegment(start);
        for (FeatureFamily f : families) f.reset();
        for (int from = start; from < stop; ) {
            int to = Math.min(stop, from + block.capacity());
            int emitFrom = Math.min(to, Math.max(from, firstRow));
            block.next(from, to, emitFrom, shifted);
            block.derive();
            bank.advance();
            for (FeatureFamily f : families) f.compute(block);
            if (to > emitFrom) sink.accept(outputs, block.emitSlot(), emitFrom, to - emitFrom);
            from = to;
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
