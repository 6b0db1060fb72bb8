package dev.clm.config;

import java.time.Duration;

/**
 * The {@code triggers} section: when a model type is due for retraining.
 *
 * @param retrainInterval    TIME: age of the active model that triggers retraining (default 7 days; positive)
 * @param dataThresholdBars  DATA_VOLUME: new bars since the active model's data ended (default 10,000; >= 1)
 * @param performanceAlpha   PERFORMANCE_DECAY: one-sided level of the test that the ACTIVE version's live
 *                           error is significantly above the zero forecast's (dependence-aware fold test);
 *                           the same verdict demotes it (default 0.05; (0, 0.5])
 * @param performanceWindow  recent window the decay check scores the active model on (default 7 days; positive,
 *                           at most {@code cycle.training-lookback})
 * @param performanceMinRows fewest labelled rows in that window for the decay check to judge at all
 *                           (default {@value #DEFAULT_PERFORMANCE_MIN_ROWS}; >= 1)
 */
public record TriggerSettings(Duration retrainInterval, long dataThresholdBars, double performanceAlpha,
                              Duration performanceWindow, int performanceMinRows) {
    public static final Duration DEFAULT_RETRAIN_INTERVAL = Duration.ofDays(7);
    public static final long DEFAULT_DATA_THRESHOLD_BARS = 10_000;
    public static final double DEFAULT_PERFORMANCE_ALPHA = 0.05;
    public static final Duration DEFAULT_PERFORMANCE_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_PERFORMANCE_MIN_ROWS = 100;

    public TriggerSettings {
        Checks.positive("triggers.retrain-interval", retrainInterval);
        Checks.atLeast("triggers.data-threshold-bars", dataThresholdBars, 1);
        Checks.range("triggers.performance-alpha", performanceAlpha, 0, 0.5, true);
        Checks.positive("triggers.performance-window", performanceWindow);
        Checks.atLeast("triggers.performance-min-rows", performanceMinRows, 1);
    }

    public static TriggerSettings defaults() {
        return new TriggerSettings(DEFAULT_RETRAIN_INTERVAL, DEFAULT_DATA_THRESHOLD_BARS, DEFAULT_PERFORMANCE_ALPHA,
                DEFAULT_PERFORMANCE_WINDOW, DEFAULT_PERFORMANCE_MIN_ROWS);
    }
}
