package dev.clm.models;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Checks shared by the trainers before any native call, so bad input fails with a typed
 * exception naming the field and row instead of a native error (or, worse, a silently bad
 * model). Stateless.
 */
public final class TrainingInputs {
    private TrainingInputs() {}

    /** Throws {@link UnknownModelException} unless {@code type} is {@code expected}. */
    public static void requireType(ModelType type, ModelType expected, String trainer) {
        Objects.requireNonNull(type, "type");
        if (!type.equals(expected)) {
            throw new UnknownModelException(type, null, trainer + " trains only " + expected);
        }
    }

    /**
     * Checks a train/validation pair: both non-empty, same feature names in the same order,
     * finite labels, no infinite feature values (NaN means missing), sample weights (if any) not
     * all zero (each weight is finite and {@code >= 0} by {@link Dataset}'s own check),
     * validation not before the end of train in time.
     */
    public static void requireTrainable(Dataset train, Dataset validation) {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(validation, "validation");
        requireNonEmpty(train, "train");
        requireNonEmpty(validation, "validation");
        requireSameFeatures(train.featureNames(), validation.featureNames(), "validation");
        train.requireFiniteLabels("train split");
        validation.requireFiniteLabels("validation split");
        requireNoInfiniteFeatures(train, "train split");
        requireNoInfiniteFeatures(validation, "validation split");
        train.requireUsableWeights("train split");
        validation.requireUsableWeights("validation split");
        long trainEnd = train.timestamps()[train.rows() - 1];
        long validationStart = validation.timestamps()[0];
        if (validationStart < trainEnd) {
            throw new InvalidDataException(validation.symbolOf(0), 0, "timestamps", "validation starts at "
                    + Instant.ofEpochMilli(validationStart) + ", before the end of the train split at "
                    + Instant.ofEpochMilli(trainEnd) + "; expected validation after train in time");
        }
    }

    /** Throws {@link InvalidDataException} naming the first differing column. */
    public static void requireSameFeatures(List<String> expected, List<String> actual, String what) {
        if (expected.equals(actual)) return;
        if (expected.size() != actual.size()) {
            throw new InvalidDataException(null, -1, "featureNames", what + " has " + actual.size()
                    + " feature columns, expected " + expected.size() + " " + expected);
        }
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(actual.get(i))) {
                throw new InvalidDataException(null, -1, "featureNames", what + " has feature '" + actual.get(i)
                        + "' at column " + i + ", expected '" + expected.get(i) + "'");
            }
        }
    }

    /** The model's features must be the dataset's, in the same order. */
    public static void requireModelFeatures(TrainedModel model, Dataset data, String what) {
        requireSameFeatures(model.featureNames(), data.featureNames(), what);
    }

    public static void requireNonEmpty(Dataset d, String what) {
        if (d.rows() == 0) {
            throw new InvalidDataException(null, -1, "rows", what + " split is empty; expected at least one row");
        }
    }

    /** NaN is a missing value both libraries handle; +-Inf is a data error. */
    public static void requireNoInfiniteFeatures(Dataset d, String what) {
        float[] x = d.features();
        int cols = d.columns();
        for (int i = 0; i < x.length; i++) {
            if (Float.isInfinite(x[i])) {
                int row = i / cols;
                throw new InvalidDataException(d.symbolOf(row), row, d.featureNames().get(i % cols), what + ": feature value "
                        + x[i] + "; expected a finite value or NaN (missing)");
            }
        }
    }

    /** Throws {@link IllegalArgumentException} naming the expected width. */
    public static void requireRowWidth(float[] row, int expected) {
        if (row == null) throw new IllegalArgumentException("row must not be null; expected " + expected + " feature values");
        if (row.length != expected) {
            throw new IllegalArgumentException("row has " + row.length + " values, expected " + expected + " (one per feature, in featureNames() order)");
        }
    }

    /**
     * The base model of an incremental training as this trainer's own model class, or an
     * {@link IllegalArgumentException} naming what was expected ({@code what}, e.g. "an XGBoost model").
     */
    public static <M extends TrainedModel> M requireBase(TrainedModel base, Class<M> modelClass, String what) {
        if (!modelClass.isInstance(base)) {
            throw new IllegalArgumentException("base must be " + what + " from this trainer, was "
                    + (base == null ? "null" : base.getClass().getName()));
        }
        return modelClass.cast(base);
    }

    /**
     * An incremental training continues the base's objective: the requested {@code objective}
     * must equal the one recorded in the base's provenance ({@code defaultObjective} when none was).
     */
    public static void requireBaseObjective(TrainedModel base, String objectiveParam, String objective, String defaultObjective) {
        String parentObjective = base.provenance().getOrDefault("param." + objectiveParam, defaultObjective);
        if (!parentObjective.equals(objective)) {
            throw new IllegalArgumentException("parameter '" + objectiveParam + "' = '" + objective + "' differs from the base model's '"
                    + parentObjective + "'; an incremental training continues the base's objective (train FULL to change it)");
        }
    }
}
