package dev.clm.supervisor;

/**
 * Thresholds and buffer sizes of the {@link ModelSupervisor}. Defaults (DESIGN.md): winrate
 * below 0.45, calibration error above 0.15, p99 latency above 500 ms, long/short ratio above
 * 3.0 or below 0.33; a rule is only judged with at least {@code minSamples} (30) outcomes
 * (winrate, calibration) or predictions (long/short, latency).
 *
 * @param inboxCapacity   per model, power of two (default 32,768): records the hot path can log
 *                        between two drains before the oldest are overwritten (and counted as dropped)
 * @param historyCapacity per model, power of two (default 131,072): drained predictions kept for
 *                        health windows; an outcome for an older prediction is counted as unmatched
 * @param calibrationBins confidence bins of the expected calibration error (default 10)
 * @param outcomeHorizonMillis time over which an outcome is realised (default 12 hours: 12 hourly bars): outcomes
 *                        of predictions closer than this overlap, so the winrate's interval counts the
 *                        non-overlapping windows (and a timestamp once), not the outcomes
 */
public record SupervisorConfig(double minWinrate, double maxCalibrationError, double maxLatencyMillis,
                               double maxLongShortRatio, double minLongShortRatio, int minSamples,
                               int inboxCapacity, int historyCapacity, int calibrationBins, long outcomeHorizonMillis) {
    public static final double DEFAULT_MIN_WINRATE = 0.45;
    public static final double DEFAULT_MAX_CALIBRATION_ERROR = 0.15;
    public static final double DEFAULT_MAX_LATENCY_MILLIS = 500;
    public static final double DEFAULT_MAX_LONG_SHORT = 3.0;
    public static final double DEFAULT_MIN_LONG_SHORT = 0.33;
    public static final int DEFAULT_MIN_SAMPLES = 30;
    public static final int DEFAULT_INBOX_CAPACITY = 1 << 15;
    public static final int DEFAULT_HISTORY_CAPACITY = 1 << 17;
    public static final int DEFAULT_CALIBRATION_BINS = 10;
    public static final long DEFAULT_OUTCOME_HORIZON_MILLIS = 12 * 3_600_000L;

    /** The thresholds with the default outcome horizon. */
    public SupervisorConfig(double minWinrate, double maxCalibrationError, double maxLatencyMillis,
                            double maxLongShortRatio, double minLongShortRatio, int minSamples,
                            int inboxCapacity, int historyCapacity, int calibrationBins) {
        this(minWinrate, maxCalibrationError, maxLatencyMillis, maxLongShortRatio, minLongShortRatio, minSamples, inboxCapacity,
                historyCapacity, calibrationBins, DEFAULT_OUTCOME_HORIZON_MILLIS);
    }

    public SupervisorConfig {
        if (!(minWinrate > 0 && minWinrate < 1)) throw new IllegalArgumentException("minWinrate must be in (0, 1), was " + minWinrate);
        if (!(maxCalibrationError > 0 && maxCalibrationError < 1)) {
            throw new IllegalArgumentException("maxCalibrationError must be in (0, 1), was " + maxCalibrationError);
        }
        if (!(maxLatencyMillis > 0 && Double.isFinite(maxLatencyMillis))) {
            throw new IllegalArgumentException("maxLatencyMillis must be finite and > 0, was " + maxLatencyMillis);
        }
        if (!(minLongShortRatio > 0 && minLongShortRatio < 1 && maxLongShortRatio > 1 && Double.isFinite(maxLongShortRatio))) {
            throw new IllegalArgumentException("long/short bounds must satisfy 0 < min < 1 < max, were " + minLongShortRatio + " / " + maxLongShortRatio);
        }
        if (minSamples < 1) throw new IllegalArgumentException("minSamples must be >= 1, was " + minSamples);
        requirePowerOfTwo(inboxCapacity, "inboxCapacity");
        requirePowerOfTwo(historyCapacity, "historyCapacity");
        if (calibrationBins < 2 || calibrationBins > 100) throw new IllegalArgumentException("calibrationBins must be in [2, 100], was " + calibrationBins);
        if (outcomeHorizonMillis < 1) throw new IllegalArgumentException("outcomeHorizonMillis must be >= 1, was " + outcomeHorizonMillis);
    }

    public SupervisorConfig withOutcomeHorizonMillis(long millis) {
        return new SupervisorConfig(minWinrate, maxCalibrationError, maxLatencyMillis, maxLongShortRatio, minLongShortRatio,
                minSamples, inboxCapacity, historyCapacity, calibrationBins, millis);
    }

    private static void requirePowerOfTwo(int v, String field) {
        if (v < 16 || Integer.bitCount(v) != 1) throw new IllegalArgumentException(field + " must be a power of two >= 16, was " + v);
    }

    public static SupervisorConfig defaults() {
        return new SupervisorConfig(DEFAULT_MIN_WINRATE, DEFAULT_MAX_CALIBRATION_ERROR, DEFAULT_MAX_LATENCY_MILLIS,
                DEFAULT_MAX_LONG_SHORT, DEFAULT_MIN_LONG_SHORT, DEFAULT_MIN_SAMPLES, DEFAULT_INBOX_CAPACITY,
                DEFAULT_HISTORY_CAPACITY, DEFAULT_CALIBRATION_BINS);
    }

    public SupervisorConfig withCapacities(int inbox, int history) {
        return new SupervisorConfig(minWinrate, maxCalibrationError, maxLatencyMillis, maxLongShortRatio, minLongShortRatio,
                minSamples, inbox, history, calibrationBins, outcomeHorizonMillis);
    }

    public SupervisorConfig withMinSamples(int samples) {
        return new SupervisorConfig(minWinrate, maxCalibrationError, maxLatencyMillis, maxLongShortRatio, minLongShortRatio,
                samples, inboxCapacity, historyCapacity, calibrationBins, outcomeHorizonMillis);
    }
}
