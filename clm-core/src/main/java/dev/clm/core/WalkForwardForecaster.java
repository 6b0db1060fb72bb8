package dev.clm.core;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A candidate's walk-forward forecasts: the rows of each fold are predicted by the model of the
 * candidate's type trained only on rows before that fold, the newest fold by the candidate itself.
 * A fold whose refit failed forecasts zero there (what the engine would have had: no model, stay
 * flat). Evidence for one decision, never registered: {@link #serialize()} and the single-row
 * {@link #predict(float[])} are refused (a lone row has no time to choose its fold by), and a row
 * outside every fold is an {@link IllegalArgumentException}.
 *
 * <p>{@link #close()} closes the refits, not the candidate, which its owner (the cycle) closes.
 */
final class WalkForwardForecaster implements TrainedModel {
    /** One fold: the time range of its test rows (both ends inclusive) and its model (null: zero forecast). */
    record Fold(long fromMillis, long toMillis, TrainedModel model) {}

    private final TrainedModel candidate;
    private final List<Fold> folds;
    private boolean closed;

    /** @param folds oldest first, non-overlapping; the candidate's own fold is one of them */
    WalkForwardForecaster(TrainedModel candidate, List<Fold> folds) {
        this.candidate = candidate;
        this.folds = List.copyOf(folds);
        for (int k = 1; k < this.folds.size(); k++) {
            if (this.folds.get(k).fromMillis() <= this.folds.get(k - 1).toMillis()) {
                throw new IllegalArgumentException("walk-forward folds overlap or are out of order at fold " + k);
            }
        }
    }

    /** How many folds forecast rows (refits, failed refits and the candidate's own). */
    int folds() {
        return folds.size();
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
        throw new UnsupportedOperationException("walk-forward forecasts are chosen by a row's time; predict a Dataset instead");
    }

    @Override
    public double[] predict(Dataset data) {
        if (closed) throw new IllegalStateException("walk-forward forecaster of " + candidate.type() + " is closed");
        int n = data.rows();
        double[] out = new double[n];
        long[] ts = data.timestamps();
        int i = 0;
        while (i < n) {
            int k = foldOf(ts[i]);
            if (k < 0) {
                throw new IllegalArgumentException("row " + i + " at " + Instant.ofEpochMilli(ts[i]) + " lies in no walk-forward fold of "
                        + candidate.type() + " (folds " + describe() + ")");
            }
            int j = i + 1;
            while (j < n && ts[j] <= folds.get(k).toMillis()) j++;
            TrainedModel m = folds.get(k).model();
            if (m != null) System.arraycopy(m.predict(data.slice(i, j)), 0, out, i, j - i);
            i = j;
        }
        return out;
    }

    private int foldOf(long t) {
        for (int k = 0; k < folds.size(); k++) {
            Fold f = folds.get(k);
            if (t >= f.fromMillis() && t <= f.toMillis()) return k;
        }
        return -1;
    }

    private String describe() {
        List<String> s = new ArrayList<>();
        for (Fold f : folds) s.add(Instant.ofEpochMilli(f.fromMillis()) + ".." + Instant.ofEpochMilli(f.toMillis()));
        return String.join(", ", s);
    }

    @Override
    public byte[] serialize() {
        throw new UnsupportedOperationException("walk-forward forecasts are evidence for a decision and are never stored");
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

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Fold f : folds) {
            if (f.model() != null && f.model() != candidate) f.model().close();
        }
    }
}
