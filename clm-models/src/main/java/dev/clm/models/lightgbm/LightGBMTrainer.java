package dev.clm.models.lightgbm;

import static dev.clm.models.TreeParams.*;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.ModelEnvelope;
import dev.clm.models.ParamSchema;
import dev.clm.models.ResolvedParams;
import dev.clm.models.TrainingInputs;
import dev.clm.models.TreeParams;
import dev.clm.models.internal.LibraryVersions;
import dev.clm.models.internal.NativeHandles;
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
 * Trains LightGBM regression models (lightgbm4j) on the label, with early stopping on the
 * validation split's L2: the returned model keeps only the rounds up to the best validation
 * score. Warm start does what LightGBM's {@code init_model} does, since lightgbm4j has no such
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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LightGBMTrainer.class);
    private static final String DATASET_KIND = "lightgbm.dataset";
    private static final ParamSchema SCHEMA = TreeParams.common(ModelType.LIGHTGBM, 1e-3, 255, "regression",
                    Set.of("regression", "regression_l1", "huber", "fair", "quantile"))
            .intParam(NUM_LEAVES, 31, 2, 131_072, "maximum leaves per tree")
            .intParam(MIN_DATA_IN_LEAF, 20, 1, 1_000_000_000, "minimum rows in a leaf")
            .build();
    private static final String LIBRARY_VERSION = LibraryVersions.of(LGBMBooster.class, "io.github.metarank", "lightgbm4j");

    /** The parameters this trainer accepts, with defaults and ranges. */
    public static ParamSchema schema() {
        return SCHEMA;
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return Set.of(ModelType.LIGHTGBM);
    }

    @Override
    public Map<String, String> defaultParams(ModelType type) {
        TrainingInputs.requireType(type, ModelType.LIGHTGBM, "LightGBMTrainer");
        return SCHEMA.defaults();
    }

    @Override
    public TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params) {
        TrainingInputs.requireType(type, ModelType.LIGHTGBM, "LightGBMTrainer");
        ResolvedParams p = SCHEMA.resolve(params);
        TrainingInputs.requireTrainable(train, validation);
        return fit(null, train, validation, p, p.intValue(NUM_ROUNDS));
    }

    @Override
    public TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        TrainingInputs.requireType(type, ModelType.LIGHTGBM, "LightGBMTrainer");
        ResolvedParams p = SCHEMA.resolve(params);
        if (!(base instanceof LightGBMModel parent)) {
            throw new IllegalArgumentException("base must be a LightGBM model from this trainer, was "
                    + (base == null ? "null" : base.getClass().getName()));
        }
        TrainingInputs.requireModelFeatures(parent, newData, "newData");
        TrainingInputs.requireTrainable(newData, validation);
        return fit(parent, newData, validation, p, p.intValue(INCREMENTAL_ROUNDS));
    }

    @Override
    public TrainedModel load(ModelType type, byte[] bytes) {
        TrainingInputs.requireType(type, ModelType.LIGHTGBM, "LightGBMTrainer");
        ModelEnvelope env = ModelEnvelope.parse(bytes, LightGBMModel.FORMAT);
        return new LightGBMModel(env.nativeText(), env.featureNames(), env.provenance());
    }

    private TrainedModel fit(LightGBMModel parent, Dataset train, Dataset validation, ResolvedParams p, int rounds) {
        LightGbmNative.ensureLoaded();
        String datasetParams = datasetParams(p);
        String boosterParams = boosterParams(p);
        LGBMDataset dtrain = null, dvalid = null;
        LGBMBooster booster = null;
        try {
            dtrain = dataset(train, datasetParams, null);
            dvalid = dataset(validation, datasetParams, dtrain);
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
                try (LGBMBooster parentCopy = LGBMBooster.loadModelFromString(parent.modelString())) {
                    LightGbmNative.merge(booster, parentCopy);
                }
            }
            int earlyStop = p.intValue(EARLY_STOPPING_ROUNDS);
            double best = Double.POSITIVE_INFINITY;
            int bestRounds = 0;
            if (parent != null) best = l2(validation, parentValidation); // zero extra rounds is a candidate too
            for (int i = 0; i < rounds; i++) {
                if (booster.updateOneIter()) break; // nothing left to split: LightGBM added no tree this round
                if (earlyStop == 0) {
                    bestRounds = i + 1; // no early stopping: keep every round, evaluate once at the end
                } else {
                    double l2 = booster.getEval(1)[0];
                    if (l2 < best || (parent == null && i == 0)) {
                        best = l2;
                        bestRounds = i + 1;
                    } else if (i + 1 - bestRounds >= earlyStop) {
                        break;
                    }
                }
            }
            if (earlyStop == 0 && bestRounds > 0) best = booster.getEval(1)[0];
            String model = booster.saveModelToString(0, parentTrees + bestRounds, LGBMBooster.FeatureImportanceType.SPLIT);
            Map<String, String> prov = provenance(p, train, validation, parentTrees + bestRounds, best, parent);
            return new LightGBMModel(model, train.featureNames(), prov);
        } catch (LGBMException e) {
            throw LightGbmNative.error("training on " + train.rows() + " rows failed", e);
        } finally {
            closeQuietly(booster);
            closeQuietly(dvalid);
            closeQuietly(dtrain);
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

    private static LGBMDataset dataset(Dataset d, String params, LGBMDataset reference) throws LGBMException {
        LGBMDataset ds = LGBMDataset.createFromMat(d.features(), d.rows(), d.columns(), true, params, reference);
        NativeHandles.opened(DATASET_KIND);
        try {
            ds.setField("label", d.labels());
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
        return "objective=" + p.string(OBJECTIVE) + " metric=l2 boosting=gbdt"
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

    private static Map<String, String> provenance(ResolvedParams p, Dataset train, Dataset validation, int trees, double bestL2,
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
        m.put("validation.rmse", Double.toString(Math.sqrt(bestL2)));
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
