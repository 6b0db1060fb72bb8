package dev.clm.models.xgboost;

import dev.clm.api.LabelKind;
import static dev.clm.models.TreeParams.*;

import dev.clm.api.CorruptModelException;
import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.DirectionTarget;
import dev.clm.models.ModelEnvelope;
import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;
import dev.clm.models.TrainingInputs;
import dev.clm.models.TreeParams;
import dev.clm.models.internal.LibraryVersions;
import dev.clm.models.internal.Json;
import dev.clm.models.internal.NativeHandles;
import dev.clm.models.internal.NativeHeap;
import dev.clm.models.internal.NativeThread;
import dev.clm.models.trees.XGBoostFlatTrees;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains XGBoost models (xgboost4j, {@code hist} trees) on the label, with early stopping on the
 * validation split's RMSE: the returned model keeps only the rounds up to the best validation
 * score. With {@code objective=binary:logistic} the model learns the direction instead (label
 * &gt; 0, log loss, early stopping on the validation log loss, {@code scale_pos_weight} for
 * class imbalance) and predicts {@code (2p - 1) * mean|label|}, see {@link DirectionTarget}.
 * Sample weights ({@link Dataset#weights()}) weight each row's gradient and hessian and the
 * validation metric, in full and in incremental training. Warm start copies the parent booster (XGBoost's train mutates the
 * booster it continues) and boosts {@code incremental_rounds} more on the new data; the
 * parent is never touched. Parameters: {@link #schema()}; every one can be overridden.
 *
 * <p>Stateless and thread-safe; each call owns its native temporaries and frees them. Native
 * work runs on clm's one XGBoost thread ({@link NativeThread}): the library keeps state per
 * calling thread, and a new thread per cycle would leave some megabytes behind each time.
 */
public final class XGBoostTrainer implements ModelTrainer {
    public static final String TREE_METHOD = "tree_method";
    public static final String GAMMA = "gamma";

    private static final String MATRIX_KIND = XGBoostModel.MATRIX_KIND;
    private static final ParamSchema SCHEMA = TreeParams.common(ModelType.XGBOOST, 1.0, 256, "reg:squarederror",
                    objectives())
            .choiceParam(TREE_METHOD, "hist", Set.of("hist", "approx", "exact"), "tree construction algorithm")
            .doubleParam(GAMMA, 0.0, 0, 1e9, "minimum loss reduction to split")
            .build();
    private static final String LIBRARY_VERSION = LibraryVersions.of(XGBoost.class, "ml.dmlc", "xgboost4j_2.12");

    private static Set<String> objectives() {
        Set<String> s = new java.util.LinkedHashSet<>(XGBoostFlatTrees.IDENTITY_OBJECTIVES);
        s.add(DirectionTarget.XGBOOST_OBJECTIVE);
        return s;
    }

    /** The parameters this trainer accepts, with defaults and ranges. */
    public static ParamSchema schema() {
        return SCHEMA;
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return Set.of(ModelType.XGBOOST);
    }

    /** True: rows are weighted in the loss and in the early-stopping metric. */
    @Override
    public boolean supportsSampleWeights(ModelType type) {
        return ModelType.XGBOOST.equals(type);
    }

    @Override
    public ParamSchema paramSchema(ModelType type) {
        TrainingInputs.requireType(type, ModelType.XGBOOST, "XGBoostTrainer");
        return SCHEMA;
    }

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        LabelKind.requireSupported("XGBoostTrainer", LabelKind.all(), train, validation); // regression, or P(label > 0) with the direction objective
        TrainingInputs.requireType(type, ModelType.XGBOOST, "XGBoostTrainer");
        ResolvedParams p = SCHEMA.resolve(params);
        TrainingInputs.requireTrainable(train, validation);
        return NativeThread.XGBOOST.call(() -> fit(null, train, validation, p, p.intValue(NUM_ROUNDS), DirectionTarget.scale(train)));
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        LabelKind.requireSupported("XGBoostTrainer", LabelKind.all(), newData, validation);
        TrainingInputs.requireType(type, ModelType.XGBOOST, "XGBoostTrainer");
        ResolvedParams p = SCHEMA.resolve(params);
        XGBoostModel parent = TrainingInputs.requireBase(base, XGBoostModel.class, "an XGBoost model");
        TrainingInputs.requireModelFeatures(parent, newData, "newData");
        TrainingInputs.requireTrainable(newData, validation);
        TrainingInputs.requireBaseObjective(parent, OBJECTIVE, p.string(OBJECTIVE), "reg:squarederror");
        return NativeThread.XGBOOST.call(() -> fit(parent, newData, validation, p, p.intValue(INCREMENTAL_ROUNDS), parent.directionScale()));
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        TrainingInputs.requireType(type, ModelType.XGBOOST, "XGBoostTrainer");
        ModelEnvelope env = ModelEnvelope.parse(bytes, XGBoostModel.FORMAT);
        // XGBoost trusts its input: it gets only a model rebuilt from checked values, never the stored bytes.
        byte[] checked = XGBoostModelCheck.canonical(env.nativeModel(), env.featureNames().size());
        return NativeThread.XGBOOST.call(() -> loadChecked(env, checked));
    }

    /** Loads checked native bytes into a model (on the native thread). */
    private static TrainedModel loadChecked(ModelEnvelope env, byte[] checked) {
        Booster booster;
        try {
            booster = loadBooster(checked);
        } catch (ModelTrainingException e) {
            throw new CorruptModelException(ModelType.XGBOOST, null, "XGBoost refused the checked model: " + e.getMessage());
        }
        try {
            long nf = booster.getNumFeature();
            if (nf > env.featureNames().size()) {
                throw new dev.clm.api.InvalidDataException(null, -1, "model", "booster uses " + nf + " features but the envelope names "
                        + env.featureNames().size());
            }
        } catch (XGBoostError e) {
            disposeBooster(booster);
            throw new ModelTrainingException(ModelType.XGBOOST, null, "reading the loaded booster failed", e);
        } catch (RuntimeException e) {
            disposeBooster(booster);
            throw e;
        }
        try {
            // Batch prediction threads: as trained, else the training default (XGBoost's own default is every core).
            booster.setParam("nthread", env.provenance().getOrDefault("param." + THREADS, Integer.toString(TreeParams.defaultThreads())));
        } catch (XGBoostError e) {
            disposeBooster(booster);
            throw new ModelTrainingException(ModelType.XGBOOST, null, "configuring the loaded booster failed", e);
        }
        return new XGBoostModel(booster, env.featureNames(), env.provenance());
    }

    private TrainedModel fit(XGBoostModel parent, Dataset train, Dataset validation, ResolvedParams p, int rounds, double directionScale) {
        Map<String, Object> boosterParams = boosterParams(p);
        boolean direction = DirectionTarget.isDirection(p.string(OBJECTIVE));
        DMatrix dtrain = null, dvalid = null;
        Booster booster = null;
        try {
            dtrain = matrix(train, direction);
            // the direction objective's early stopping scores the class-weighted log loss the trees minimise
            double[] classWeights = direction ? DirectionTarget.classWeights(train, p.doubleValue(SCALE_POS_WEIGHT), false) : null;
            dvalid = matrix(direction ? DirectionTarget.classWeighted(validation, classWeights) : validation, direction);
            int startRounds;
            if (parent == null) {
                booster = XGBoost.train(dtrain, boosterParams, 0, Map.of("validation", dvalid), null, null);
                NativeHandles.opened(XGBoostModel.HANDLE_KIND);
                startRounds = 0;
            } else {
                // XGBoost continues boosting in place: work on a copy so the parent stays intact.
                booster = loadBooster(parent.nativeBytes());
                booster.setParams(boosterParams);
                startRounds = booster.getNumBoostedRound();
            }
            int earlyStop = p.intValue(EARLY_STOPPING_ROUNDS);
            float[] metric = new float[1];
            double best = Double.POSITIVE_INFINITY;
            int bestRounds = startRounds;
            if (parent != null) {
                booster.evalSet(new DMatrix[] {dvalid}, new String[] {"validation"}, startRounds, metric);
                best = metric[0];
            }
            for (int i = 0; i < rounds; i++) {
                int iteration = startRounds + i;
                booster.update(dtrain, iteration);
                if (earlyStop == 0) {
                    bestRounds = iteration + 1; // no early stopping: keep every round, evaluate once at the end
                    continue;
                }
                booster.evalSet(new DMatrix[] {dvalid}, new String[] {"validation"}, iteration, metric);
                if (metric[0] < best || (parent == null && i == 0)) {
                    best = metric[0];
                    bestRounds = iteration + 1;
                } else if (iteration + 1 - bestRounds >= earlyStop) {
                    break;
                }
            }
            if (earlyStop == 0) {
                booster.evalSet(new DMatrix[] {dvalid}, new String[] {"validation"}, bestRounds, metric);
                best = metric[0];
            }
            if (booster.getNumBoostedRound() > bestRounds) {
                Booster truncated = truncate(booster, bestRounds);
                disposeBooster(booster);
                booster = truncated;
                booster.setParam("nthread", p.intValue(THREADS));
            }
            Map<String, String> prov = provenance(p, train, validation, bestRounds, best, parent);
            if (direction) {
                prov.put(DirectionTarget.SCALE_KEY, Double.toString(directionScale));
                prov.put(DirectionTarget.CLASS_WEIGHTS_KEY, classWeights[0] + "," + classWeights[1]);
            }
            XGBoostModel model = new XGBoostModel(booster, train.featureNames(), prov);
            booster = null;
            return model;
        } catch (XGBoostError | IOException e) {
            throw new ModelTrainingException(ModelType.XGBOOST, null, "training on " + train.rows() + " rows failed: " + e.getMessage(), e);
        } finally {
            if (booster != null) disposeBooster(booster);
            dispose(dtrain);
            dispose(dvalid);
            NativeHeap.trimAfterNativeWork();
        }
    }

    private static Map<String, Object> boosterParams(ResolvedParams p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("booster", "gbtree");
        m.put("objective", p.string(OBJECTIVE));
        boolean direction = DirectionTarget.isDirection(p.string(OBJECTIVE));
        m.put("eval_metric", direction ? "logloss" : "rmse");
        if (direction) m.put("scale_pos_weight", p.doubleValue(SCALE_POS_WEIGHT));
        m.put("eta", p.doubleValue(LEARNING_RATE));
        m.put("max_depth", p.intValue(MAX_DEPTH));
        m.put("subsample", p.doubleValue(SUBSAMPLE));
        m.put("colsample_bytree", p.doubleValue(COLSAMPLE_BYTREE));
        m.put("min_child_weight", p.doubleValue(MIN_CHILD_WEIGHT));
        m.put("lambda", p.doubleValue(REG_LAMBDA));
        m.put("alpha", p.doubleValue(REG_ALPHA));
        m.put("gamma", p.doubleValue(GAMMA));
        m.put("max_bin", p.intValue(MAX_BIN));
        m.put("tree_method", p.string(TREE_METHOD));
        m.put("seed", p.longValue(SEED));
        m.put("nthread", p.intValue(THREADS));
        m.put("verbosity", 0);
        return m;
    }

    /**
     * The first {@code rounds} rounds of {@code booster} as a new booster. xgboost4j has no
     * slice call, so the JSON model is cut (trees, tree_info, iteration_indptr, num_trees) and
     * loaded back; JSON keeps every float exact.
     */
    static Booster truncate(Booster booster, int rounds) throws XGBoostError, IOException {
        com.fasterxml.jackson.databind.JsonNode root = Json.MAPPER.readTree(booster.toByteArray("json"));
        com.fasterxml.jackson.databind.node.ObjectNode model =
                (com.fasterxml.jackson.databind.node.ObjectNode) root.path("learner").path("gradient_booster").path("model");
        keepFirst(model, "trees", rounds);
        keepFirst(model, "tree_info", rounds);
        if (model.get("iteration_indptr") != null && model.get("iteration_indptr").isArray()) keepFirst(model, "iteration_indptr", rounds + 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) model.path("gbtree_model_param")).put("num_trees", Integer.toString(rounds));
        Booster out = XGBoost.loadModel(Json.write(root));
        NativeHandles.opened(XGBoostModel.HANDLE_KIND);
        return out;
    }

    private static void keepFirst(com.fasterxml.jackson.databind.node.ObjectNode parent, String field, int n) {
        com.fasterxml.jackson.databind.node.ArrayNode all = (com.fasterxml.jackson.databind.node.ArrayNode) parent.get(field);
        com.fasterxml.jackson.databind.node.ArrayNode kept = parent.arrayNode(n);
        for (int i = 0; i < n; i++) kept.add(all.get(i));
        parent.set(field, kept);
    }

    private static Booster loadBooster(byte[] bytes) {
        try {
            Booster b = XGBoost.loadModel(bytes);
            NativeHandles.opened(XGBoostModel.HANDLE_KIND);
            return b;
        } catch (XGBoostError | IOException e) {
            throw new ModelTrainingException(ModelType.XGBOOST, null, "loading the booster failed: " + e.getMessage(), e);
        }
    }

    private static void disposeBooster(Booster b) {
        b.dispose();
        NativeHandles.closed(XGBoostModel.HANDLE_KIND);
    }

    private static DMatrix matrix(Dataset d, boolean direction) throws XGBoostError {
        DMatrix m = new DMatrix(d.features(), d.rows(), d.columns(), Float.NaN);
        NativeHandles.opened(MATRIX_KIND);
        try {
            m.setLabel(direction ? DirectionTarget.classLabels(d) : d.labels());
            if (d.weights() != null) m.setWeight(d.weights());
            return m;
        } catch (XGBoostError | RuntimeException e) {
            dispose(m);
            throw e;
        }
    }

    private static void dispose(DMatrix m) {
        if (m != null) {
            m.dispose();
            NativeHandles.closed(MATRIX_KIND);
        }
    }

    private static Map<String, String> provenance(ResolvedParams p, Dataset train, Dataset validation, int rounds, double bestMetric,
                                                  XGBoostModel parent) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("trainer", XGBoostTrainer.class.getName());
        m.put("library", "xgboost4j " + LIBRARY_VERSION);
        p.asMap().forEach((k, v) -> m.put("param." + k, v));
        m.put("seed", p.string(SEED));
        m.put("rows.train", Integer.toString(train.rows()));
        m.put("rows.validation", Integer.toString(validation.rows()));
        m.put("train.range", train.timeRange().start() + "/" + train.timeRange().end());
        m.put("features", Integer.toString(train.columns()));
        m.put("trees", Integer.toString(rounds));
        boolean direction = DirectionTarget.isDirection(p.string(OBJECTIVE));
        m.put(direction ? "validation.logloss" : "validation.rmse", Double.toString(bestMetric));
        m.put(DirectionTarget.TARGET_KEY, direction ? "direction" : "forward_return");
        m.put("sample_weights", train.weights() != null || validation.weights() != null ? "used" : "none");
        m.put("java.version", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        if (parent != null) {
            byte[] parentBytes = parent.nativeBytes();
            m.put("parent.trees", Integer.toString(parent.treeCount()));
            m.put("parent.sha256", sha256(parentBytes));
            m.put("mode", "incremental");
        } else {
            m.put("mode", "full");
        }
        return m;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
