package dev.clm.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A feature matrix with labels, ready for a trainer.
 *
 * <ul>
 *   <li>{@code features}: row-major {@code rows x featureNames.size()} floats, handed to
 *       DMatrix / LightGBM / NDArray without copying per row.</li>
 *   <li>{@code labels}: one per row, of kind {@code labelKind} (default the forward log return
 *       over the feature engineer's horizon; see {@link LabelKind}); NaN only in prediction-only
 *       datasets; trainers reject NaN labels.</li>
 *   <li>{@code timestamps}: the time of the bar whose close the row's features end at (epoch
 *       ms). Rows are in non-decreasing timestamp order over all symbols, so a split by row
 *       index is a split by time.</li>
 *   <li>{@code labelEndTimestamps}: the time at which the row's label is known (the bar
 *       {@code horizon} steps later). Splitters purge training rows whose label ends at or
 *       after the start of the next split, so no label overlaps held-out data.</li>
 *   <li>{@code symbolIds}: index into {@code symbols} per row.</li>
 *   <li>{@code weights}: optional per-row sample weights (null means all 1): finite and
 *       {@code >= 0}, checked here. A weight scales the row's loss (its gradient and hessian in
 *       the tree trainers, its squared error in ridge); 0 removes the row's influence. That not
 *       all weights are zero is checked by the trainers ({@link #requireUsableWeights}), since a
 *       slice of a valid dataset may legitimately hold only zero-weight rows.</li>
 *   <li>{@code labelKind}: what the labels are (null means {@link LabelKind#FORWARD_LOG_RETURN});
 *       trainers and evaluators refuse a kind they do not support ({@link UnsupportedLabelException}).</li>
 * </ul>
 *
 * <p>The arrays are owned by this record and are not copied; do not modify them after
 * construction. {@link #slice(int, int)} copies.
 */
public record Dataset(List<String> featureNames, List<String> symbols, long[] timestamps, long[] labelEndTimestamps,
                      int[] symbolIds, float[] features, float[] labels, float[] weights, LabelKind labelKind) {

    /** A dataset whose labels are forward log returns. */
    public Dataset(List<String> featureNames, List<String> symbols, long[] timestamps, long[] labelEndTimestamps, int[] symbolIds,
                   float[] features, float[] labels, float[] weights) {
        this(featureNames, symbols, timestamps, labelEndTimestamps, symbolIds, features, labels, weights, LabelKind.FORWARD_LOG_RETURN);
    }

    public Dataset {
        if (labelKind == null) labelKind = LabelKind.FORWARD_LOG_RETURN;
        Checks.noNulls(featureNames, "featureNames");
        Checks.noNulls(symbols, "symbols");
        featureNames = List.copyOf(featureNames);
        symbols = List.copyOf(symbols);
        Checks.notNull(timestamps, "timestamps");
        Checks.notNull(labelEndTimestamps, "labelEndTimestamps");
        Checks.notNull(symbolIds, "symbolIds");
        Checks.notNull(features, "features");
        Checks.notNull(labels, "labels");
        int rows = timestamps.length;
        int cols = featureNames.size();
        if (cols == 0) throw new InvalidDataException(null, -1, "featureNames", "at least one feature is required");
        if ((long) rows * cols != features.length) {
            throw new InvalidDataException(null, -1, "features", "has " + features.length + " values, expected rows x columns = "
                    + rows + " x " + cols + " = " + ((long) rows * cols));
        }
        requireRows(labelEndTimestamps.length, rows, "labelEndTimestamps");
        requireRows(symbolIds.length, rows, "symbolIds");
        requireRows(labels.length, rows, "labels");
        if (weights != null) requireRows(weights.length, rows, "weights");
        for (int i = 0; i < rows; i++) {
            if (i > 0 && timestamps[i] < timestamps[i - 1]) {
                throw new InvalidDataException(null, i, "timestamps", "row time " + Instant.ofEpochMilli(timestamps[i])
                        + " is before the previous row's " + Instant.ofEpochMilli(timestamps[i - 1]) + "; expected non-decreasing time order");
            }
            if (labelEndTimestamps[i] < timestamps[i]) {
                throw new InvalidDataException(null, i, "labelEndTimestamps", "label ends before the row's own time; expected labelEnd >= timestamp");
            }
            if (symbolIds[i] < 0 || symbolIds[i] >= symbols.size()) {
                throw new InvalidDataException(null, i, "symbolIds", "symbol id " + symbolIds[i] + " out of range [0, " + symbols.size() + ")");
            }
        }
        if (weights != null) {
            for (int i = 0; i < rows; i++) {
                if (!(weights[i] >= 0) || weights[i] == Float.POSITIVE_INFINITY) {
                    throw new InvalidDataException(symbols.get(symbolIds[i]), i, "weights", "sample weight " + weights[i]
                            + "; expected a finite weight >= 0");
                }
            }
        }
    }

    private static void requireRows(int length, int rows, String field) {
        if (length != rows) throw new InvalidDataException(null, -1, field, "has " + length + " entries, expected " + rows + " (one per row)");
    }

    public int rows() {
        return timestamps.length;
    }

    public int columns() {
        return featureNames.size();
    }

    public float feature(int row, int column) {
        return features[row * featureNames.size() + column];
    }

    /** Copies row {@code row}'s features into {@code dst} (length >= columns()) and returns it. */
    public float[] row(int row, float[] dst) {
        int cols = featureNames.size();
        System.arraycopy(features, row * cols, dst, 0, cols);
        return dst;
    }

    public String symbolOf(int row) {
        return symbols.get(symbolIds[row]);
    }

    public int featureIndex(String name) {
        return featureNames.indexOf(name);
    }

    /** Weight of a row (1 when the dataset has no weights). */
    public float weight(int row) {
        return weights == null ? 1f : weights[row];
    }

    /**
     * This dataset with {@code newWeights} as its sample weights (null: unweighted). The other
     * arrays are shared, not copied; the weights are owned by the new dataset and checked
     * (finite, {@code >= 0}).
     */
    public Dataset withWeights(float[] newWeights) {
        return new Dataset(featureNames, symbols, timestamps, labelEndTimestamps, symbolIds, features, labels, newWeights, labelKind);
    }

    /**
     * Throws {@link InvalidDataException} (field {@code weights}) if the dataset has weights and
     * they are all zero: nothing would be left to learn from or to score on.
     */
    public void requireUsableWeights(String what) {
        if (weights == null) return;
        for (float w : weights) if (w > 0) return;
        if (weights.length == 0) return;
        throw new InvalidDataException(null, -1, "weights", what + ": all " + weights.length
                + " sample weights are 0; expected at least one positive weight");
    }

    /** Earliest to latest row time; throws for an empty dataset. */
    public TimeRange timeRange() {
        if (rows() == 0) throw new InvalidDataException(null, -1, "rows", "dataset is empty; expected at least one row");
        return TimeRange.ofEpochMillis(timestamps[0], timestamps[rows() - 1]);
    }

    /** Rows {@code [from, to)} as a new dataset (arrays copied). */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > rows() || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a dataset with " + rows() + " rows");
        }
        int cols = featureNames.size();
        return new Dataset(featureNames, symbols, Arrays.copyOfRange(timestamps, from, to),
                Arrays.copyOfRange(labelEndTimestamps, from, to), Arrays.copyOfRange(symbolIds, from, to),
                Arrays.copyOfRange(features, from * cols, to * cols), Arrays.copyOfRange(labels, from, to),
                weights == null ? null : Arrays.copyOfRange(weights, from, to), labelKind);
    }

    /**
     * This dataset's rows followed by those of {@code later} (arrays copied): same feature names and
     * label kind, rows of {@code later} not before this dataset's last row; symbols are merged.
     *
     * @throws InvalidDataException naming {@code featureNames}, {@code labelKind} or {@code timestamps} when they disagree
     */
    public Dataset append(Dataset later) {
        if (!featureNames.equals(later.featureNames)) {
            throw new InvalidDataException(null, -1, "featureNames", "cannot append rows with features " + later.featureNames
                    + " to rows with " + featureNames + "; expected the same columns");
        }
        if (labelKind != later.labelKind) {
            throw new InvalidDataException(null, -1, "labelKind", "cannot append " + later.labelKind + " labels to " + labelKind
                    + " labels; expected one label kind");
        }
        if (later.rows() == 0) return this;
        if (rows() == 0) return later;
        int n = rows() + later.rows();
        int cols = columns();
        List<String> merged = new java.util.ArrayList<>(symbols);
        int[] remap = new int[later.symbols.size()];
        for (int s = 0; s < remap.length; s++) {
            int at = merged.indexOf(later.symbols.get(s));
            if (at < 0) {
                at = merged.size();
                merged.add(later.symbols.get(s));
            }
            remap[s] = at;
        }
        int na = rows();
        long[] ts = Arrays.copyOf(timestamps, n);
        System.arraycopy(later.timestamps, 0, ts, na, later.rows());
        long[] end = Arrays.copyOf(labelEndTimestamps, n);
        System.arraycopy(later.labelEndTimestamps, 0, end, na, later.rows());
        int[] sym = Arrays.copyOf(symbolIds, n);
        for (int i = 0; i < later.rows(); i++) sym[na + i] = remap[later.symbolIds[i]];
        float[] x = Arrays.copyOf(features, n * cols);
        System.arraycopy(later.features, 0, x, na * cols, later.rows() * cols);
        float[] y = Arrays.copyOf(labels, n);
        System.arraycopy(later.labels, 0, y, na, later.rows());
        float[] w = null;
        if (weights != null || later.weights != null) {
            w = new float[n];
            for (int i = 0; i < na; i++) w[i] = weight(i);
            for (int i = 0; i < later.rows(); i++) w[na + i] = later.weight(i);
        }
        return new Dataset(featureNames, merged, ts, end, sym, x, y, w, labelKind);
    }

    /** Index of the first row with timestamp >= {@code millis} (rows() if none). */
    public int indexAtOrAfter(long millis) {
        int lo = 0, hi = timestamps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < millis) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** Throws {@link UnsupportedLabelException} naming {@code component} unless this dataset's label kind is one of {@code supported}. */
    public void requireLabelKind(String component, java.util.Set<LabelKind> supported) {
        labelKind.requireOneOf(component, supported);
    }

    /** This dataset with labels of kind {@code kind} (arrays shared). */
    public Dataset withLabelKind(LabelKind kind) {
        return new Dataset(featureNames, symbols, timestamps, labelEndTimestamps, symbolIds, features, labels, weights, kind);
    }

    /** Throws {@link InvalidDataException} naming the first row whose label is NaN or infinite. */
    public void requireFiniteLabels(String what) {
        for (int i = 0; i < labels.length; i++) {
            if (!Float.isFinite(labels[i])) {
                throw new InvalidDataException(symbolOf(i), i, "labels", what + ": label " + labels[i] + " at "
                        + Instant.ofEpochMilli(timestamps[i]) + "; expected a finite forward return");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset d && featureNames.equals(d.featureNames) && symbols.equals(d.symbols)
                && Arrays.equals(timestamps, d.timestamps) && Arrays.equals(labelEndTimestamps, d.labelEndTimestamps)
                && Arrays.equals(symbolIds, d.symbolIds) && Arrays.equals(features, d.features)
                && Arrays.equals(labels, d.labels) && Arrays.equals(weights, d.weights) && labelKind == d.labelKind;
    }

    @Override
    public int hashCode() {
        return featureNames.hashCode() * 31 + Arrays.hashCode(timestamps);
    }

    @Override
    public String toString() {
        return "Dataset[" + rows() + " rows x " + columns() + " features, " + symbols.size() + " symbols]";
    }
}
