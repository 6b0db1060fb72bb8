package dev.clm.api;

/** Why a model type needs retraining. */
public enum RetrainTrigger {
    /** Age of the active model reached the retrain interval. */
    TIME,
    /** Enough new bars arrived since the active model's training range ended. */
    DATA_VOLUME,
    /** Recent live accuracy or error is worse than the validation baseline by the decay threshold. */
    PERFORMANCE_DECAY,
    /** The drift detector reported drift for this model's inputs, predictions or performance. */
    DRIFT,
    /** The market regime changed. */
    REGIME_SHIFT,
    /** Requested by the engine or an operator. */
    MANUAL,
    /** No version of this type has ever been trained (or none is ACTIVE). */
    NEVER_TRAINED,
    /** The ACTIVE version's artifact cannot be loaded (corrupted or missing bytes): the type is retrained from scratch. */
    ACTIVE_UNLOADABLE
}
