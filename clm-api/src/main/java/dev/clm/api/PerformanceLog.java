package dev.clm.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A periodic snapshot of a live model's health ({@code model_performance_logs}).
 * Ratios and rates are in [0, 1]; NaN means "not enough data".
 */
public record PerformanceLog(ModelType modelType, String version, Instant loggedAt, Duration window, long predictions,
                             long outcomes, double winrate, double winrateLower, double winrateUpper,
                             double calibrationError, double longShortRatio, double latencyP50Micros,
                             double latencyP95Micros, double latencyP99Micros, double coverage, HealthStatus health) {
    public PerformanceLog {
        Checks.notNull(modelType, "modelType");
        Checks.safeName(version, "version");
        Checks.notNull(loggedAt, "loggedAt");
        Checks.notNull(window, "window");
        Checks.nonNegative(predictions, "predictions");
        Checks.nonNegative(outcomes, "outcomes");
        Checks.finiteOrNaN(winrate, "winrate");
        Checks.finiteOrNaN(winrateLower, "winrateLower");
        Checks.finiteOrNaN(winrateUpper, "winrateUpper");
        Checks.finiteOrNaN(calibrationError, "calibrationError");
        Checks.finiteOrNaN(longShortRatio, "longShortRatio");
        Checks.finiteOrNaN(latencyP50Micros, "latencyP50Micros");
        Checks.finiteOrNaN(latencyP95Micros, "latencyP95Micros");
        Checks.finiteOrNaN(latencyP99Micros, "latencyP99Micros");
        Checks.finiteOrNaN(coverage, "coverage");
        Checks.notNull(health, "health");
    }
}
