package dev.clm.models.lightgbm;

import dev.clm.api.CorruptModelException;
import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.DirectionTarget;
import dev.clm.models.ModelEnvelope;
import dev.clm.models.TrainingInputs;
import dev.clm.models.internal.NativeHandles;
import dev.clm.models.internal.NativeHeap;
import dev.clm.models.internal.NativeThread;
import dev.clm.models.trees.FastTreePredictor;
import dev.clm.models.trees.LightGbmFlatTrees;
import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained LightGBM model. Single rows are evaluated by {@link LightGbmFlatTrees} in Java (no
 * native call, no lock, no allocation); batches go through the native booster; serialization is
 * the model string kept from training (exact round trip). A direction model ({@code binary})
 * maps the probability of an up move to the forward-return forecast {@code (2p - 1) * scale}
 * ({@link DirectionTarget}).
 *
 * <p>Thread safety: {@link #predict(float[])} is lock-free; native calls run on clm's one
 * LightGBM thread ({@link NativeThread}), which keeps the library's per-thread state from piling up. Ownership: the model owns its booster and frees it in {@link #close()} (idempotent);
 * afterwards every call throws {@link IllegalStateException}.
 */
public final class LightGBMModel implements TrainedModel {
    /** The native format inside the envelope: LightGBM's text model string (UTF-8). */
    public static final String FORMAT = "lightgbm-text";
    static final String HANDLE_KIND = "lightgbm.booster";
    private static final Logger LOG = LoggerFactory.getLogger(LightGBMModel.class);

    private final LGBMBooster booster;
    private final String modelString;
    /** What LightGBM was given: the model string itself, or for stored bytes its checked rebuild. */
    private final String nativeString;
    private final List<String> featureNames;
    private final Map<String, String> provenance;
    private final FastTreePredictor fast;
    private final int trees;
    /** NaN for a regression; the forecast scale of a direction model. */
    private final double directionScale;
    private final Object nativeLock = new Object();
    private volatile boolean closed;

    /** Loads {@code modelString}, which LightGBM itself wrote in this process, into a new booster owned by this model. */
    LightGBMModel(String modelString, List<String> featureNames, Map<String, String> provenance) {
        this(modelString, modelString, featureNames, provenance);
    }

    /**
     * A model from stored bytes: {@code modelString} is checked and rebuilt in Java
     * ({@link LightGbmModelCheck}) and only the rebuilt string reaches LightGBM; the stored
     * string is kept for {@link #serialize()}. Throws {@link CorruptModelException} if the
     * string fails the check or LightGBM refuses the rebuilt one.
     */
    static LightGBMModel fromStored(String modelString, List<String> featureNames, Map<String, String> provenance) {
        String checked = LightGbmModelCheck.canonical(modelString, featureNames.size());
        try {
            return new LightGBMModel(modelString, checked, featureNames, provenance);
        } catch (ModelTrainingException e) {
            throw new CorruptModelException(ModelType.LIGHTGBM, null, "LightGBM refused the checked model: " + e.getMessage());
        }
    }

    private LightGBMModel(String modelString, String nativeString, List<String> featureNames, Map<String, String> provenance) {
        LightGbmNative.ensureLoaded();
        this.featureNames = List.copyOf(featureNames);
        this.provenance = Map.copyOf(provenance);
        this.modelString = modelString;
        this.nativeString = nativeString;
        this.directionScale = DirectionTarget.scaleOf(this.provenance);
        FastTreePredictor compiled = null;
        int treeCount = -1;
        try {
            LightGbmFlatTrees flat = LightGbmFlatTrees.fromModelString(nativeString);
            treeCount = flat.treeCount();
            if (flat.featureCount() != this.featureNames.size()) {
                throw new IllegalArgumentException("model has " + flat.featureCount() + " features, rows have " + this.featureNames.size());
            }
            compiled = flat;
        } catch (RuntimeException e) {
            LOG.warn("lightgbm model cannot use the fast predictor ({}); single rows go through the native booster", e.getMessage());
        }
        this.fast = compiled;
        try {
            this.booster = NativeThread.LIGHTGBM.call(() -> LGBMBooster.loadModelFromString(nativeString));
        } catch (LGBMException e) {
            throw LightGbmNative.error("loading the model string failed", e);
        }
        NativeHandles.opened(HANDLE_KIND);
        this.trees = treeCount >= 0 ? treeCount : countTrees(nativeString);
    }

    private static int countTrees(String model) {
        int n = 0;
        for (String line : model.split("\n")) if (line.startsWith("Tree=")) n++;
        return n;
    }

    @Override
    public ModelType type() {
        return ModelType.LIGHTGBM;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    /** Trees (boosting rounds) in the model. */
    public int treeCount() {
        return trees;
    }

    /** The Java evaluator used for single rows, if the model could be compiled to it. */
    public Optional<FastTreePredictor> fastPredictor() {
        return Optional.ofNullable(fast);
    }

    @Override
    public double predict(float[] row) {
        if (closed) throw closedError();
        TrainingInputs.requireRowWidth(row, featureNames.size());
        if (fast != null) return output(fast.predict(row));
        return output(NativeThread.LIGHTGBM.call(() -> {
            synchronized (nativeLock) {
                if (closed) throw closedError();
                try {
                    return booster.predictForMatSingleRow(row, PredictionType.C_API_PREDICT_NORMAL);
                } catch (LGBMException e) {
                    throw LightGbmNative.error("native single-row prediction failed", e);
                }
            }
        }));
    }

    @Override
    public double[] predict(Dataset data) {
        if (closed) throw closedError();
        TrainingInputs.requireModelFeatures(this, data, "prediction dataset");
        if (data.rows() == 0) return new double[0];
        if (directionScale != directionScale) return predictNative(data.features(), data.rows());
        double[] p = predictNative(data.features(), data.rows(), PredictionType.C_API_PREDICT_NORMAL);
        for (int i = 0; i < p.length; i++) p[i] = output(p[i]);
        return p;
    }

    /** The library's prediction as a forward-return forecast (identity for a regression). */
    private double output(double libraryPrediction) {
        return directionScale != directionScale ? libraryPrediction : DirectionTarget.forecast(libraryPrediction, directionScale);
    }

    /** The forecast scale of a direction model ({@link DirectionTarget}), NaN for a regression. */
    double directionScale() {
        return directionScale;
    }

    /** Raw scores of the native booster for row-major {@code features} (identity link: the prediction; binary: the margin). */
    double[] predictNative(float[] features, int rows) {
        return predictNative(features, rows, PredictionType.C_API_PREDICT_RAW_SCORE);
    }

    private double[] predictNative(float[] features, int rows, PredictionType kind) {
        return NativeThread.LIGHTGBM.call(() -> {
            synchronized (nativeLock) {
                if (closed) throw closedError();
                try {
                    return booster.predictForMat(features, rows, featureNames.size(), true, kind);
                } catch (LGBMException e) {
                    throw LightGbmNative.error("native prediction of " + rows + " rows failed", e);
                }
            }
        });
    }

    @Override
    public Map<String, Double> featureGain() {
        synchronized (nativeLock) {
            if (closed) throw closedError();
            try {
                double[] gain = booster.featureImportance(0, LGBMBooster.FeatureImportanceType.GAIN);
                Map<String, Double> out = new java.util.LinkedHashMap<>();
                for (int i = 0; i < gain.length && i < featureNames.size(); i++) if (gain[i] > 0) out.put(featureNames.get(i), gain[i]);
                return java.util.Collections.unmodifiableMap(out);
            } catch (LGBMException e) {
                throw LightGbmNative.error("reading the gain importance failed", e);
            }
        }
    }

    @Override
    public Optional<double[][]> featureContributions(Dataset data) {
        if (closed) throw closedError();
        TrainingInputs.requireModelFeatures(this, data, "contribution dataset");
        int width = featureNames.size() + 1;
        double[] flat = data.rows() == 0 ? new double[0] : predictNative(data.features(), data.rows(), PredictionType.C_API_PREDICT_CONTRIB);
        double[][] out = new double[data.rows()][];
        for (int i = 0; i < out.length; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        return Optional.of(out);
    }

    /** The model string (what the envelope carries). */
    String modelString() {
        if (closed) throw closedError();
        return modelString;
    }

    /** The model string safe to hand to LightGBM again (a warm start's copy of this parent). */
    String nativeModelString() {
        if (closed) throw closedError();
        return nativeString;
    }

    @Override
    public byte[] serialize() {
        return new ModelEnvelope(FORMAT, featureNames, provenance, modelString().getBytes(StandardCharsets.UTF_8)).toBytes();
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
        if (closed) return;
        NativeThread.LIGHTGBM.call(() -> {
            synchronized (nativeLock) {
                if (closed) return null;
                closed = true;
                try {
                    booster.close();
                } catch (LGBMException e) {
                    LOG.warn("freeing a LightGBM booster failed: {}", e.getMessage());
                }
                NativeHandles.closed(HANDLE_KIND);
            }
            return null;
        });
        NativeHeap.trimAfterNativeWork();
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("lightgbm model is closed");
    }

    @Override
    public String toString() {
        return "LightGBMModel[" + trees + " trees, " + featureNames.size() + " features" + (closed ? ", closed" : "") + "]";
    }
}
