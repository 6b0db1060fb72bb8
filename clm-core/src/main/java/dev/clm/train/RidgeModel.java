package dev.clm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A fitted ridge regression on standardised features: {@code y = b + sum_j w_j (x_j - mean_j) / std_j}.
 * Pure Java, no native memory; serialized as JSON ({@code clm-ridge-v1}). Immutable and
 * thread-safe; close() only marks it closed.
 */
public final class RidgeModel implements TrainedModel {
    static final String FORMAT = "clm-ridge-v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelType type;
    private final List<String> featureNames;
    private final double[] mean;
    private final double[] std;
    private final double[] weights;
    private final double intercept;
    private final Map<String, String> provenance;
    private volatile boolean closed;

    RidgeModel(ModelType type, List<String> featureNames, double[] mean, double[] std, double[] weights, double intercept,
               Map<String, String> provenance) {
        this.type = type;
        this.featureNames = List.copyOf(featureNames);
        this.mean = mean;
        this.std = std;
        this.weights = weights;
        this.intercept = intercept;
        this.provenance = Map.copyOf(provenance);
    }

    @Override
    public ModelType type() {
        return type;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public double predict(float[] row) {
        checkOpen();
        if (row.length != weights.length) {
            throw new IllegalArgumentException("row has " + row.length + " features, expected " + weights.length + " (" + type + ")");
        }
        return predictAt(row, 0);
    }

    private double predictAt(float[] x, int offset) {
        double s = intercept;
        for (int j = 0; j < weights.length; j++) s += weights[j] * ((x[offset + j] - mean[j]) / std[j]);
        return s;
    }

    @Override
    public double[] predict(Dataset data) {
        checkOpen();
        if (!data.featureNames().equals(featureNames)) {
            throw new IllegalArgumentException("dataset features " + data.featureNames() + " differ from the model's " + featureNames);
        }
        double[] out = new double[data.rows()];
        int cols = weights.length;
        for (int i = 0; i < out.length; i++) out[i] = predictAt(data.features(), i * cols);
        return out;
    }

    /** Standardisation means (copy). */
    double[] mean() {
        return mean.clone();
    }

    double[] std() {
        return std.clone();
    }

    double[] weights() {
        return weights.clone();
    }

    double intercept() {
        return intercept;
    }

    @Override
    public byte[] serialize() {
        checkOpen();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("type", type.name());
        ArrayNode names = root.putArray("features");
        featureNames.forEach(names::add);
        putArray(root, "mean", mean);
        putArray(root, "std", std);
        putArray(root, "weights", weights);
        root.put("intercept", intercept);
        ObjectNode prov = root.putObject("provenance");
        provenance.forEach(prov::put);
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void putArray(ObjectNode root, String name, double[] values) {
        ArrayNode a = root.putArray(name);
        for (double v : values) a.add(v);
    }

    @Override
    public String format() {
        return FORMAT;
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
