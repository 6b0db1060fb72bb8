package dev.clm.models.djl;

import dev.clm.models.ModelEnvelope;
import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import dev.clm.api.CorruptModelException;
import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ResolvedParams;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A trained N-HiTS / PatchTST network on DJL (PyTorch, CPU) predicting the forward log return
 * from the row's window of lagged returns (see {@link ReturnWindow}).
 *
 * <p>Input: a whole dataset row ({@link #featureNames()} = all the training dataset's
 * columns); the model reads {@code ret_lag_{L-1}} .. {@code ret_lag_0} by name, divides them by
 * the input scale fitted on the training split, and multiplies the network output by the
 * label scale. Output: the label (cumulative forward log return over the label horizon).
 *
 * <p>Ownership: owns one DJL {@link Model} and its {@link NDManager}; {@link #close()} frees
 * them (idempotent). Thread safety: predictions may run concurrently (each call works in its
 * own sub-manager); {@code close()} waits for running predictions.
 */
public final class DjlSequenceModel implements TrainedModel {
    private static final int PREDICT_CHUNK = 4096;

    private final SequenceArchitecture architecture;
    private final ResolvedParams params;
    private final List<String> featureNames;
    private final ReturnWindow window;
    private final float inputScale;
    private final float labelScale;
    private final Map<String, String> provenance;
    private final Model model;
    private final Block block;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private DjlSequenceModel(SequenceArchitecture architecture, ResolvedParams params, List<String> featureNames,
                             float inputScale, float labelScale, Map<String, String> provenance, Model model, Block block) {
        this.architecture = architecture;
        this.params = params;
        this.featureNames = List.copyOf(featureNames);
        this.window = ReturnWindow.locate(this.featureNames, architecture.inputSize(params), "model feature names");
        this.inputScale = inputScale;
        this.labelScale = labelScale;
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance));
        this.model = model;
        this.block = block;
    }

    /**
     * Builds a model from network weights in DJL's parameter format. The weights are copied
     * into a new native model; the caller keeps {@code weights}.
     */
    static DjlSequenceModel create(SequenceArchitecture architecture, ResolvedParams params, List<String> featureNames,
                                   float inputScale, float labelScale, Map<String, String> provenance, byte[] weights) {
        DjlRuntime.engine();
        Block block = architecture.build(params);
        Model model = Model.newInstance(architecture.type().name(), Device.cpu(), DjlRuntime.ENGINE);
        try {
            block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(weights)));
            model.setBlock(block);
            return new DjlSequenceModel(architecture, params, featureNames, inputScale, labelScale, provenance, model, block);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new ModelTrainingException(architecture.type(), null, "cannot load the network weights ("
                    + weights.length + " bytes) for parameters " + params.asMap() + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            // DJL allocates each array at the length the stream declares before reading it: a damaged
            // length asks for gigabytes at once, which fails here without having used the memory.
            model.close();
            throw new CorruptModelException(architecture.type(), null, "the network weights (" + weights.length
                    + " bytes) declare an array larger than memory: " + e.getMessage());
        }
    }

    /**
     * Largest |weight| accepted from stored bytes. Trained weights stay within a few units (Adam,
     * scaled inputs); a damaged float (an exponent bit flipped) is typically 1e10 or more and
     * would make predictions overflow for ordinary rows even when a zero row stays finite.
     */
    static final float MAX_WEIGHT = 1e3f;
    /** Input and label scales (root mean squares of returns, 1 if zero) accepted from stored bytes. */
    static final float MIN_SCALE = 1e-12f, MAX_SCALE = 1e9f;

    /**
     * For weights from stored bytes: scales positive, every parameter within +-{@link #MAX_WEIGHT}, and a probe row (all zeros)
     * predicts a finite value, so arrays of a wrong shape fail here rather than at the first
     * prediction. Throws {@link IllegalStateException} saying which check failed.
     */
    void requireFiniteWeightsAndProbe() {
        for (float scale : new float[] {inputScale, labelScale}) {
            if (!(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
                throw new IllegalStateException("input or label scale " + scale + " outside [" + MIN_SCALE + ", " + MAX_SCALE + "]");
            }
        }
        for (var p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            float[] v = a.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                if (!(Math.abs(v[i]) <= MAX_WEIGHT)) {
                    throw new IllegalStateException("weight " + p.getKey() + "[" + i + "] of shape " + a.getShape() + " is " + v[i]
                            + ", outside +-" + MAX_WEIGHT);
                }
            }
        }
        double probe;
        try {
            probe = predict(new float[featureNames.size()]);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the network does not run on a probe row: " + e.getMessage(), e);
        }
        if (!Double.isFinite(probe)) throw new IllegalStateException("the network predicts " + probe + " for a probe row of zeros");
    }

    @Override
    public ModelType type() {
        return architecture.type();
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    /** Hyper-parameters (defaults included) this model was trained with. */
    public Map<String, String> params() {
        return params.asMap();
    }

    ResolvedParams resolvedParams() {
        return params;
    }

    /** Divisor applied to the input returns (RMS of the training windows). */
    public float inputScale() {
        return inputScale;
    }

    /** Factor applied to the network output (RMS of the training labels). */
    public float labelScale() {
        return labelScale;
    }

    /** Whether the native model memory is still allocated (false after {@link #close()}). */
    public boolean isOpen() {
        lock.readLock().lock();
        try {
            return !closed && model.getNDManager().isOpen();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public double predict(float[] row) {
        if (row == null) throw new IllegalArgumentException("row is null");
        if (row.length != featureNames.size()) {
            throw new IllegalArgumentException("row has " + row.length + " values; model " + type() + " expects "
                    + featureNames.size() + " features in featureNames() order");
        }
        float[] x = new float[window.length()];
        window.extract(row, 0, inputScale, x, 0);
        return forward(x, 1)[0];
    }

    @Override
    public double[] predict(Dataset data) {
        if (!data.featureNames().equals(featureNames)) {
            throw new InvalidDataException(null, -1, "featureNames", "dataset has feature names " + data.featureNames()
                    + " but model " + type() + " was trained on " + featureNames);
        }
        double[] out = new double[data.rows()];
        int width = featureNames.size();
        float[] f = data.features();
        for (int start = 0; start < data.rows(); start += PREDICT_CHUNK) {
            int n = Math.min(PREDICT_CHUNK, data.rows() - start);
            float[] x = new float[n * window.length()];
            for (int r = 0; r < n; r++) window.extract(f, (start + r) * width, inputScale, x, r * window.length());
            double[] p = forward(x, n);
            System.arraycopy(p, 0, out, start, n);
        }
        return out;
    }

    private double[] forward(float[] x, int rows) {
        lock.readLock().lock();
        try {
            requireOpen();
            try (NDManager m = model.getNDManager().newSubManager()) {
                NDArray input = m.create(x, new Shape(rows, window.length()));
                NDArray y = block.forward(new ParameterStore(m, false), new NDList(input), false).singletonOrThrow();
                float[] v = y.toFloatArray();
                double[] out = new double[rows];
                for (int i = 0; i < rows; i++) out[i] = (double) v[i] * labelScale;
                return out;
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The network weights in DJL's parameter format. */
    byte[] weights() {
        lock.readLock().lock();
        try {
            requireOpen();
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bos)) {
                block.saveParameters(out);
            }
            return bos.toByteArray();
        } catch (IOException e) {
            throw new ModelTrainingException(type(), null, "cannot write the network weights: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public byte[] serialize() {
        byte[] w = weights();
        return new ModelEnvelope(architecture.format(), featureNames, provenance, properties(architecture, params, inputScale, labelScale),
                w).toBytes();
    }

    /** What the envelope carries beside format, features and provenance: model type, scales, hyper-parameters. */
    static Map<String, String> properties(SequenceArchitecture architecture, ResolvedParams params, float inputScale,
                                          float labelScale) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(EnvelopeKeys.MODEL_TYPE, architecture.type().name());
        h.put(EnvelopeKeys.INPUT_SCALE, Float.toString(inputScale));
        h.put(EnvelopeKeys.LABEL_SCALE, Float.toString(labelScale));
        params.asMap().forEach((k, v) -> h.put(EnvelopeKeys.PARAM_PREFIX + k, v));
        return h;
    }

    /** Reads an envelope (of {@link #serialize()}, or converted from the format of earlier versions) for this architecture. */
    static DjlSequenceModel fromEnvelope(SequenceArchitecture architecture, ModelEnvelope env) {
        String format = env.format();
        if (!format.equals(architecture.format())) {
            throw new IllegalArgumentException("model bytes have format '" + format + "', expected '" + architecture.format() + "'");
        }
        String type = env.require(EnvelopeKeys.MODEL_TYPE);
        if (!type.equals(architecture.type().name())) {
            throw new IllegalArgumentException("model bytes hold a '" + type + "' model, expected '" + architecture.type() + "'");
        }
        Map<String, String> p = new LinkedHashMap<>();
        env.properties().forEach((k, v) -> {
            if (k.startsWith(EnvelopeKeys.PARAM_PREFIX)) p.put(k.substring(EnvelopeKeys.PARAM_PREFIX.length()), v);
        });
        return create(architecture, architecture.params().resolve(p), env.featureNames(),
                Float.parseFloat(env.require(EnvelopeKeys.INPUT_SCALE)), Float.parseFloat(env.require(EnvelopeKeys.LABEL_SCALE)),
                new LinkedHashMap<>(env.provenance()), env.nativeModel());
    }

    @Override
    public String format() {
        return architecture.format();
    }

    @Override
    public Map<String, String> provenance() {
        return provenance;
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("model " + type() + " is closed");
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) return;
            closed = true;
            model.close();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "DjlSequenceModel[" + type() + ", " + featureNames.size() + " features, params " + params.asMap() + "]";
    }

    /** Header keys of the serialized envelope. */
    static final class EnvelopeKeys {
        static final String FORMAT = "format";
        static final String MODEL_TYPE = "model_type";
        static final String INPUT_SCALE = "input_scale";
        static final String LABEL_SCALE = "label_scale";
        static final String PARAM_PREFIX = "param.";
        static final String FEATURE_COUNT = "feature_count";
        static final String FEATURE_PREFIX = "feature.";
        static final String PROVENANCE_PREFIX = "provenance.";

        private EnvelopeKeys() {}
    }
}
