package dev.clm.models.lightgbm;

import dev.clm.api.LabelKind;
import static dev.clm.models.TreeParams.*;

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
import dev.clm.models.internal.NativeHandles;
import dev.clm.models.internal.NativeHeap;
import dev.clm.models.internal.NativeThread;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Trains LightGBM models (lightgbm4j) on the label, with early stopping on the validation
 * split's L2: the returned model keeps only the rounds up to the best validation score. With
 * {@code objective=binary} the model learns the direction instead (label &gt; 0, log loss, early
 * stopping on the validation log loss, {@code is_unbalance} or {@code scale_pos_weight} for
 * class imbalance, never both) and predicts {@code (2p - 1) * mean|label|}, see
 * {@link DirectionTarget}. Sample weights ({@link Dataset#weights()}) are LightGBM's
 * {@code weight} field of the training and validation datasets: they weight each row's gradient
 * and hessian and the validation metric, in full and in incremental training. Note that
 * LightGBM's {@code min_data_in_leaf} counts rows whatever their weight; the hessian-based
 * {@code min_child_weight} ({@code min_sum_hessian_in_leaf}) sees the weights. Warm start does what LightGBM's {@code init_model} does, since lightgbm4j has no such
 * option: the parent's raw scores become the new data's {@code init_score}, a new booster is
 * created, the parent's trees are merged in front of it, {@code incremental_rounds} more rounds
 * are boosted, and the result is saved to a model string and reloaded. The parent is never
 * touched. Parameters: {@link #schema()}; every one can be overridden. Training is
 * deterministic ({@code deterministic=true}, fixed seeds).
 *
 * <p>Stateless and thread-safe; each call owns its native temporaries and frees them.
 */
public final class LightGBMTrainer implements ModelTrainer {
    public static final String NUM_LEAVES = "num_leaves";
    public static final String MIN_DATA_IN_LEAF = "min_data_in_leaf";
    /**
     * Direction objective only: weight the classes by their inverse frequency (LightGBM's own
     * balancing); default false. Cannot be combined with {@code scale_pos_weight} != 1.
     */
    public static final String IS_UNBALANCE = "is_unbalance";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LightGBMTrainer.class);
    private static final String DATASET_KIND = "lightgbm.dataset";
    private static final ParamSchema SCHEMA = TreeParams.common(ModelType.LIGHTGBM, 1e-3, 255, "regression",
                    Set.of("regression", "regression_l1", "huber", "fair", "quantile", DirectionTarget.LIGHTGBM_OBJECTIVE))
            .intParam(NUM_LEAVES, 31, 2, 131_072, "maximum leaves per tree")
            .intParam(MIN_DATA_IN_LEAF, 20, 1, 1_000_000_000, "minimum rows in a leaf")
            .choiceParam(IS_UNBALANCE, "false", Set.of("false", "true"), "direction objective only: balance the classes by frequency")
            .rule(LightGBMTrainer::checkImbalanceParams)
            .build();
    private static final String LIBRARY_VERSION = LibraryVersions.of(LGBMBooster.class, "io.github.metarank", "lightgbm4j");

    /** LightGBM refuses is_unbalance with scale_pos_weight; both only mean something for the binary objective. */
    private static void checkImbalanceParams(ResolvedParams p) {
        if (!Boolean.parseBoolean(p.string(IS_UNBALANCE))) return;
        if (!DirectionTarget.isDirection(p.string(OBJECTIVE))) {
            throw new IllegalArgumentException("parameter '" + IS_UNBALANCE + "' of " + p.type() + " was 'true', but it applies only to the"
                    + " direction objective (" + DirectionTarget.LIGHTGBM_OBJECTIVE + "); objective is '" + p.string(OBJECTIVE) + "'");
        }
        if (p.doubleValue(SCALE_POS_WEIGHT) != DEFAULT_SCALE_POS_WEIGHT) {
            throw new IllegalArgumentException("parameters '" + IS_UNBALANCE + "' = true and '" + SCALE_POS_WEIGHT + "' = "
                    + p.string(SCALE_POS_WEIGHT) + " of " + p.type() + " cannot be used together (LightGBM accepts only one of them);"
                    + " expected scale_pos_weight = 1 with is_unbalance");
        }
    }

    /** The parameters this trainer accepts, with defaults and ranges. */
    public static ParamSchema schema() {
        return SCHEMA;
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return Set.of(ModelType.LIGHTGBM);
    }

    /** True: rows are weighted in the loss and in the early-stopping metric. */
    @Override
    public boolean supportsSampleWeights(ModelType type) {
        return ModelType.LIGHTGBM.equals(type);
    }

    @Override
    public ParamSchema paramSchema(ModelType type) {
        TrainingInputs.requireType(type, ModelType.LIGHTGBM, "LightGBMTrainer");
        return SCHEMA;
    }

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        LabelKind.requireSupported("LightGBMTrainer", LabelKind.all(), train, validation); // regression, or P(label > 0) with the direction objective
        TrainingInputs.requireType(type, ModelType.LIGHTGBM, "LightGBMTrainer");
        ResolvedParams p = SCHEMA.resolve(params);
        TrainingInputs.requireTrainable(train, validation);
        return NativeThread.LIGHTGBM.call(() -> fit(null, train, validation, p, p.intValue(NUM_ROUNDS), DirectionTarget.scale(train)));
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        LabelKind.requireSupported("LightGBMTrainer", LabelKind.all(), newData, validation);
        TrainingInputs.requireType(type, ModelType.LIGHTGBM, "LightGBMTrainer");
        ResolvedParams p = SCHEMA.resolve(params);
        LightGBMModel parent = TrainingInputs.requireBase(base, LightGBMModel.class, "a LightGBM model");
        TrainingInputs.requireModelFeatures(parent, newData, "newData");
        TrainingInputs.requireTrainable(newData, validation);
        TrainingInputs.requireBaseObjective(parent, OBJECTIVE, p.string(OBJECTIVE), "regression");
        return NativeThread.LIGHTGBM.call(() -> fit(parent, newData, validation, p, p.intValue(INCREMENTAL_ROUNDS), parent.directionScale()));
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        TrainingInputs.requireType(type, ModelType.LIGHTGBM, "LightGBMTrainer");
        ModelEnvelope env = ModelEnvelope.parse(bytes, LightGBMModel.FORMAT);
        return LightGBMModel.fromStored(env.nativeText(), env.featureNames(), env.provenance());
    }

    private TrainedModel fit(LightGBMModel parent, Dataset train, Dataset validation, ResolvedParams p, int rounds, double directionScale) {
        LightGbmNative.ensureLoaded();
        boolean direction = DirectionTarget.isDirection(p.string(OBJECTIVE));
        String datasetParams = datasetParams(p);
        String boosterParams = boosterParams(p);
        LGBMDataset dtrain = null, dvalid = null;
        LGBMBooster booster = null;
        try {
            // the direction objective's early stopping scores the class-weighted log loss the trees minimise
            double[] classWeights = direction ? DirectionTarget.classWeights(train, p.doubleValue(SCALE_POS_WEIGHT),
                    Boolean.parseBoolean(p.string(IS_UNBALANCE))) : null;
            Dataset scored = direction ? DirectionTarget.classWeighted(validation, classWeights) : validation;
            dtrain = dataset(train, direction, datasetParams, null);
            dvalid = dataset(scored, direction, datasetParams, dtrain);
            int parentTrees = 0;
            double[] parentValidation = null;
            if (parent != null) {
                // Continue from the parent: its raw scores are the starting point of every row.
                dtrain.setField("init_score", parent.predictNative(train.features(), train.rows()));
                parentValidation = parent.predictNative(validation.features(), validation.rows());
                dvalid.setField("init_score", parentValidation);
                parentTrees = parent.treeCount();
            }
            booster = LGBMBooster.create(dtrain, boosterParams);
            NativeHandles.opened(LightGBMModel.HANDLE_KIND);
            booster.addValidData(dvalid);
            if (parent != null) {
                try (LGBMBooster parentCopy = LGBMBooster.loadModelFromString(parent.nativeModelString())) {
                    LightGbmNative.merge(booster, parentCopy);
                }
            }
            int earlyStop = p.intValue(EARLY_STOPPING_ROUNDS);
            double best = Double.POSITIVE_INFINITY;
            int bestRounds = 0;
            if (parent != null) {
                // zero extra rounds is a candidate too, scored by the metric early stopping uses
                best = direction ? DirectionTarget.logLoss(scored, probabilities(parentValidation)) : l2(scored, parentValidation);
            }
            for (int i = 0; i < rounds; i++) {
                if (booster.updateOneIter()) break; // nothing left to split: LightGBM added no tree this round
                if (earlyStop == 0) {
                    bestRounds = i + 1; // no early stopping: keep every round, evaluate once at the end
                } else {
                    double score = booster.getEval(1)[0]; // l2, or binary log loss for the direction objective
                    if (score < best || (parent == null && i == 0)) {
                        best = score;
                        bestRounds = i + 1;
                    } else if (i + 1 - bestRounds >= earlyStop) {
                        break;
                    }
                }
            }
            if (earlyStop == 0 && bestRounds > 0) best = booster.getEval(1)[0];
            String model = LightGbmNative.saveModel(booster, parentTrees + bestRounds);
            Map<String, String> prov = provenance(p, train, validation, parentTrees + bestRounds, best, parent);
            if (direction) {
                prov.put(DirectionTarget.SCALE_KEY, Double.toString(directionScale));
                prov.put(DirectionTarget.CLASS_WEIGHTS_KEY, classWeights[0] + "," + classWeights[1]);
            }
            return new LightGBMModel(model, train.featureNames(), prov);
        } catch (LGBMException e) {
            throw LightGbmNative.error("training on " + train.rows() + " rows failed", e);
        } finally {
            closeQuietly(booster);
            closeQuietly(dvalid);
            closeQuietly(dtrain);
            NativeHeap.trimAfterNativeWork();
        }
    }

    /** LightGBM's l2 metric (weighted mean squared error) of {@code scores} on {@code d}. */
    static double l2(Dataset d, double[] scores) {
        double sum = 0, weights = 0;
        for (int i = 0; i < d.rows(); i++) {
            double e = scores[i] - d.labels()[i];
            double w = d.weight(i);
            sum += w * e * e;
            weights += w;
        }
        return sum / weights;
    }

    /** LightGBM's binary objective output for raw scores (its default sigmoid parameter 1, which clm does not change). */
    private static double[] probabilities(double[] raw) {
        double[] p = new double[raw.length];
        for (int i = 0; i < raw.length; i++) p[i] = DirectionTarget.sigmoid(raw[i]);
        return p;
    }

    private static LGBMDataset dataset(Dataset d, boolean direction, String params, LGBMDataset reference) throws LGBMException {
        LGBMDataset ds = LGBMDataset.createFromMat(d.features(), d.rows(), d.columns(), true, params, reference);
        NativeHandles.opened(DATASET_KIND);
        try {
            ds.setField("label", direction ? DirectionTarget.classLabels(d) : d.labels());
            if (d.weights() != null) ds.setField("weight", d.weights());
            return ds;
        } catch (LGBMException | RuntimeException e) {
            closeQuietly(ds);
            throw e;
        }
    }

    private static String datasetParams(ResolvedParams p) {
        return "max_bin=" + p.intValue(MAX_BIN) + " min_data_in_leaf=" + p.intValue(MIN_DATA_IN_LEAF)
                + " data_random_seed=" + p.longValue(SEED) + " num_threads=" + p.intValue(THREADS) + " verbose=-1";
    }

    private static String boosterParams(ResolvedParams p) {
        double subsample = p.doubleValue(SUBSAMPLE);
        long seed = p.longValue(SEED);
        boolean direction = DirectionTarget.isDirection(p.string(OBJECTIVE));
        String imbalance = direction ? " is_unbalance=" + p.string(IS_UNBALANCE) + " scale_pos_weight=" + p.doubleValue(SCALE_POS_WEIGHT) : "";
        return "objective=" + p.string(OBJECTIVE) + (direction ? " metric=binary_logloss" : " metric=l2") + imbalance + " boosting=gbdt"
                + " learning_rate=" + p.doubleValue(LEARNING_RATE)
                + " max_depth=" + p.intValue(MAX_DEPTH)
                + " num_leaves=" + p.intValue(NUM_LEAVES)
                + " min_data_in_leaf=" + p.intValue(MIN_DATA_IN_LEAF)
                + " min_sum_hessian_in_leaf=" + p.doubleValue(MIN_CHILD_WEIGHT)
                + " bagging_fraction=" + subsample + " bagging_freq=" + (subsample < 1.0 ? 1 : 0)
                + " feature_fraction=" + p.doubleValue(COLSAMPLE_BYTREE)
                + " lambda_l2=" + p.doubleValue(REG_LAMBDA) + " lambda_l1=" + p.doubleValue(REG_ALPHA)
                + " max_bin=" + p.intValue(MAX_BIN)
                + " seed=" + seed + " bagging_seed=" + seed + " feature_fraction_seed=" + seed + " data_random_seed=" + seed
                + " deterministic=true force_row_wise=true num_threads=" + p.intValue(THREADS) + " verbose=-1";
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("freeing a native LightGBM object failed: {}", e.toString());
        }
        NativeHandles.closed(c instanceof LGBMBooster ? LightGBMModel.HANDLE_KIND : DATASET_KIND);
    }

    private static Map<String, String> provenance(ResolvedParams p, Dataset train, Dataset validation, int trees, double bestMetric,
                                                  LightGBMModel parent) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("trainer", LightGBMTrainer.class.getName());
        m.put("library", "lightgbm4j " + LIBRARY_VERSION);
        p.asMap().forEach((k, v) -> m.put("param." + k, v));
        m.put("seed", p.string(SEED));
        m.put("rows.train", Integer.toString(train.rows()));
        m.put("rows.validation", Integer.toString(validation.rows()));
        m.put("train.range", train.timeRange().start() + "/" + train.timeRange().end());
        m.put("features", Integer.toString(train.columns()));
        m.put("trees", Integer.toString(trees));
        boolean direction = DirectionTarget.isDirection(p.string(OBJECTIVE));
        if (direction) m.put("validation.logloss", Double.toString(bestMetric));
        else m.put("validation.rmse", Double.toString(Math.sqrt(bestMetric)));
        m.put(DirectionTarget.TARGET_KEY, direction ? "direction" : "forward_return");
        m.put("sample_weights", train.weights() != null || validation.weights() != null ? "used" : "none");
        m.put("java.version", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        if (parent != null) {
            m.put("parent.trees", Integer.toString(parent.treeCount()));
            m.put("parent.sha256", sha256(parent.modelString().getBytes(StandardCharsets.UTF_8)));
            m.put("mode", "incremental");
        } else {
            m.put("mode", "full");
        }
        return m;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
