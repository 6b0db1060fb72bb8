package dev.clm.online;

import dev.clm.api.LabelKind;
import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.TrainedModel;
import java.util.Map;
import java.util.Set;

/**
 * Trains {@link ModelType#ONLINE} versions, so an online learner is a registry version like
 * any other (evaluated, shadow-tested and promoted by the same rules).
 *
 * <ul>
 *   <li>{@code train}: a fresh {@link OnlineLearner} configured by the parameters
 *       ({@link OnlineLearnerConfig#paramSchema}) learns the training rows in time order, with
 *       their weights. The validation split is only checked (same features, finite labels):
 *       the schedule needs no early stopping and the learner does not learn it, so it stays
 *       held out.</li>
 *   <li>{@code trainIncremental}: continues a copy of the base version's learner on the new
 *       rows (the base is untouched). The parameters may change the step size, penalty and
 *       decay factor; changing the objective, the forgetting mode or the window is refused.</li>
 *   <li>{@code load}: {@link OnlineLearner#fromSnapshot(byte[])}.</li>
 * </ul>
 * Thread-safe (no state).
 */
public final class OnlineTrainer implements ModelTrainer {
    private final ModelType type;
    private final ParamSchema schema;

    public OnlineTrainer() {
        this(ModelType.ONLINE);
    }

    /** An online trainer registered under another type name (for example one per objective). */
    public OnlineTrainer(ModelType type) {
        this.type = type;
        this.schema = OnlineLearnerConfig.paramSchema(type);
    }

    @Override
    public Set<ModelType> supportedTypes() {
        return Set.of(type);
    }

    @Override
    public ParamSchema paramSchema(ModelType t) {
        requireType(t);
        return schema;
    }

    @Override
    public TrainedModel train(ModelType t, Dataset train, Dataset validation, Map<String, String> params) {
        // Live updates (learnOne) learn from realised returns, so the batch labels must be forward log returns too.
        LabelKind.requireSupported("OnlineTrainer", java.util.Set.of(LabelKind.FORWARD_LOG_RETURN), train, validation);
        requireType(t);
        OnlineLearnerConfig config = OnlineLearnerConfig.of(schema.resolve(params));
        checkData(train, validation);
        OnlineLearner learner = new OnlineLearner(config, train.featureNames());
        learner.learnBatch(train);
        return new OnlineModel(t, learner, Map.of("rows", Integer.toString(train.rows()), "validation", "checked only, not learned"));
    }

    @Override
    public TrainedModel trainIncremental(ModelType t, TrainedModel base, Dataset newData, Dataset validation,
                                         Map<String, String> params) {
        // Live updates (learnOne) learn from realised returns, so the batch labels must be forward log returns too.
        LabelKind.requireSupported("OnlineTrainer", java.util.Set.of(LabelKind.FORWARD_LOG_RETURN), newData, validation);
        requireType(t);
        if (!(base instanceof OnlineModel parent)) {
            throw new ModelTrainingException(t, "incremental training needs an online base model, got " + base.getClass().getName());
        }
        OnlineLearnerConfig config = OnlineLearnerConfig.of(schema.resolve(params));
        checkData(newData, validation);
        if (!newData.featureNames().equals(parent.featureNames())) {
            throw new InvalidDataException(null, -1, "featureNames", "new data features " + newData.featureNames()
                    + " differ from the base model's " + parent.featureNames());
        }
        OnlineLearner learner;
        try {
            learner = parent.copyOfLearner().continueWith(config);
        } catch (IllegalArgumentException e) {
            throw new ModelTrainingException(t, null, e.getMessage(), e);
        }
        learner.learnBatch(newData);
        return new OnlineModel(t, learner, Map.of("rows", Integer.toString(newData.rows()), "validation", "checked only, not learned",
                "parent_updates", parent.provenance().getOrDefault("online.updates", "")));
    }

    @Override
    public TrainedModel load(ModelType t, byte[] bytes) {
        requireType(t);
        try {
            return new OnlineModel(t, OnlineLearner.fromSnapshot(bytes), Map.of());
        } catch (OnlineSnapshotException e) {
            throw new ModelTrainingException(t, null, "cannot load online learner: " + e.getMessage(), e);
        }
    }

    private void requireType(ModelType t) {
        if (!type.equals(t)) throw new ModelTrainingException(t, "OnlineTrainer supports only model type " + type + ", not " + t);
    }

    private static void checkData(Dataset train, Dataset validation) {
        if (train.rows() < 1) throw new InvalidDataException(null, -1, "train", "training split is empty; expected at least 1 row");
        if (!train.featureNames().equals(validation.featureNames())) {
            throw new InvalidDataException(null, -1, "featureNames", "validation features " + validation.featureNames()
                    + " differ from training features " + train.featureNames());
        }
        train.requireFiniteLabels("training split");
        validation.requireFiniteLabels("validation split");
    }
}
