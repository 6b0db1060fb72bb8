package dev.clm.drift;

/** What the manager does about a drift check. */
public enum DriftAction {
    /** Record and log only. */
    LOG,
    /** Retrain the affected model type(s) (PARTIAL retraining). */
    PARTIAL_RETRAIN,
    /** Retrain every model type (FULL retraining). */
    FULL_RETRAIN,
    /** FULL retraining and a {@code learning.drift.critical} event telling the engine to stop trading. */
    FULL_RETRAIN_AND_ALERT
}
