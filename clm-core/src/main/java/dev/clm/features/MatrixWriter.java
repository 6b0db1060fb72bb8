package dev.clm.features;

import dev.clm.api.BarSeries;
import dev.clm.api.LabelKind;
import java.util.Arrays;

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
    /** 2^897: a double times it overflows for magnitudes from about 2^127 on (see accept). */
    private static final double OVERFLOW_SCALE = 0x1p897;

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
    /** Scratch: per slot, NaN when a value of the block's row may not be finite as a float. */
    private double[] suspect = new double[0];
    /** Scratch: the forward log returns of a block's rows, and their base closes. */
    private double[] returns = new double[0], closes = new double[0];
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
        // Non-finite check, conservative and vectorised: v * 2^897 overflows for |v| >= about 2^127, below
        // the smallest double whose float is infinite (2^128 - 2^103), and times 0 it is NaN exactly
        // then or when v is NaN or infinite, else +-0. Per slot the sum over the columns is so NaN
        // when a value may not be finite as a float; only then are the written floats checked one
        // by one (flagNonFinite).
        int end = firstSlot + rows;
        if (suspect.length < end) suspect = new double[Math.max(end, 2 * suspect.length)];
        double[] acc = suspect;
        Arrays.fill(acc, firstSlot, end, 0.0);
        for (int c = 0; c < cols; c++) {
            double[] v = values[c];
            for (int j = firstSlot; j < end; j++) acc[j] += v[j] * OVERFLOW_SCALE * 0.0;
        }
        boolean maybeNonFinite = false;
        for (int j = firstSlot; j < end; j++) maybeNonFinite |= acc[j] != 0;
        // Eight rows at a time: each column array is loaded once for the eight.
        float[] f = features;
        int r8 = 0;
        for (; r8 + 8 <= rows; r8 += 8) {
            int r = r8;
            int o0 = row(k + r) * cols, o1 = row(k + r + 1) * cols, o2 = row(k + r + 2) * cols, o3 = row(k + r + 3) * cols;
            int o4 = row(k + r + 4) * cols, o5 = row(k + r + 5) * cols, o6 = row(k + r + 6) * cols, o7 = row(k + r + 7) * cols;
            int j = firstSlot + r;
            for (int c = 0; c < cols; c++) {
                double[] v = values[c];
                f[o0 + c] = (float) v[j];
                f[o1 + c] = (float) v[j + 1];
                f[o2 + c] = (float) v[j + 2];
                f[o3 + c] = (float) v[j + 3];
                f[o4 + c] = (float) v[j + 4];
                f[o5 + c] = (float) v[j + 5];
                f[o6 + c] = (float) v[j + 6];
                f[o7 + c] = (float) v[j + 7];
            }
        }
        for (int r = r8; r < rows; r++) {
            int o = row(k + r) * cols, j = firstSlot + r;
            for (int c = 0; c < cols; c++) f[o + c] = (float) values[c][j];
        }
        int n = ts.length, h = horizon;
        // Rows whose label is known (t + h inside the segment) are a prefix of the block's rows. The
        // logarithms run in a loop of their own: each Math.log is a call, and a call in a longer loop
        // body spills every live register around it.
        int known = Math.max(0, Math.min(rows, segmentEnd - h - firstBar));
        if (returns.length < known) {
            returns = new double[Math.max(known, 2 * returns.length)];
            closes = new double[returns.length];
        }
        // close[t + h] / close[t] from copies at the same index: a loop reading one double[] at an offset
        // and writing another is not vectorised (see RollingColumn#deviations), and this one divides.
        double[] ret = returns, base = closes;
        if (known > 0) { // (t + h may lie past the series when no label is known)
            System.arraycopy(close, firstBar + h, ret, 0, known);
            System.arraycopy(close, firstBar, base, 0, known);
        }
        for (int r = 0; r < known; r++) ret[r] = ret[r] / base[r];
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
        if (maybeNonFinite || (labelled && badLabel)) flagNonFinite(rows); // rare: only then look at each row
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
