package dev.clm.online;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A registered version of an online learner: a {@link TrainedModel} around an
 * {@link OnlineLearner} that it never updates, so its predictions are fixed like any other
 * version's. Serialized as the learner's snapshot ({@value OnlineLearner#FORMAT}). Pure Java,
 * no native memory; predict is thread-safe; close() only marks it closed.
 *
 * <p>To keep learning live, take a copy: {@link #copyOfLearner()} (or
 * {@code OnlineLearner.fromSnapshot(bytes)} of the registered version).
 */
public final class OnlineModel implements TrainedModel {
    private final ModelType type;
    private final OnlineLearner learner;
    private final Map<String, String> provenance;
    private volatile boolean closed;

    /** Wraps {@code learner}, which this model then owns: nobody may update it afterwards. */
    OnlineModel(ModelType type, OnlineLearner learner, Map<String, String> extraProvenance) {
        this.type = type;
        this.learner = learner;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("trainer", OnlineTrainer.class.getName());
        learner.config().toParams().forEach((k, v) -> p.put("online." + k, v));
        p.put("online.updates", Long.toString(learner.updates()));
        p.put("online.effective_rows", Double.toString(learner.effectiveRows()));
        p.putAll(extraProvenance);
        this.provenance = Map.copyOf(p);
    }

    @Override
    public ModelType type() {
        return type;
    }

    @Override
    public List<String> featureNames() {
        return learner.featureNames();
    }

    @Override
    public double predict(float[] row) {
        checkOpen();
        return learner.predict(row);
    }

    @Override
    public double[] predict(Dataset data) {
        checkOpen();
        if (!data.featureNames().equals(learner.featureNames())) {
            throw new IllegalArgumentException("dataset features " + data.featureNames() + " differ from the model's " + learner.featureNames());
        }
        double[] out = new double[data.rows()];
        float[] row = new float[data.columns()];
        for (int i = 0; i < out.length; i++) out[i] = learner.predict(data.row(i, row));
        return out;
    }

    /** The learner's configuration. */
    public OnlineLearnerConfig config() {
        return learner.config();
    }

    /** An independent learner in this version's exact state, for live updates. */
    public OnlineLearner copyOfLearner() {
        checkOpen();
        return OnlineLearner.fromSnapshot(learner.snapshot());
    }

    @Override
    public byte[] serialize() {
        checkOpen();
        return learner.snapshot();
    }

    @Override
    public String format() {
        return OnlineLearner.FORMAT;
    }

    @Override
    public Map<String, String> provenance() {
        return provenance;
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("model " + type + " is closed");
    }
}
