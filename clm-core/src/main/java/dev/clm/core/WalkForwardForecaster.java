package dev.clm.core;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A candidate's walk-forward forecasts of its evidence rows, as a model the evaluator and the
 * shadow tester can be given: each row's forecast was made by the model of the candidate's type
 * trained only on rows before that row's fold (the newest fold by the candidate itself; zero
 * where a refit failed), computed once by {@link WalkForwardEvidence}.
 *
 * <p>A row is looked up by its time and symbol ({@link #predict(Dataset)}) or, for a single row
 * without them, by its features ({@link #predict(float[])}); a row that is not one of the
 * evidence rows (or whose features several evidence rows with different forecasts share) is an
 * {@link IllegalArgumentException}, since no out-of-sample forecast exists for it. It stands for
 * the candidate: {@link #serialize()}, {@link #format()}, provenance and gains are the
 * candidate's. Holds no native resources; the candidate is closed by its owner (the cycle).
 * Thread-safe.
 */
final class WalkForwardForecaster implements TrainedModel {
    private final TrainedModel candidate;
    private final Dataset rows;
    private final double[] forecasts;
    private final int folds;
    /** Evidence row features to forecast (null value: features shared by rows with different forecasts); built on first use. */
    private Map<ByteBuffer, Double> byFeatures;

    /** @param forecasts one per row of {@code rows}, in the same order; {@code folds} the folds that made them */
    WalkForwardForecaster(TrainedModel candidate, Dataset rows, double[] forecasts, int folds) {
        if (forecasts.length != rows.rows()) {
            throw new IllegalArgumentException(forecasts.length + " forecasts for " + rows.rows() + " evidence rows");
        }
        this.candidate = candidate;
        this.rows = rows;
        this.forecasts = forecasts;
        this.folds = folds;
    }

    /** How many folds forecast the evidence rows (refits, failed refits and the candidate's own). */
    int folds() {
        return folds;
    }

    @Override
    public ModelType type() {
        return candidate.type();
    }

    @Override
    public List<String> featureNames() {
        return candidate.featureNames();
    }

    @Override
    public double predict(float[] row) {
        Double f = features().get(key(row, 0, row.length));
        if (f == null) {
            throw new IllegalArgumentException("no walk-forward forecast for this row of " + row.length + " features: it is not one of the "
                    + rows.rows() + " evidence rows of " + candidate.type() + " (or rows with these features had different forecasts); "
                    + "predict a Dataset of evidence rows");
        }
        return f;
    }

    @Override
    public double[] predict(Dataset data) {
        if (data == rows) return forecasts.clone();
        double[] out = new double[data.rows()];
        long[] ts = data.timestamps();
        for (int i = 0; i < out.length; i++) {
            int k = indexOf(ts[i], data.symbolOf(i));
            if (k < 0) {
                throw new IllegalArgumentException("row " + i + " (" + data.symbolOf(i) + " at " + Instant.ofEpochMilli(ts[i])
                        + ") is not one of the walk-forward evidence rows of " + candidate.type() + "; no out-of-sample forecast exists for it");
            }
            out[i] = forecasts[k];
        }
        return out;
    }

    private int indexOf(long time, String symbol) {
        long[] t = rows.timestamps();
        for (int k = rows.indexAtOrAfter(time); k < t.length && t[k] == time; k++) {
            if (rows.symbolOf(k).equals(symbol)) return k;
        }
        return -1;
    }

    private synchronized Map<ByteBuffer, Double> features() {
        if (byFeatures == null) {
            Map<ByteBuffer, Double> m = new HashMap<>();
            int cols = rows.columns();
            for (int k = 0; k < rows.rows(); k++) {
                ByteBuffer key = key(rows.features(), k * cols, cols);
                if (m.containsKey(key) && !Double.valueOf(forecasts[k]).equals(m.get(key))) m.put(key, null);
                else if (!m.containsKey(key)) m.put(key, forecasts[k]);
            }
            byFeatures = m;
        }
        return byFeatures;
    }

    private static ByteBuffer key(float[] values, int from, int length) {
        ByteBuffer b = ByteBuffer.allocate(length * Float.BYTES);
        for (int i = from; i < from + length; i++) b.putInt(Float.floatToIntBits(values[i]));
        return b.flip();
    }

    /** The candidate's bytes: the model this evidence stands for is the one that would be stored. */
    @Override
    public byte[] serialize() {
        return candidate.serialize();
    }

    @Override
    public String format() {
        return candidate.format();
    }

    @Override
    public Map<String, String> provenance() {
        return candidate.provenance();
    }

    @Override
    public Map<String, Double> featureGain() {
        return candidate.featureGain();
    }

    /** Nothing to free: the refits were closed once they had forecast their folds. */
    @Override
    public void close() {
    }
}
