package dev.clm.scheduler;

/** The periodic jobs of the {@link ClmScheduler}, in the order a tick runs them. */
public enum ScheduledTask {
    /** Retraining cycle (default every 168 h). */
    RETRAINING,
    /** Drift check (default every 24 h). */
    DRIFT_CHECK,
    /** Performance check: supervisor snapshots (default every 6 h). */
    PERFORMANCE_CHECK,
    /** Shadow promotion check (default every hour). */
    SHADOW_PROMOTION
}
