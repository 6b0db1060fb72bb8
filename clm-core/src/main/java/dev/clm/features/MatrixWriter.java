package dev.clm.features;

import dev.clm.api.BarSeries;
import dev.clm.api.LabelKind;

/**
 * Writes one symbol's emitted bars into the dataset arrays as {@link FeatureKernel} hands them
 * over block by block: casts each bar's feature values to float into its row of the row-major
 * matrix, sets its label (of the config's {@link LabelKind}, from the forward log return within
 * the segment; NaN past the segment's end) and label end time, and flags rows with a non-finite
 * value (the caller drops them; in a labelled call also rows whose label is not finite: a
 * volatility-scaled label after a flat trailing window). Emitted
 * row k goes to matrix row {@code positions[k]} (k itself when positions is null). One instance
 * per symbol per call.
 */
final class MatrixWriter implements FeatureKernel.BlockSink {
    /** The exponent bits of a float: all set exactly for infinities and NaN. */
    private static final int EXPONENT = 0x7f800000;
    /** The lowest exponent bit: added to an all-ones exponent it carries into bit 31. */
    private static final int EXPONENT_ONE = 0x00800000;

    private final long[] ts;
    private final double[] close;
    private final long lastStep;
    private final int cols, horizon, rowCount;
    private final LabelKind kind;
    private final int volPeriod;
    private final double regimeThreshold, sqrtHorizon;
    private final boolean labelled;
    private final int[] positions;
    private final float[] features, labels;
    private final long[] labelEnds;
    private int segmentEnd;
    /** Scratch: the forward log returns of a block's rows. */
    private double[] returns = new double[0];
    private int k;
    private boolean[] bad;

    MatrixWriter(BarSeries s, int cols, FeatureConfig c, boolean labelled, int[] positions, float[] features, float[] labels,
                 long[] labelEnds, int rowCount) {
        this.kind = c.label();
        this.volPeriod = c.labelVolatilityPeriod();
        this.regimeThreshold = c.regimeThreshold();
        this.sqrtHorizon = Math.sqrt(c.horizon());
        this.labelled = labelled;
        int horizon = c.horizon();
        this.ts = s.timestamps();
        this.close = s.close();
        int n = ts.length;
        this.lastStep = n > 1 ? ts[n - 1] - ts[n - 2] : 0;
        this.cols = cols;
        this.horizon = horizon;
        this.rowCount = rowCount;
        this.positions = positions;
        this.features = features;
        this.labels = labels;
        this.labelEnds = labelEnds;
    }

    /** The next blocks belong to a segment ending before bar {@code end}: labels stop there. */
    void startSegment(int end) {
        segmentEnd = end;
    }

    @Override
    public void accept(double[][] values, int firstSlot, int firstBar, int rows) {
        // Non-finite check: (bits & EXPONENT) + 2^23 sets bit 31 exactly for an all-ones exponent
        // (infinity, NaN), so one OR per value, and the row's OR is negative iff a value is not finite.
        int anyNonFinite = 0;
        for (int r = 0; r < rows; r++) {
            int o = row(k + r) * cols, j = firstSlot + r;
            int any = 0;
            for (int c = 0; c < cols; c++) {
                float f = (float) values[c][j];
                features[o + c] = f;
                any |= (Float.floatToRawIntBits(f) & EXPONENT) + EXPONENT_ONE;
            }
            anyNonFinite |= any;
        }
        int n = ts.length, h = horizon;
        // Rows whose label is known (t + h inside the segment) are a prefix of the block's rows. The
        // logarithms run in a loop of their own: each Math.log is a call, and a call in a longer loop
        // body spills every live register around it.
        int known = Math.max(0, Math.min(rows, segmentEnd - h - firstBar));
        if (returns.length < known) returns = new double[Math.max(known, 2 * returns.length)];
        double[] ret = returns;
        for (int r = 0, t = firstBar; r < known; r++, t++) ret[r] = close[t + h] / close[t];
        for (int r = 0; r < known; r++) ret[r] = Math.log(ret[r]);
        boolean badLabel = false;
        for (int r = 0; r < known; r++) {
            int t = firstBar + r, row = row(k + r);
            float label = (float) (kind == LabelKind.FORWARD_LOG_RETURN ? ret[r] : label(ret[r], t));
            labels[row] = label;
            labelEnds[row] = ts[t + h];
            badLabel |= !Float.isFinite(label);
        }
        for (int r = known; r < rows; r++) {
            int t = firstBar + r, row = row(k + r);
            labels[row] = Float.NaN;
            labelEnds[row] = t + h < n ? ts[t + h] : ts[n - 1] + (t + h - (n - 1)) * lastStep;
        }
        if (anyNonFinite < 0 || (labelled && badLabel)) flagNonFinite(rows); // rare: only then look at each row
        k += rows;
    }

    /** The label of kind {@link #kind} for forward log return {@code ret} at bar t. */
    private double label(double ret, int t) {
        if (kind == LabelKind.DIRECTION) return ret > 0 ? 1 : ret < 0 ? -1 : 0;
        double move = trailingVolatility(t) * sqrtHorizon;
        if (kind == LabelKind.VOL_SCALED_RETURN) return move > 0 ? ret / move : Double.NaN;
        double threshold = regimeThreshold * move;
        return ret > threshold ? 1 : ret < -threshold ? -1 : 0;
    }

    /**
     * Population standard deviation of the one-bar log returns of the {@code volPeriod} bars up to
     * and including t (two passes, oldest first): known at t, and within the segment because rows
     * start after the label's warm-up.
     */
    private double trailingVolatility(int t) {
        int n = volPeriod;
        double sum = 0;
        for (int i = t - n + 1; i <= t; i++) sum += Math.log(close[i] / close[i - 1]);
        double mean = sum / n, sq = 0;
        for (int i = t - n + 1; i <= t; i++) {
            double d = Math.log(close[i] / close[i - 1]) - mean;
            sq += d * d;
        }
        return Math.sqrt(sq / n);
    }

    private int row(int emitted) {
        return positions == null ? emitted : positions[emitted];
    }

    private void flagNonFinite(int rows) {
        for (int r = 0; r < rows; r++) {
            int o = row(k + r) * cols;
            if (labelled && !Float.isFinite(labels[row(k + r)])) {
                if (bad == null) bad = new boolean[rowCount];
                bad[k + r] = true;
                continue;
            }
            for (int c = 0; c < cols; c++) {
                if (!Float.isFinite(features[o + c])) {
                    if (bad == null) bad = new boolean[rowCount];
                    bad[k + r] = true;
                    break;
                }
            }
        }
    }

    /** Per-row "has a non-finite value" flags, or null when every row is finite; checks that every planned row came. */
    boolean[] finish() {
        if (k != rowCount) throw new IllegalStateException("emitted " + k + " rows, planned " + rowCount);
        return bad;
    }
}
