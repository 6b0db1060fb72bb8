package dev.clm.supervisor;

import dev.clm.api.HealthStatus;
import dev.clm.api.ModelType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Health of one model over a time window, as computed by {@link ModelSupervisor#getModelHealth}.
 * Rates are in [0, 1]; NaN means "not enough data".
 *
 * @param winrate          share of resolved predictions whose direction matched the realised return
 * @param winrateLower     Wilson 95% lower bound of the winrate
 * @param calibrationError expected calibration error over confidence bins
 * @param longShortRatio   long predictions / short predictions (longs when there are no shorts)
 * @param coverage         share of the window's predictions whose outcome is known
 * @param reasons          the thresholds that were crossed, empty when HEALTHY
 * @param dropped          records lost to inbox overflow since the supervisor started (also counted and published)
 * @param windowTruncated  the window reaches back further than the retained history
 */
public record ModelHealth(ModelType modelType, Instant at, Duration window, long predictions, long outcomes,
                          double winrate, double winrateLower, double winrateUpper, double calibrationError,
                          double longShortRatio, double latencyP50Micros, double latencyP95Micros, double latencyP99Micros,
                          double coverage, HealthStatus status, List<String> reasons, long dropped, boolean windowTruncated) {
    public ModelHealth {
        reasons = List.copyOf(reasons);
    }
}
