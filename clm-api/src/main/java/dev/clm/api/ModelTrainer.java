package dev.clm.api;

import java.util.Map;
import java.util.Set;

/**
 * Trains, continues and loads models of the {@link ModelType}s it supports. A composite
 * trainer dispatches by type, so a custom model kind plugs in without touching the manager.
 *
 * <p>Parameters are string key/values so they can be recorded in a {@link ModelArtifact}
 * and replayed; a trainer declares them in a {@link ParamSchema} ({@link #paramSchema}), and an
 * unknown key is an {@link InvalidParameterException} naming it.
 */
public interface ModelTrainer {

    /** The model types this trainer can train and load. */
    Set<ModelType> supportedTypes();

    default boolean supports(ModelType type) {
        return supportedTypes().contains(type);
    }

    /**
     * Whether training {@code type} uses the datasets' per-row {@link Dataset#weights()} (in the
     * loss and in the validation metric that drives early stopping). A trainer that returns
     * false ignores them and should say so in the model's provenance ({@code sample_weights});
     * the manager records and logs it too. Default false: a trainer that does not say it uses
     * weights is assumed not to.
     */
    default boolean supportsSampleWeights(ModelType type) {
        return false;
    }

    /**
     * Whether {@code type} can be refitted on older rows for walk-forward evidence: a model of
     * the type trained only on rows before a past fold must depend on nothing newer. Default
     * true; false for types built from other, already trained versions (an ensemble of ACTIVE
     * members), which are then judged on the test split alone.
     */
    default boolean supportsWalkForward(ModelType type) {
        return true;
    }

    /**
     * The parameters {@code type} accepts: names, kinds, ranges, defaults and meaning. Default:
     * {@link ParamSchema#undeclared} (nothing declared, nothing checked before training); every
     * trainer shipped with clm declares its own.
     */
    default ParamSchema paramSchema(ModelType type) {
        return ParamSchema.undeclared(type);
    }

    /** Default parameters for a type (recorded with every version trained from them); default: the schema's. */
    default Map<String, String> defaultParams(ModelType type) {
        return paramSchema(type).defaults();
    }

    /**
     * Checks {@code params} for {@code type} as {@link #train} would (names, types, ranges,
     * rules across parameters) without touching data. The manager calls it once when it is
     * built, with the defaults merged under the caller's parameters, so a typo such as
     * {@code max_dept} fails at start-up instead of at the first cycle.
     *
     * @throws IllegalArgumentException naming the parameter, the value and what was expected
     *                                  (for an unknown name: the known names)
     */
    default void checkParams(ModelType type, Map<String, String> params) {
        paramSchema(type).validate(params);
    }

    /**
     * Trains a new model from scratch. {@code validation} is used for early stopping only;
     * it must lie after {@code train} in time.
     */
    TrainedModel train(ModelType type, Dataset train, Dataset validation, Map<String, String> params);

    /**
     * Continues {@code base} on {@code newData} (warm start). {@code base} is left unchanged
     * and still owned by the caller; the returned model is a new, independent model.
     */
    TrainedModel trainIncremental(ModelType type, TrainedModel base, Dataset newData, Dataset validation,
                                  Map<String, String> params);

    /** Loads a model from the bytes {@link TrainedModel#serialize()} produced. */
    TrainedModel load(ModelType type, byte[] bytes);
}
