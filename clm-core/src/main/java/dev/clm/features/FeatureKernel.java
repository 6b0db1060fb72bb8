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
    static final int BLOCK_BARS = Integer.getInteger("clm.block", 512);
    /** The exponent bits of a float: all set exactly for infinities and NaN. */
    private static final int EXPONENT = 0x7f800000;

    private final FeatureLayout layout;
    private final int horizon;
    private final BarBlock block;
    private final EmaBank bank;
    private final FeatureFamily[] families;
    private final double[][] shifted;
    private final double[][] outputs;
    private final int[] rowBase;

    FeatureKernel(FeatureConfig c, FeatureLayout layout) {
        this.layout = layout;
        this.horizon = c.horizon();
        int history = history(c);
        block = new BarBlock(history, Math.max(BLOCK_BARS, history), layout.columns());
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
        rowBase = new int[block.capacity()];
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

    /**
     * Computes the rows of symbol {@code s}: for each segment, bars from its warm-up on (and,
     * when {@code labelled}, with bar {@code t + horizon} in the segment) are emitted in order;
     * emitted row k goes to matrix row {@code positions[k]} (k itself when positions is null).
     * Returns per-row "has a non-finite value" flags, or null when every row is finite.
     */
    boolean[] computeSymbol(BarSeries s, Segments seg, int rowCount, int[] positions, float[] features, float[] labels,
                            long[] labelEnds, boolean labelled) {
        block.bind(s);
        int cols = layout.columns();
        int warmup = layout.maxWarmup();
        int h = horizon;
        double[] close = s.close();
        long[] ts = s.timestamps();
        int n = s.size();
        long lastStep = n > 1 ? ts[n - 1] - ts[n - 2] : 0;
        boolean[] bad = null;
        int k = 0;
        for (int g = 0; g < seg.count(); g++) {
            int a = seg.start(g), b = seg.end(g);
            int firstRow = a + warmup;
            int stop = labelled ? b - h : b;
            if (firstRow >= stop) continue; // too short to emit anything: skip its computation entirely
            block.startSegment(a);
            for (FeatureFamily f : families) f.reset();
            for (int from = a; from < stop; ) {
                int to = Math.min(stop, from + block.capacity());
                int emitFrom = Math.min(to, Math.max(from, firstRow));
                block.next(from, to, emitFrom, shifted);
                block.derive();
                bank.advance();
                for (FeatureFamily f : families) f.compute(block);
                int emitted = to - emitFrom;
                if (emitted > 0) {
                    for (int r = 0; r < emitted; r++) rowBase[r] = (positions == null ? k + r : positions[k + r]) * cols;
                    boolean maybeNonFinite = write(features, emitted);
                    for (int r = 0; r < emitted; r++) {
                        int t = emitFrom + r;
                        int pos = positions == null ? k + r : positions[k + r];
                        if (t + h < b) {
                            labels[pos] = (float) Math.log(close[t + h] / close[t]);
                            labelEnds[pos] = ts[t + h];
                        } else {
                            labels[pos] = Float.NaN;
                            labelEnds[pos] = t + h < n ? ts[t + h] : ts[n - 1] + (t + h - (n - 1)) * lastStep;
                        }
                    }
                    if (maybeNonFinite) {
                        for (int r = 0; r < emitted; r++) {
                            if (!finiteRow(features, rowBase[r], cols)) {
                                if (bad == null) bad = new boolean[rowCount];
                                bad[k + r] = true;
                            }
                        }
                    }
                    k += emitted;
                }
                from = to;
            }
        }
        if (k != rowCount) throw new IllegalStateException("emitted " + k + " rows for " + s.symbol() + ", planned " + rowCount);
        return bad;
    }

    /**
     * Casts the value columns at the block's emitted slots into their matrix rows; returns
     * false when every value written is finite (true: some row needs a closer look).
     */
    private boolean write(float[] features, int emitted) {
        int e = block.emitSlot();
        int[] base = rowBase;
        int exponents = 0;
        double[][] outs = outputs;
        int cols = outs.length;
        for (int r = 0; r < emitted; r++) {
            int o = base[r], j = e + r;
            for (int c = 0; c < cols; c++) {
                float f = (float) outs[c][j];
                features[o + c] = f;
                exponents = Math.max(exponents, Float.floatToRawIntBits(f) & EXPONENT);
            }
        }
        return exponents == EXPONENT;
    }

    private static boolean finiteRow(float[] features, int offset, int cols) {
        for (int c = 0; c < cols; c++) if (!Float.isFinite(features[offset + c])) return false;
        return true;
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
