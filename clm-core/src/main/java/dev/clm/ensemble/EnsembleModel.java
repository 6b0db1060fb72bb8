package dev.clm.ensemble;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.util.List;
import java.util.Map;

/**
 * A blend or stack: the members' forecasts for a row combined by a {@link Combination}.
 *
 * <p>Owns its member models (loaded from their registry versions) and closes them on
 * {@link #close()}. {@link #predict(float[])} allocates nothing (a linear score accumulated
 * over the members) and is as thread-safe as the members' own {@code predict}, which the
 * {@link TrainedModel} contract makes thread-safe. Serialized as JSON ({@value #FORMAT})
 * naming the member versions; the members' bytes stay in the registry.
 */
public final class EnsembleModel implements TrainedModel {
    /** The serialized format name of every ensemble ({@link dev.clm.api.ModelArtifact#format()}). */
    public static final String FORMAT = "clm-ensemble-json";

    private final EnsembleManifest manifest;
    private final TrainedModel[] members;
    private final double intercept;
    private final double[] coefficients;
    private final Combination combination;
    private final int columns;
    private volatile boolean closed;

    EnsembleModel(EnsembleManifest manifest, List<TrainedModel> members) {
        this.manifest = manifest;
        this.members = members.toArray(new TrainedModel[0]);
        this.combination = manifest.combination();
        this.intercept = combination.intercept();
        this.coefficients = combination.coefficients();
        this.columns = manifest.featureNames().size();
    }

    @Override
    public ModelType type() {
        return manifest.type();
    }

    public EnsembleSpec.Kind kind() {
        return manifest.kind();
    }

    /** The member versions, in the order of the combination's coefficients. */
    public List<MemberRef> members() {
        return manifest.members();
    }

    /** The weights (blend) or meta-learner coefficients (stack). */
    public Combination combination() {
        return combination;
    }

    @Override
    public List<String> featureNames() {
        return manifest.featureNames();
    }

    @Override
    public double predict(float[] row) {
        checkOpen();
        if (row.length != columns) {
            throw new IllegalArgumentException("row has " + row.length + " features, expected " + columns + " (" + type() + ")");
        }
        double z = intercept;
        for (int j = 0; j < members.length; j++) z += coefficients[j] * members[j].predict(row);
        return combination.forecast(z);
    }

    @Override
    public double[] predict(Dataset data) {
        checkOpen();
        if (!data.featureNames().equals(manifest.featureNames())) {
            throw new IllegalArgumentException("dataset features " + data.featureNames() + " differ from the ensemble's " + manifest.featureNames());
        }
        double[] z = new double[data.rows()];
        java.util.Arrays.fill(z, intercept);
        for (int j = 0; j < members.length; j++) {
            double[] p = members[j].predict(data);
            for (int i = 0; i < z.length; i++) z[i] += coefficients[j] * p[i];
        }
        for (int i = 0; i < z.length; i++) z[i] = combination.forecast(z[i]);
        return z;
    }

    /** Each member's forecasts for {@code data}, {@code [member][row]} (for diagnostics and tests). */
    public double[][] memberPredictions(Dataset data) {
        checkOpen();
        double[][] out = new double[members.length][];
        for (int j = 0; j < members.length; j++) out[j] = members[j].predict(data);
        return out;
    }

    @Override
    public byte[] serialize() {
        checkOpen();
        return manifest.toJson();
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public Map<String, String> provenance() {
        return manifest.provenance();
    }

    /** Closes every member. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        RuntimeException first = null;
        for (TrainedModel m : members) {
            try {
                m.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("ensemble " + type() + " is closed");
    }

    @Override
    public String toString() {
        return "EnsembleModel[" + type() + " " + manifest.members() + ", " + combination + "]";
    }
}
