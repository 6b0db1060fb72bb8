package dev.clm.models.xgboost;

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
import dev.clm.models.trees.XGBoostFlatTrees;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trained XGBoost model. Single rows are evaluated by {@link XGBoostFlatTrees} in Java (no
 * native call, no lock, no allocation); batches and serialization go through the native
 * booster. A direction model ({@code binary:logistic}) maps the probability of an up move to
 * the forward-return forecast {@code (2p - 1) * scale} ({@link DirectionTarget}).
 *
 * <p>Thread safety: {@link #predict(float[])} is lock-free and safe from any thread; the
 * native calls (batches, serialization, close) run on clm's one XGBoost thread
 * ({@link NativeThread}), which keeps the library's per-thread state from piling up. Ownership: the model owns its booster and frees it
 * in {@link #close()} (idempotent); afterwards every call throws {@link IllegalStateException}.
 */
public final class XGBoostModel implements TrainedModel {
    /** The native format inside the envelope: XGBoost's Universal Binary JSON. */
    public static final String FORMAT = "xgboost-ubj";
    static final String HANDLE_KIND = "xgboost.booster";
    static final String MATRIX_KIND = "xgboost.dmatrix";
    private static final Logger LOG = LoggerFactory.getLogger(XGBoostModel.class);

    private final Booster booster;
    private final List<String> featureNames;
    private final Map<String, String> provenance;
    private final FastTreePredictor fast;
    private final int trees;
    /** NaN for a regression; the forecast scale of a direction model. */
    private final double directionScale;
    private final Object nativeLock = new Object();
    private volatile boolean closed;

    /** Takes ownership of {@code booster} (already counted as opened). */
    XGBoostModel(Booster booster, List<String> featureNames, Map<String, String> provenance) {
        this.booster = booster;
        this.featureNames = List.copyOf(featureNames);
        this.provenance = Map.copyOf(provenance);
        this.directionScale = DirectionTarget.scaleOf(this.provenance);
        FastTreePredictor compiled = null;
        try {
            compiled = XGBoostFlatTrees.fromJson(new String(booster.toByteArray("json"), StandardCharsets.UTF_8));
            if (compiled.featureCount() > this.featureNames.size()) {
                throw new IllegalArgumentException("model uses " + compiled.featureCount() + " features, rows have " + this.featureNames.size());
            }
        } catch (XGBoostError | RuntimeException e) {
            LOG.warn("xgboost model cannot use the fast predictor ({}); single rows go through the native booster", e.getMessage());
            compiled = null;
        }
        this.fast = compiled;
        try {
            this.trees = booster.getNumBoostedRound();
        } catch (XGBoostError e) {
            throw new ModelTrainingException(ModelType.XGBOOST, null, "reading the number of rounds failed", e);
        }
    }

    @Override
    public ModelType type() {
        return ModelType.XGBOOST;
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    /** Boosting rounds (trees) in the model. */
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
        return output(NativeThread.XGBOOST.call(() -> {
            synchronized (nativeLock) {
                if (closed) throw closedError();
                return predictNative(row, 1)[0];
            }
        }));
    }

    /** The library's prediction as a forward-return forecast (identity for a regression). */
    private double output(double libraryPrediction) {
        return directionScale != directionScale ? libraryPrediction : DirectionTarget.forecast(libraryPrediction, directionScale);
    }

    /** The forecast scale of a direction model ({@link DirectionTarget}), NaN for a regression. */
    double directionScale() {
        return directionScale;
    }

    @Override
    public double[] predict(Dataset data) {
        if (closed) throw closedError();
        TrainingInputs.requireModelFeatures(this, data, "prediction dataset");
        if (data.rows() == 0) return new double[0];
        double[] out = NativeThread.XGBOOST.call(() -> {
            synchronized (nativeLock) {
                if (closed) throw closedError();
                return predictNative(data.features(), data.rows());
            }
        });
        for (int i = 0; i < out.length; i++) out[i] = output(out[i]);
        return out;
    }

    private double[] predictNative(float[] features, int rows) {
        DMatrix m = null;
        try {
            m = new DMatrix(features, rows, featureNames.size(), Float.NaN);
            NativeHandles.opened(MATRIX_KIND);
            float[][] p = booster.predict(m);
            double[] out = new double[rows];
            for (int i = 0; i < rows; i++) out[i] = p[i][0];
            return out;
        } catch (XGBoostError e) {
            throw new ModelTrainingException(ModelType.XGBOOST, null, "native prediction of " + rows + " rows failed", e);
        } finally {
            if (m != null) {
                m.dispose();
                NativeHandles.closed(MATRIX_KIND);
            }
        }
    }

    @Override
    public Map<String, Double> featureGain() {
        synchronized (nativeLock) {
            if (closed) throw closedError();
            try {
                return Map.copyOf(booster.getScore(featureNames.toArray(String[]::new), "total_gain"));
            } catch (XGBoostError e) {
                throw new ModelTrainingException(ModelType.XGBOOST, null, "reading the gain importance failed", e);
            }
        }
    }

    @Override
    public Optional<double[][]> featureContributions(Dataset data) {
        if (closed) throw closedError();
        TrainingInputs.requireModelFeatures(this, data, "contribution dataset");
        if (data.rows() == 0) return Optional.of(new double[0][]);
        synchronized (nativeLock) {
            if (closed) throw closedError();
            DMatrix m = null;
            try {
                m = new DMatrix(data.features(), data.rows(), featureNames.size(), Float.NaN);
                float[][] c = booster.predictContrib(m, 0);
                double[][] out = new double[c.length][];
                for (int i = 0; i < c.length; i++) {
                    out[i] = new double[c[i].length];
                    for (int j = 0; j < c[i].length; j++) out[i][j] = c[i][j];
                }
                return Optional.of(out);
            } catch (XGBoostError e) {
                throw new ModelTrainingException(ModelType.XGBOOST, null, "native contribution prediction of " + data.rows() + " rows failed", e);
            } finally {
                if (m != null) m.dispose();
            }
        }
    }

    @Override
    public byte[] serialize() {
        return new ModelEnvelope(FORMAT, featureNames, provenance, nativeBytes()).toBytes();
    }

    /** The booster as UBJ bytes (what the envelope carries). */
    byte[] nativeBytes() {
        return NativeThread.XGBOOST.call(() -> {
            synchronized (nativeLock) {
                if (closed) throw closedError();
                try {
                    return booster.toByteArray("ubj");
                } catch (XGBoostError e) {
                    throw new ModelTrainingException(ModelType.XGBOOST, null, "saving the booster failed", e);
                }
            }
        });
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
        NativeThread.XGBOOST.call(() -> {
            synchronized (nativeLock) {
                if (closed) return null;
                closed = true;
                booster.dispose();
                NativeHandles.closed(HANDLE_KIND);
            }
            return null;
        });
        NativeHeap.trimAfterNativeWork();
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("xgboost model is closed");
    }

    @Override
    public String toString() {
        return "XGBoostModel[" + trees + " trees, " + featureNames.size() + " features" + (closed ? ", closed" : "") + "]";
    }
}
