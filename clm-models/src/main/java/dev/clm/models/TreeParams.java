package dev.clm.models;

import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import java.util.Set;

/**
 * Parameter names shared by the tree trainers, and the defaults of the reference
 * configuration (500 trees, max depth 7, learning rate 0.01, subsample 0.8, early stopping on
 * the validation split, fixed seed). Each trainer adds its library-specific parameters.
 */
public final class TreeParams {
    /** Boosting rounds (trees) for a training from scratch; default 500. */
    public static final String NUM_ROUNDS = "num_rounds";
    /** Shrinkage per tree; default 0.01. */
    public static final String LEARNING_RATE = "learning_rate";
    /** Maximum tree depth; default 7. */
    public static final String MAX_DEPTH = "max_depth";
    /** Row sampling per tree; default 0.8. */
    public static final String SUBSAMPLE = "subsample";
    /** Column sampling per tree; default 1.0. */
    public static final String COLSAMPLE_BYTREE = "colsample_bytree";
    /** Minimum hessian sum (for squared error: rows) in a child. */
    public static final String MIN_CHILD_WEIGHT = "min_child_weight";
    /** L2 regularisation of leaf values. */
    public static final String REG_LAMBDA = "reg_lambda";
    /** L1 regularisation of leaf values. */
    public static final String REG_ALPHA = "reg_alpha";
    /** Histogram bins per feature. */
    public static final String MAX_BIN = "max_bin";
    /** Stop when validation RMSE has not improved for this many rounds (0 = off); default 50. */
    public static final String EARLY_STOPPING_ROUNDS = "early_stopping_rounds";
    /** Extra rounds added by an incremental (warm start) training; default 100. */
    public static final String INCREMENTAL_ROUNDS = "incremental_rounds";
    /** Random seed for sampling; default 42, so retraining from provenance reproduces a model. */
    public static final String SEED = "seed";
    /** Native training threads; default half the available processors (1 on 2 cores), leaving the engine a core. */
    public static final String THREADS = "threads";
    /**
     * Training objective: an identity-link regression of the forward return (default), or the
     * direction objective ({@code binary:logistic} for XGBoost, {@code binary} for LightGBM), see
     * {@link DirectionTarget}.
     */
    public static final String OBJECTIVE = "objective";
    /**
     * Class imbalance of the direction objective: the gradient of every positive row (label
     * &gt; 0) is scaled by this factor, in both libraries; default 1 (no rescaling). A typical
     * value is (number of negative rows) / (number of positive rows). Only valid with the
     * direction objective.
     */
    public static final String SCALE_POS_WEIGHT = "scale_pos_weight";
    public static final double DEFAULT_SCALE_POS_WEIGHT = 1.0;

    public static final int DEFAULT_NUM_ROUNDS = 500;
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    public static final int DEFAULT_MAX_DEPTH = 7;
    public static final double DEFAULT_SUBSAMPLE = 0.8;
    public static final double DEFAULT_COLSAMPLE_BYTREE = 1.0;
    public static final int DEFAULT_EARLY_STOPPING_ROUNDS = 50;
    public static final int DEFAULT_INCREMENTAL_ROUNDS = 100;
    public static final long DEFAULT_SEED = 42;

    private TreeParams() {}

    /** Half the processors, at least one: training runs beside a live engine. */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** A schema builder with the parameters both tree kinds share. */
    public static ParamSchema.Builder common(ModelType type, double defaultMinChildWeight, int defaultMaxBin, String defaultObjective,
                                             Set<String> objectives) {
        return ParamSchema.builder(type)
                .intParam(NUM_ROUNDS, DEFAULT_NUM_ROUNDS, 1, 100_000, "boosting rounds (trees) from scratch")
                .doubleParam(LEARNING_RATE, DEFAULT_LEARNING_RATE, 1e-6, 1.0, "shrinkage per tree")
                .intParam(MAX_DEPTH, DEFAULT_MAX_DEPTH, 1, 30, "maximum tree depth")
                .doubleParam(SUBSAMPLE, DEFAULT_SUBSAMPLE, 1e-3, 1.0, "row sampling per tree")
                .doubleParam(COLSAMPLE_BYTREE, DEFAULT_COLSAMPLE_BYTREE, 1e-3, 1.0, "column sampling per tree")
                .doubleParam(MIN_CHILD_WEIGHT, defaultMinChildWeight, 0, 1e9, "minimum hessian sum in a child")
                .doubleParam(REG_LAMBDA, type.equals(ModelType.XGBOOST) ? 1.0 : 0.0, 0, 1e9, "L2 regularisation of leaf values")
                .doubleParam(REG_ALPHA, 0.0, 0, 1e9, "L1 regularisation of leaf values")
                .intParam(MAX_BIN, defaultMaxBin, 2, 65_535, "histogram bins per feature")
                .intParam(EARLY_STOPPING_ROUNDS, DEFAULT_EARLY_STOPPING_ROUNDS, 0, 100_000, "stop after this many rounds without validation improvement (0 = off)")
                .intParam(INCREMENTAL_ROUNDS, DEFAULT_INCREMENTAL_ROUNDS, 0, 100_000, "extra rounds of a warm start")
                .intParam(SEED, DEFAULT_SEED, 0, Integer.MAX_VALUE, "random seed")
                .intParam(THREADS, defaultThreads(), 1, 1024, "native training threads")
                .choiceParam(OBJECTIVE, defaultObjective, objectives, "regression objective (identity link) or the direction objective")
                .doubleParam(SCALE_POS_WEIGHT, DEFAULT_SCALE_POS_WEIGHT, 1e-6, 1e6,
                        "direction objective only: factor on the weight of positive rows (class imbalance)")
                .rule(p -> {
                    if (p.doubleValue(SCALE_POS_WEIGHT) != DEFAULT_SCALE_POS_WEIGHT && !DirectionTarget.isDirection(p.string(OBJECTIVE))) {
                        throw new IllegalArgumentException("parameter '" + SCALE_POS_WEIGHT + "' of " + p.type() + " was '"
                                + p.string(SCALE_POS_WEIGHT) + "', but it applies only to the direction objective ("
                                + DirectionTarget.objectiveFor(p.type()) + "); objective is '" + p.string(OBJECTIVE) + "'");
                    }
                });
    }
}
