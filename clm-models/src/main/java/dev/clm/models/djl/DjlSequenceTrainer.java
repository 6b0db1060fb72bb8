package dev.clm.models.djl;

import dev.clm.models.ModelEnvelope;
import ai.djl.engine.Engine;
import dev.clm.api.Checksums;
import dev.clm.api.CorruptModelException;
import dev.clm.api.Dataset;
import dev.clm.api.LabelKind;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ResolvedParams;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Trains, fine-tunes and loads one {@link SequenceArchitecture} on DJL (PyTorch, CPU, offline).
 *
 * <ul>
 *   <li>Input: the dataset's {@code ret_lag_{L-1}} .. {@code ret_lag_0} columns (by name),
 *       divided by their RMS on the training split; label divided by the training labels' RMS.
 *       Both scales are stored with the model.</li>
 *   <li>{@link #train}: Adam on the MSE, early stopping on the validation split (best epoch kept).</li>
 *   <li>{@link #trainIncremental}: fine-tunes a copy of the base's weights on new rows, keeping
 *       the base's architecture and scales; the base is not touched. The parent's weights count
 *       as epoch 0 of early stopping, so the child keeps them unless an epoch beats them on the
 *       validation split; with {@code epochs=0} it predicts exactly like the base. Training
 *       parameters not given default to the base's.</li>
 *   <li>{@link #load}: reads the {@link ModelEnvelope} bytes of {@link TrainedModel#serialize()}.</li>
 * </ul>
 *
 * <p>Sample weights: not supported ({@link #supportsSampleWeights} is false). Weights given in
 * the datasets are ignored, with a WARN log naming the type and {@code sample_weights=ignored}
 * in the model's provenance.
 *
 * <p>Thread safety: thread safe; trainings run one at a time per JVM (see {@link DjlRuntime}).
 * The returned models are owned by the caller, who must close them.
 */
public class DjlSequenceTrainer implements ModelTrainer {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DjlSequenceTrainer.class);
    private final SequenceArchitecture architecture;

    protected DjlSequenceTrainer(SequenceArchitecture architecture) {
        this.architecture = architecture;
    }

    public SequenceArchitecture architecture() {
        return architecture;
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return Set.of(architecture.type());
    }

    /** False: the sequence fitter's loss is an unweighted mean over windows; dataset weights are ignored (and recorded as such). */
    @Override
    public boolean supportsSampleWeights(ModelType type) {
        return false;
    }

    @Override
    public ParamSchema paramSchema(ModelType type) {
        requireType(type);
        return architecture.params();
    }

    /** Label kinds these trainers accept: the continuous ones. */
    static final java.util.Set<LabelKind> SUPPORTED_LABELS = java.util.Set.of(LabelKind.FORWARD_LOG_RETURN, LabelKind.VOL_SCALED_RETURN);

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        // A sequence forecaster extrapolates a continuous return path: class labels (direction, regime) have none.
        LabelKind.requireSupported("DjlSequenceTrainer (" + type + ")", SUPPORTED_LABELS, train, validation);
        requireType(type);
        ResolvedParams p = architecture.params().resolve(params);
        if (p.intValue(TrainingParams.EPOCHS) < 1) {
            throw new IllegalArgumentException("parameter '" + TrainingParams.EPOCHS + "' = 0 for a new " + type
                    + " model; expected >= 1 (0 is only meaningful for INCREMENTAL, where it copies the base)");
        }
        architecture.build(p); // rejects contradictory parameters before any data work
        checkSplits(train, validation, "training split");
        ReturnWindow window = ReturnWindow.locate(train.featureNames(), architecture.inputSize(p), "training split");
        window.requireFinite(train, "training split");
        window.requireFinite(validation, "validation split");
        float inputScale = window.rms(train);
        float labelScale = labelRms(train);
        SequenceFitter.Result fit = SequenceFitter.fit(architecture, p, matrix(train, window, inputScale, labelScale),
                matrix(validation, window, inputScale, labelScale), null);
        Map<String, String> prov = provenance(p, train, validation, fit);
        return DjlSequenceModel.create(architecture, p, train.featureNames(), inputScale, labelScale, prov, fit.weights());
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        // A sequence forecaster extrapolates a continuous return path: class labels (direction, regime) have none.
        LabelKind.requireSupported("DjlSequenceTrainer (" + type + ")", SUPPORTED_LABELS, newData, validation);
        requireType(type);
        if (!(base instanceof DjlSequenceModel parent) || !parent.type().equals(architecture.type())) {
            throw new IllegalArgumentException("base model for INCREMENTAL " + type + " must be a " + type + " model from "
                    + getClass().getSimpleName() + ", got " + (base == null ? "null" : base.type() + " " + base.getClass().getSimpleName()));
        }
        ResolvedParams p = architecture.params().resolve(mergeOverBase(parent, params));
        checkSplits(newData, validation, "new data");
        ReturnWindow window = ReturnWindow.locate(newData.featureNames(), architecture.inputSize(p), "new data");
        window.requireFinite(newData, "new data");
        window.requireFinite(validation, "validation split");
        byte[] parentWeights = parent.weights();
        float inputScale = parent.inputScale();
        float labelScale = parent.labelScale();
        SequenceFitter.Result fit = SequenceFitter.fit(architecture, p, matrix(newData, window, inputScale, labelScale),
                matrix(validation, window, inputScale, labelScale), parentWeights);
        Map<String, String> prov = provenance(p, newData, validation, fit);
        prov.put("warm_start_from_sha256", Checksums.sha256Hex(parent.serialize()));
        return DjlSequenceModel.create(architecture, p, newData.featureNames(), inputScale, labelScale, prov, fit.weights());
    }

    /** Base's parameters, overridden by the caller's; architecture parameters may not change. */
    private Map<String, String> mergeOverBase(DjlSequenceModel parent, Map<String, String> params) {
        Map<String, String> merged = new HashMap<>(parent.params());
        if (params != null) {
            ResolvedParams asGiven = architecture.params().resolve(params); // unknown names and bad values first
            for (String name : params.keySet()) {
                String baseValue = parent.params().get(name);
                if (architecture.params().namesTagged(SequenceArchitecture.ARCHITECTURE).contains(name) && !asGiven.string(name).equals(baseValue)) {
                    throw new IllegalArgumentException("parameter '" + name + "' = '" + params.get(name) + "' differs from the base "
                            + type() + " model's '" + baseValue + "'; INCREMENTAL fine-tuning keeps the base architecture"
                            + " (train FULL to change it)");
                }
                merged.put(name, asGiven.string(name));
            }
        }
        return merged;
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        requireType(type);
        DjlSequenceModel model;
        try {
            ModelEnvelope env = LegacyNeuralEnvelope.matches(bytes) ? LegacyNeuralEnvelope.read(bytes)
                    : ModelEnvelope.parse(bytes, architecture.format());
            model = DjlSequenceModel.fromEnvelope(architecture, env);
        } catch (IllegalArgumentException | dev.clm.api.InvalidDataException e) {
            throw new ModelTrainingException(type, null, "cannot load model bytes: " + e.getMessage(), e);
        }
        // Damaged weights can hold NaN, or arrays of the wrong shape that fail only at the first prediction.
        try {
            model.requireFiniteWeightsAndProbe();
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw new CorruptModelException(type, null, e.getMessage());
        }
    }

    private ModelType type() {
        return architecture.type();
    }

    private void requireType(ModelType type) {
        if (!architecture.type().equals(type)) {
            throw new UnknownModelException(type, null, getClass().getSimpleName() + " trains only " + architecture.type());
        }
    }

    private static void checkSplits(Dataset train, Dataset validation, String trainName) {
        if (train == null || train.rows() == 0) {
            throw new InvalidDataException(null, -1, "rows", trainName + " is empty; expected at least one row");
        }
        if (validation == null || validation.rows() == 0) {
            throw new InvalidDataException(null, -1, "rows", "validation split is empty; expected at least one row for early stopping");
        }
        if (!validation.featureNames().equals(train.featureNames())) {
            throw new InvalidDataException(null, -1, "featureNames", "validation split has feature names "
                    + validation.featureNames() + " but the " + trainName + " has " + train.featureNames()
                    + "; expected the same feature columns in the same order");
        }
        train.requireFiniteLabels(trainName);
        validation.requireFiniteLabels("validation split");
        long lastTrain = train.timestamps()[train.rows() - 1];
        long firstValidation = validation.timestamps()[0];
        if (firstValidation < lastTrain) {
            throw new InvalidDataException(validation.symbolOf(0), 0, "timestamps", "validation split starts at "
                    + Instant.ofEpochMilli(firstValidation) + ", before the " + trainName + " ends at " + Instant.ofEpochMilli(lastTrain)
                    + "; expected validation after training in time");
        }
    }

    private static float labelRms(Dataset d) {
        double s = 0;
        for (float v : d.labels()) s += (double) v * v;
        double rms = Math.sqrt(s / d.rows());
        return rms > 0 ? (float) rms : 1f;
    }

    private static SequenceFitter.Matrix matrix(Dataset d, ReturnWindow w, float inputScale, float labelScale) {
        float[] y = new float[d.rows()];
        for (int i = 0; i < y.length; i++) y[i] = d.labels()[i] / labelScale;
        return new SequenceFitter.Matrix(w.extractAll(d, inputScale), y, d.rows(), w.length());
    }

    private Map<String, String> provenance(ResolvedParams p, Dataset train, Dataset validation, SequenceFitter.Result fit) {
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("trainer", getClass().getName());
        prov.put("seed", p.string(TrainingParams.SEED));
        prov.put("train_rows", Integer.toString(train.rows()));
        prov.put("train_range", train.timeRange().toString());
        prov.put("validation_rows", Integer.toString(validation.rows()));
        prov.put("epochs_run", Integer.toString(fit.epochsRun()));
        prov.put("initial_validation_mse", Double.toString(fit.initialValidationMse()));
        prov.put("best_validation_mse", Double.toString(fit.bestValidationMse()));
        prov.put("djl_version", Engine.getDjlVersion());
        prov.put("engine", DjlRuntime.ENGINE + " " + DjlRuntime.engine().getVersion());
        // the bits of a fit depend on the intra-op thread count: reproducing it needs the same count
        prov.put("torch_intra_op_threads", Integer.toString(DjlRuntime.intraOpThreads()));
        prov.put("torch_inter_op_threads", Integer.toString(DjlRuntime.interOpThreads()));
        prov.put("java_version", System.getProperty("java.version"));
        prov.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        boolean weighted = train.weights() != null || validation.weights() != null;
        if (weighted) {
            LOG.warn("{} does not support sample weights; the weights of the {} training and {} validation rows are ignored",
                    architecture.type(), train.rows(), validation.rows());
        }
        prov.put("sample_weights", weighted ? "ignored" : "none");
        return prov;
    }
}
