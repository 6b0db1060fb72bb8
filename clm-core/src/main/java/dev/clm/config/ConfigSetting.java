package dev.clm.config;

import dev.clm.api.RetrainingType;
import java.time.Duration;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The settings {@link ConfigLoader} reads: property name (as in a properties or flat YAML
 * file, e.g. {@code retrain-interval}), its {@code CLM_*} environment variable, how to parse
 * it into the builder and how to print it.
 */
public enum ConfigSetting {
    RETRAIN_INTERVAL("retrain-interval", (b, v) -> b.retrainInterval(duration("retrain-interval", v)), c -> fmt(c.retrainInterval())),
    SHADOW_WINDOW("shadow-window", (b, v) -> b.shadowWindow(duration("shadow-window", v)), c -> fmt(c.shadowWindow())),
    MIN_IMPROVEMENT("min-improvement", (b, v) -> b.minImprovement(number("min-improvement", v)), c -> String.valueOf(c.minImprovement())),
    TRAINING_LOOKBACK("training-lookback", (b, v) -> b.trainingLookback(duration("training-lookback", v)), c -> fmt(c.trainingLookback())),
    DATA_THRESHOLD_BARS("data-threshold-bars", (b, v) -> b.dataThresholdBars((long) integer("data-threshold-bars", v)), c -> String.valueOf(c.dataThresholdBars())),
    PERFORMANCE_DECAY("performance-decay", (b, v) -> b.performanceDecay(number("performance-decay", v)), c -> String.valueOf(c.performanceDecay())),
    PERFORMANCE_WINDOW("performance-window", (b, v) -> b.performanceWindow(duration("performance-window", v)), c -> fmt(c.performanceWindow())),
    SHADOW_MIN_PREDICTIONS("shadow-min-predictions", (b, v) -> b.shadowMinPredictions((int) integer("shadow-min-predictions", v)), c -> String.valueOf(c.shadowMinPredictions())),
    SIGNIFICANCE_LEVEL("significance-level", (b, v) -> b.significanceLevel(number("significance-level", v)), c -> String.valueOf(c.significanceLevel())),
    DRIFT_P_VALUE_THRESHOLD("drift-p-value-threshold", (b, v) -> b.driftPValueThreshold(number("drift-p-value-threshold", v)), c -> String.valueOf(c.driftPValueThreshold())),
    PSI_MODERATE("psi-moderate", (b, v) -> b.psiModerate(number("psi-moderate", v)), c -> String.valueOf(c.psiModerate())),
    PSI_HIGH("psi-high", (b, v) -> b.psiHigh(number("psi-high", v)), c -> String.valueOf(c.psiHigh())),
    RETRAIN_SCHEDULE("retrain-schedule", (b, v) -> b.retrainSchedule(duration("retrain-schedule", v)), c -> fmt(c.retrainSchedule())),
    DRIFT_SCHEDULE("drift-schedule", (b, v) -> b.driftSchedule(duration("drift-schedule", v)), c -> fmt(c.driftSchedule())),
    PERFORMANCE_SCHEDULE("performance-schedule", (b, v) -> b.performanceSchedule(duration("performance-schedule", v)), c -> fmt(c.performanceSchedule())),
    SHADOW_PROMOTION_SCHEDULE("shadow-promotion-schedule", (b, v) -> b.shadowPromotionSchedule(duration("shadow-promotion-schedule", v)), c -> fmt(c.shadowPromotionSchedule())),
    AUTO_RETRAINING("auto-retraining", (b, v) -> b.autoRetraining(bool("auto-retraining", v)), c -> String.valueOf(c.autoRetraining())),
    AUTO_PROMOTION("auto-promotion", (b, v) -> b.autoPromotion(bool("auto-promotion", v)), c -> String.valueOf(c.autoPromotion())),
    VALIDATION_FRACTION("validation-fraction", (b, v) -> b.validationFraction(number("validation-fraction", v)), c -> String.valueOf(c.validationFraction())),
    TEST_FRACTION("test-fraction", (b, v) -> b.testFraction(number("test-fraction", v)), c -> String.valueOf(c.testFraction())),
    EMBARGO_BARS("embargo-bars", (b, v) -> b.embargoBars((int) integer("embargo-bars", v)), c -> String.valueOf(c.embargoBars())),
    RETRAINING_TYPE("retraining-type", (b, v) -> b.retrainingType(retrainingType(v)), c -> c.retrainingType().name());

    private final String propertyName;
    private final BiConsumer<ClmConfig.Builder, String> apply;
    private final Function<ClmConfig, String> read;

    ConfigSetting(String propertyName, BiConsumer<ClmConfig.Builder, String> apply, Function<ClmConfig, String> read) {
        this.propertyName = propertyName;
        this.apply = apply;
        this.read = read;
    }

    /** Name in a properties / YAML file, for example {@code retrain-interval}. */
    public String propertyName() {
        return propertyName;
    }

    /** Environment variable, for example {@code CLM_RETRAIN_INTERVAL}. */
    public String environmentVariable() {
        return "CLM_" + propertyName.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    void apply(ClmConfig.Builder builder, String value) {
        apply.accept(builder, value.trim());
    }

    String read(ClmConfig config) {
        return read.apply(config);
    }

    /** Parses "PT24H", "24h", "7d", "30m", "45s" or "1500ms". */
    static Duration duration(String name, String v) {
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) return Duration.parse(s.toUpperCase(Locale.ROOT));
            if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
            long n = Long.parseLong(s.substring(0, s.length() - 1).trim());
            return switch (s.charAt(s.length() - 1)) {
                case 'd' -> Duration.ofDays(n);
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                case 's' -> Duration.ofSeconds(n);
                default -> throw new NumberFormatException(v);
            };
        } catch (RuntimeException e) {
            throw new InvalidConfigException(name, "'" + v + "'", "a duration such as 7d, 24h, 30m, 45s, 1500ms or PT24H");
        }
    }

    static double number(String name, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(name, "'" + v + "'", "a number");
        }
    }

    static long integer(String name, String v) {
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(name, "'" + v + "'", "an integer");
        }
    }

    static boolean bool(String name, String v) {
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        throw new InvalidConfigException(name, "'" + v + "'", "true or false");
    }

    static RetrainingType retrainingType(String v) {
        try {
            return RetrainingType.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("retraining-type", "'" + v + "'", "one of FULL, PARTIAL, INCREMENTAL");
        }
    }

    static String fmt(Duration d) {
        if (d.toSeconds() % 86_400 == 0) return d.toDays() + "d";
        if (d.toSeconds() % 3_600 == 0) return d.toHours() + "h";
        if (d.toSeconds() % 60 == 0) return d.toMinutes() + "m";
        return d.toMillis() + "ms";
    }
}
