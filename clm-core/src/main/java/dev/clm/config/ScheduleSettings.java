package dev.clm.config;

import java.time.Duration;

/**
 * The {@code schedule} section: what the manager does by itself once started.
 *
 * @param autoRetraining   the scheduler and the drift/degradation reactions may start retraining (default true)
 * @param retraining       interval of the retraining check (default 168 h; positive)
 * @param driftCheck       interval of the drift check (default 24 h; positive)
 * @param performanceCheck interval of the performance check (default 6 h; positive)
 * @param shadowPromotion  interval of the shadow-promotion review (default 1 h; positive)
 * @param tick             how often the scheduler looks at the clock (default 30 s; positive, at most the shortest interval)
 * @param cadenceCheck     how often registered training cadences are checked (default 1 h; positive)
 * @param healthWindow     window of the supervisor's periodic health snapshots (default 24 h; positive)
 */
public record ScheduleSettings(boolean autoRetraining, Duration retraining, Duration driftCheck, Duration performanceCheck,
                               Duration shadowPromotion, Duration tick, Duration cadenceCheck, Duration healthWindow) {
    public static final boolean DEFAULT_AUTO_RETRAINING = true;
    public static final Duration DEFAULT_RETRAINING = Duration.ofHours(168);
    public static final Duration DEFAULT_DRIFT_CHECK = Duration.ofHours(24);
    public static final Duration DEFAULT_PERFORMANCE_CHECK = Duration.ofHours(6);
    public static final Duration DEFAULT_SHADOW_PROMOTION = Duration.ofHours(1);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CADENCE_CHECK = Duration.ofHours(1);
    public static final Duration DEFAULT_HEALTH_WINDOW = Duration.ofHours(24);

    public ScheduleSettings {
        Checks.positive("schedule.retraining", retraining);
        Checks.positive("schedule.drift-check", driftCheck);
        Checks.positive("schedule.performance-check", performanceCheck);
        Checks.positive("schedule.shadow-promotion", shadowPromotion);
        Checks.positive("schedule.tick", tick);
        Checks.positive("schedule.cadence-check", cadenceCheck);
        Checks.positive("schedule.health-window", healthWindow);
        Duration shortest = retraining;
        for (Duration d : new Duration[] {driftCheck, performanceCheck, shadowPromotion}) if (d.compareTo(shortest) < 0) shortest = d;
        if (tick.compareTo(shortest) > 0) {
            throw new InvalidConfigException("schedule.tick", Values.duration(tick), "at most the shortest interval (" + Values.duration(shortest) + ")");
        }
    }

    public static ScheduleSettings defaults() {
        return new ScheduleSettings(DEFAULT_AUTO_RETRAINING, DEFAULT_RETRAINING, DEFAULT_DRIFT_CHECK, DEFAULT_PERFORMANCE_CHECK,
                DEFAULT_SHADOW_PROMOTION, DEFAULT_TICK, DEFAULT_CADENCE_CHECK, DEFAULT_HEALTH_WINDOW);
    }
}
