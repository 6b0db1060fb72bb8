package dev.clm.config;

import dev.clm.api.RetrainingType;
import java.time.Duration;

/**
 * The {@code cycle} section: what a training cycle trains on and how.
 *
 * @param retrainingType      FULL, PARTIAL or INCREMENTAL (default {@code FULL})
 * @param trainingLookback    how far back training data reaches (default 90 days; positive)
 * @param incrementalMinRows  an INCREMENTAL cycle with fewer new training rows than this since the
 *                            active model's data ended trains from scratch instead (default
 *                            {@value #DEFAULT_INCREMENTAL_MIN_ROWS}; >= 1)
 */
public record CycleSettings(RetrainingType retrainingType, Duration trainingLookback, int incrementalMinRows) {
    public static final RetrainingType DEFAULT_RETRAINING_TYPE = RetrainingType.FULL;
    public static final Duration DEFAULT_TRAINING_LOOKBACK = Duration.ofDays(90);
    public static final int DEFAULT_INCREMENTAL_MIN_ROWS = 100;

    public CycleSettings {
        Checks.notNull("cycle.retraining-type", retrainingType, "one of FULL, PARTIAL, INCREMENTAL");
        Checks.positive("cycle.training-lookback", trainingLookback);
        Checks.atLeast("cycle.incremental-min-rows", incrementalMinRows, 1);
    }

    public static CycleSettings defaults() {
        return new CycleSettings(DEFAULT_RETRAINING_TYPE, DEFAULT_TRAINING_LOOKBACK, DEFAULT_INCREMENTAL_MIN_ROWS);
    }
}
