package dev.clm.core;

import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;
import dev.clm.config.ClmConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAmount;
import java.util.Objects;

/**
 * A retraining rhythm for one base model kind, producing its own model type: for example a
 * quick weekly retrain ({@code xgboost.weekly}: 30 days of data, INCREMENTAL) next to a monthly
 * full retrain ({@code xgboost.monthly}: 90 days, FULL). Each cadence type has its own
 * versions, its own ACTIVE version and its own lineage in the registry, so a blend can use
 * the monthly and the weekly model side by side. Register with
 * {@code ContinuousLearningManager.builder().cadence(...)}.
 *
 * <ul>
 *   <li>{@code type}: the produced model type; trained, loaded and continued by the trainer of
 *       {@code baseType} (see {@link dev.clm.train.AliasedTypeTrainer}). Its training
 *       parameters are the base type's defaults, then the manager's parameters for the base
 *       type, then those for {@code type}.</li>
 *   <li>{@code interval}: a {@link Duration} (exact, e.g. 7 days) or a {@link Period}
 *       (calendar, e.g. 1 month: from the 1st 01:00 UTC to the next 1st 01:00 UTC, 28..31 days;
 *       periods are applied in UTC). The TIME trigger of {@code type} fires once the newest
 *       version of {@code type} (any status, so a rejected candidate does not make it retrain
 *       every check) is {@code interval} old; with no version at all NEVER_TRAINED fires.
 *       DATA_VOLUME, PERFORMANCE_DECAY and requested triggers (MANUAL, DRIFT, REGIME_SHIFT)
 *       work as for any type.</li>
 *   <li>{@code lookback}: how far back its training data reaches (instead of
 *       {@link ClmConfig#trainingLookback()}); it is split train | validation | test like any
 *       cycle's data.</li>
 *   <li>{@code retrainingType}: FULL (from scratch) or INCREMENTAL (continue the type's own
 *       ACTIVE version on the rows after that version's data; FULL when there is no ACTIVE
 *       version or too few new rows). PARTIAL is not a per-type mode and is rejected. The
 *       cadence's type applies in every cycle that trains {@code type}, forced ones too.</li>
 * </ul>
 *
 * The manager's scheduler checks cadence types every {@code cadenceCheckInterval} (default
 * 1 hour), so a cadence fires at most that late.
 */
public record TrainingCadence(ModelType type, ModelType baseType, TemporalAmount interval, Duration lookback,
                              RetrainingType retrainingType) {
    /** Lookback of {@link #weekly(ModelType)}. */
    public static final Duration DEFAULT_WEEKLY_LOOKBACK = Duration.ofDays(30);
    /** Lookback of {@link #monthly(ModelType)}: the manager's default training lookback. */
    public static final Duration DEFAULT_MONTHLY_LOOKBACK = dev.clm.config.CycleSettings.DEFAULT_TRAINING_LOOKBACK;

    public TrainingCadence {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(baseType, "baseType");
        if (type.equals(baseType)) {
            throw new IllegalArgumentException("cadence type " + type + " must differ from its base type (a type has one ACTIVE version)");
        }
        checkInterval(type, interval);
        if (lookback == null || lookback.isNegative() || lookback.isZero()) {
            throw new IllegalArgumentException("cadence " + type + ": lookback must be a positive duration, was " + lookback);
        }
        if (retrainingType != RetrainingType.FULL && retrainingType != RetrainingType.INCREMENTAL) {
            throw new IllegalArgumentException("cadence " + type + ": retrainingType must be FULL or INCREMENTAL, was " + retrainingType);
        }
    }

    private static void checkInterval(ModelType type, TemporalAmount interval) {
        if (interval instanceof Duration d) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("cadence " + type + ": interval must be positive, was " + d);
        } else if (interval instanceof Period p) {
            if (p.isNegative() || p.isZero()) {
                throw new IllegalArgumentException("cadence " + type + ": interval must be a positive period, was " + p);
            }
        } else {
            throw new IllegalArgumentException("cadence " + type + ": interval must be a java.time.Duration or Period, was " + interval);
        }
    }

    /** {@code <base>.weekly}: every 7 days, 30 days of data, INCREMENTAL. */
    public static TrainingCadence weekly(ModelType base) {
        return new TrainingCadence(ModelType.of(base.name() + ".weekly"), base, Duration.ofDays(7), DEFAULT_WEEKLY_LOOKBACK,
                RetrainingType.INCREMENTAL);
    }

    /** {@code <base>.monthly}: every calendar month (UTC), 90 days of data, FULL. */
    public static TrainingCadence monthly(ModelType base) {
        return new TrainingCadence(ModelType.of(base.name() + ".monthly"), base, Period.ofMonths(1), DEFAULT_MONTHLY_LOOKBACK,
                RetrainingType.FULL);
    }

    /** This cadence with another lookback. */
    public TrainingCadence withLookback(Duration newLookback) {
        return new TrainingCadence(type, baseType, interval, newLookback, retrainingType);
    }

    /** When a version trained at {@code lastTrained} is due for its successor. */
    public Instant nextDue(Instant lastTrained) {
        return lastTrained.atZone(ZoneOffset.UTC).plus(interval).toInstant();
    }
}
