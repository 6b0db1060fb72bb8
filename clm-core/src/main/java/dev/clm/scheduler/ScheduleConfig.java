package dev.clm.scheduler;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Intervals of the four periodic tasks and how often the scheduler looks at the clock.
 * Defaults: retraining 168 h, drift 24 h, performance 6 h, shadow promotion 1 h, tick 30 s.
 * Every duration must be positive; the tick should be much shorter than the shortest interval.
 */
public record ScheduleConfig(Duration retraining, Duration driftCheck, Duration performanceCheck,
                             Duration shadowPromotion, Duration tick) {
    public static final Duration DEFAULT_RETRAINING = Duration.ofHours(168);
    public static final Duration DEFAULT_DRIFT_CHECK = Duration.ofHours(24);
    public static final Duration DEFAULT_PERFORMANCE_CHECK = Duration.ofHours(6);
    public static final Duration DEFAULT_SHADOW_PROMOTION = Duration.ofHours(1);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(30);

    public ScheduleConfig {
        positive(retraining, "retraining");
        positive(driftCheck, "driftCheck");
        positive(performanceCheck, "performanceCheck");
        positive(shadowPromotion, "shadowPromotion");
        positive(tick, "tick");
    }

    private static void positive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) throw new IllegalArgumentException(field + " interval must be positive, was " + d);
    }

    public static ScheduleConfig defaults() {
        return new ScheduleConfig(DEFAULT_RETRAINING, DEFAULT_DRIFT_CHECK, DEFAULT_PERFORMANCE_CHECK, DEFAULT_SHADOW_PROMOTION, DEFAULT_TICK);
    }

    public Duration interval(ScheduledTask task) {
        return switch (task) {
            case RETRAINING -> retraining;
            case DRIFT_CHECK -> driftCheck;
            case PERFORMANCE_CHECK -> performanceCheck;
            case SHADOW_PROMOTION -> shadowPromotion;
        };
    }

    public Map<ScheduledTask, Duration> intervals() {
        EnumMap<ScheduledTask, Duration> m = new EnumMap<>(ScheduledTask.class);
        for (ScheduledTask t : ScheduledTask.values()) m.put(t, interval(t));
        return m;
    }
}
