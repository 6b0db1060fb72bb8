package dev.clm.models.djl;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import java.time.Instant;
import java.util.List;

/**
 * Where a sequence model's input window sits in a row: the columns {@code ret_lag_{L-1}} ..
 * {@code ret_lag_0} (oldest to newest), found by name. {@code ret_lag_k} at row t is the
 * 1-bar log return {@code log(close[t-k] / close[t-k-1])}, so a row alone carries its whole
 * window and nothing after t.
 *
 * <p>Immutable; thread safe.
 */
public final class ReturnWindow {
    /** Column name prefix the feature engineer uses for lagged 1-bar log returns. */
    public static final String PREFIX = "ret_lag_";

    private final int length;
    private final int rowWidth;
    private final int[] columns; // columns[j] = index of ret_lag_{length-1-j}

    private ReturnWindow(int length, int rowWidth, int[] columns) {
        this.length = length;
        this.rowWidth = rowWidth;
        this.columns = columns;
    }

    /** Name of the column holding the return {@code lag} bars back. */
    public static String column(int lag) {
        return PREFIX + lag;
    }

    /**
     * Finds the {@code length} newest return columns in {@code featureNames}.
     *
     * @throws InvalidDataException naming the first missing column
     */
    public static ReturnWindow locate(List<String> featureNames, int length, String what) {
        int[] cols = new int[length];
        for (int j = 0; j < length; j++) {
            int lag = length - 1 - j;
            int idx = featureNames.indexOf(column(lag));
            if (idx < 0) {
                throw new InvalidDataException(null, -1, column(lag), what + " lacks column '" + column(lag)
                        + "' needed for an input window of " + length + " returns (ret_lag_0 .. ret_lag_" + (length - 1)
                        + "); set FeatureConfig.returnLags to at least " + length + " or lower the model's input_size");
            }
            cols[j] = idx;
        }
        return new ReturnWindow(length, featureNames.size(), cols);
    }

    public int length() {
        return length;
    }

    /** Width of the rows this window reads from (all dataset columns). */
    public int rowWidth() {
        return rowWidth;
    }

    /** Copies one row's window, oldest first, divided by {@code scale}, into {@code dst[offset..]}. */
    public void extract(float[] row, int rowOffset, float scale, float[] dst, int offset) {
        for (int j = 0; j < length; j++) dst[offset + j] = row[rowOffset + columns[j]] / scale;
    }

    /** All rows' windows, row-major {@code rows x length}, divided by {@code scale}. */
    public float[] extractAll(Dataset data, float scale) {
        float[] out = new float[data.rows() * length];
        float[] f = data.features();
        for (int r = 0; r < data.rows(); r++) extract(f, r * rowWidth, scale, out, r * length);
        return out;
    }

    /**
     * Checks that every window value is finite (training rows must be past the warm-up).
     *
     * @throws InvalidDataException naming row, symbol and column
     */
    public void requireFinite(Dataset data, String what) {
        float[] f = data.features();
        for (int r = 0; r < data.rows(); r++) {
            for (int j = 0; j < length; j++) {
                float v = f[r * rowWidth + columns[j]];
                if (!Float.isFinite(v)) {
                    String col = data.featureNames().get(columns[j]);
                    throw new InvalidDataException(data.symbolOf(r), r, col, what + ": value " + v + " at "
                            + Instant.ofEpochMilli(data.timestamps()[r]) + "; expected a finite 1-bar log return");
                }
            }
        }
    }

    /** Root mean square of the window values (the input scale; 1 when all are zero). */
    public float rms(Dataset data) {
        float[] f = data.features();
        double sum = 0;
        long n = 0;
        for (int r = 0; r < data.rows(); r++) {
            for (int j = 0; j < length; j++) {
                double v = f[r * rowWidth + columns[j]];
                sum += v * v;
                n++;
            }
        }
        double rms = n == 0 ? 0 : Math.sqrt(sum / n);
        return rms > 0 ? (float) rms : 1f;
    }
}
