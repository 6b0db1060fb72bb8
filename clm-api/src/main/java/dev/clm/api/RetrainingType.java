package dev.clm.api;

/** How a retraining job trains. */
public enum RetrainingType {
    /** Every requested model type from scratch on the full lookback. */
    FULL,
    /** A subset of model types (those whose triggers fired) from scratch. */
    PARTIAL,
    /** Warm start from the active model on the newest data; the new version records its parent. */
    INCREMENTAL
}
