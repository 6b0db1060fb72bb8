package dev.clm.config;

import dev.clm.api.RetrainingType;
import java.time.Duration;
import java.util.Map;

/**
 * Immutable configuration of the manager. Every default is a {@code DEFAULT_*} constant
 * below; {@link #builder()} starts from them, {@link #toBuilder()} from this config, and
 * {@link ConfigLoader} overlays a properties/flat-YAML file and {@code CLM_*} environment
 * variables. Setters reject bad values naming the setting, the value and the range
 * (fail, don't repair).
 */
public final class ClmConfig {
    /** Age of the active model that triggers TIME retraining. */
    public static final Duration DEFAULT_RETRAIN_INTERVAL = Duration.ofDays(7);
    /** How long a candidate stays in live shadow before a decision is due. */
    public static final Duration DEFAULT_SHADOW_WINDOW = Duration.ofHours(24);
    /** Relative error improvement over the active model required to promote (0.02 = 2%). */
    public static final double DEFAULT_MIN_IMPROVEMENT = 0.02;
    /** How far back training data reaches. */
    public static final Duration DEFAULT_TRAINING_LOOKBACK = Duration.ofDays(90);
    /** New bars since the active model's data ended that trigger DATA_VOLUME retraining. */
    public static final long DEFAULT_DATA_THRESHOLD_BARS = 10_000;
    /**
     * Relative performance drop that the drift rules count as a MEDIUM performance drift (the
     * PERFORMANCE_DECAY trigger itself tests the active model against the zero forecast).
     */
    public static final double DEFAULT_PERFORMANCE_DECAY = 0.05;
    /** Window of recent data the performance-decay check scores the active model on. */
    public static final Duration DEFAULT_PERFORMANCE_WINDOW = Duration.ofDays(7);
    /** Samples a shadow test needs before it may promote. */
    public static final int DEFAULT_SHADOW_MIN_PREDICTIONS = 100;
    /** Significance level of the promotion test and the drift p-value threshold. */
    public static final double DEFAULT_SIGNIFICANCE_LEVEL = 0.05;
    public static final double DEFAULT_DRIFT_P_VALUE_THRESHOLD = 0.05;
    public static final double DEFAULT_PSI_MODERATE = 0.1;
    public static final double DEFAULT_PSI_HIGH = 0.25;
    public static final Duration DEFAULT_RETRAIN_SCHEDULE = Duration.ofHours(168);
    public static final Duration DEFAULT_DRIFT_SCHEDULE = Duration.ofHours(24);
    public static final Duration DEFAULT_PERFORMANCE_SCHEDULE = Duration.ofHours(6);
    public static final Duration DEFAULT_SHADOW_PROMOTION_SCHEDULE = Duration.ofHours(1);
    public static final boolean DEFAULT_AUTO_RETRAINING = true;
    public static final boolean DEFAULT_AUTO_PROMOTION = true;
    /** Share of the rows (newest before test) used for early stopping. */
    public static final double DEFAULT_VALIDATION_FRACTION = 0.15;
    /** Share of the newest rows held out for evaluation and the replay shadow test. */
    public static final double DEFAULT_TEST_FRACTION = 0.15;
    /** Extra bars dropped between splits on top of label purging. */
    public static final int DEFAULT_EMBARGO_BARS = 0;
    public static final RetrainingType DEFAULT_RETRAINING_TYPE = RetrainingType.FULL;

    private final Duration retrainInterval;
    private final Duration shadowWindow;
    private final double minImprovement;
    private final Duration trainingLookback;
    private final long dataThresholdBars;
    private final double performanceDecay;
    private final Duration performanceWindow;
    private final int shadowMinPredictions;
    private final double significanceLevel;
    private final double driftPValueThreshold;
    private final double psiModerate;
    private final double psiHigh;
    private final Duration retrainSchedule;
    private final Duration driftSchedule;
    private final Duration performanceSchedule;
    private final Duration shadowPromotionSchedule;
    private final boolean autoRetraining;
    private final boolean autoPromotion;
    private final double validationFraction;
    private final double testFraction;
    private final int embargoBars;
    private final RetrainingType retrainingType;

    private ClmConfig(Builder b) {
        retrainInterval = b.retrainInterval;
        shadowWindow = b.shadowWindow;
        minImprovement = b.minImprovement;
        trainingLookback = b.trainingLookback;
        dataThresholdBars = b.dataThresholdBars;
        performanceDecay = b.performanceDecay;
        performanceWindow = b.performanceWindow;
        shadowMinPredictions = b.shadowMinPredictions;
        significanceLevel = b.significanceLevel;
        driftPValueThreshold = b.driftPValueThreshold;
        psiModerate = b.psiModerate;
        psiHigh = b.psiHigh;
        retrainSchedule = b.retrainSchedule;
        driftSchedule = b.driftSchedule;
        performanceSchedule = b.performanceSchedule;
        shadowPromotionSchedule = b.shadowPromotionSchedule;
        autoRetraining = b.autoRetraining;
        autoPromotion = b.autoPromotion;
        validationFraction = b.validationFraction;
        testFraction = b.testFraction;
        embargoBars = b.embargoBars;
        retrainingType = b.retrainingType;
    }

    public static ClmConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.retrainInterval = retrainInterval;
        b.shadowWindow = shadowWindow;
        b.minImprovement = minImprovement;
        b.trainingLookback = trainingLookback;
        b.dataThresholdBars = dataThresholdBars;
        b.performanceDecay = performanceDecay;
        b.performanceWindow = performanceWindow;
        b.shadowMinPredictions = shadowMinPredictions;
        b.significanceLevel = significanceLevel;
        b.driftPValueThreshold = driftPValueThreshold;
        b.psiModerate = psiModerate;
        b.psiHigh = psiHigh;
        b.retrainSchedule = retrainSchedule;
        b.driftSchedule = driftSchedule;
        b.performanceSchedule = performanceSchedule;
        b.shadowPromotionSchedule = shadowPromotionSchedule;
        b.autoRetraining = autoRetraining;
        b.autoPromotion = autoPromotion;
        b.validationFraction = validationFraction;
        b.testFraction = testFraction;
        b.embargoBars = embargoBars;
        b.retrainingType = retrainingType;
        return b;
    }

    public Duration retrainInterval() { return retrainInterval; }
    public Duration shadowWindow() { return shadowWindow; }
    public double minImprovement() { return minImprovement; }
    public Duration trainingLookback() { return trainingLookback; }
    public long dataThresholdBars() { return dataThresholdBars; }
    public double performanceDecay() { return performanceDecay; }
    public Duration performanceWindow() { return performanceWindow; }
    public int shadowMinPredictions() { return shadowMinPredictions; }
    public double significanceLevel() { return significanceLevel; }
    public double driftPValueThreshold() { return driftPValueThreshold; }
    public double psiModerate() { return psiModerate; }
    public double psiHigh() { return psiHigh; }
    public Duration retrainSchedule() { return retrainSchedule; }
    public Duration driftSchedule() { return driftSchedule; }
    public Duration performanceSchedule() { return performanceSchedule; }
    public Duration shadowPromotionSchedule() { return shadowPromotionSchedule; }
    public boolean autoRetraining() { return autoRetraining; }
    public boolean autoPromotion() { return autoPromotion; }
    public double validationFraction() { return validationFraction; }
    public double testFraction() { return testFraction; }
    public int embargoBars() { return embargoBars; }
    public RetrainingType retrainingType() { return retrainingType; }

    /** Every setting by its property name (the names {@link ConfigLoader} reads), for status displays. */
    public Map<String, String> asMap() {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (ConfigSetting s : ConfigSetting.values()) m.put(s.propertyName(), s.read(this));
        return m;
    }

    @Override
    public String toString() {
        return "ClmConfig" + asMap();
    }

    /** Mutable builder; {@link #build()} checks cross-setting conflicts. */
    public static final class Builder {
        private Duration retrainInterval = DEFAULT_RETRAIN_INTERVAL;
        private Duration shadowWindow = DEFAULT_SHADOW_WINDOW;
        private double minImprovement = DEFAULT_MIN_IMPROVEMENT;
        private Duration trainingLookback = DEFAULT_TRAINING_LOOKBACK;
        private long dataThresholdBars = DEFAULT_DATA_THRESHOLD_BARS;
        private double performanceDecay = DEFAULT_PERFORMANCE_DECAY;
        private Duration performanceWindow = DEFAULT_PERFORMANCE_WINDOW;
        private int shadowMinPredictions = DEFAULT_SHADOW_MIN_PREDICTIONS;
        private double significanceLevel = DEFAULT_SIGNIFICANCE_LEVEL;
        private double driftPValueThreshold = DEFAULT_DRIFT_P_VALUE_THRESHOLD;
        private double psiModerate = DEFAULT_PSI_MODERATE;
        private double psiHigh = DEFAULT_PSI_HIGH;
        private Duration retrainSchedule = DEFAULT_RETRAIN_SCHEDULE;
        private Duration driftSchedule = DEFAULT_DRIFT_SCHEDULE;
        private Duration performanceSchedule = DEFAULT_PERFORMANCE_SCHEDULE;
        private Duration shadowPromotionSchedule = DEFAULT_SHADOW_PROMOTION_SCHEDULE;
        private boolean autoRetraining = DEFAULT_AUTO_RETRAINING;
        private boolean autoPromotion = DEFAULT_AUTO_PROMOTION;
        private double validationFraction = DEFAULT_VALIDATION_FRACTION;
        private double testFraction = DEFAULT_TEST_FRACTION;
        private int embargoBars = DEFAULT_EMBARGO_BARS;
        private RetrainingType retrainingType = DEFAULT_RETRAINING_TYPE;

        private Builder() {}

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) throw new InvalidConfigException(name, d, "a positive duration");
            return d;
        }

        private static double range(String name, double v, double lo, double hi, boolean loOpen) {
            boolean ok = (loOpen ? v > lo : v >= lo) && v <= hi;
            if (!ok || Double.isNaN(v)) throw new InvalidConfigException(name, v, "a number in " + (loOpen ? "(" : "[") + lo + ", " + hi + "]");
            return v;
        }

        /** Default 7 days; > 0. */
        public Builder retrainInterval(Duration d) { retrainInterval = positive("retrainInterval", d); return this; }
        /** Default 24 h; > 0. */
        public Builder shadowWindow(Duration d) { shadowWindow = positive("shadowWindow", d); return this; }
        /** Default 0.02 (2%); in [0, 1]. */
        public Builder minImprovement(double v) { minImprovement = range("minImprovement", v, 0, 1, false); return this; }
        /** Default 90 days; > 0. */
        public Builder trainingLookback(Duration d) { trainingLookback = positive("trainingLookback", d); return this; }
        /** Default 10,000 bars; >= 1. */
        public Builder dataThresholdBars(long v) {
            if (v < 1) throw new InvalidConfigException("dataThresholdBars", v, "an integer >= 1");
            dataThresholdBars = v;
            return this;
        }
        /** Default 0.05 (5% relative drop); in (0, 0.5] (the drift rule derives its medium and high decays, 2x and 4x, from it). */
        public Builder performanceDecay(double v) { performanceDecay = range("performanceDecay", v, 0, 0.5, true); return this; }
        /** Default 7 days; > 0. */
        public Builder performanceWindow(Duration d) { performanceWindow = positive("performanceWindow", d); return this; }
        /** Default 100; >= 1. */
        public Builder shadowMinPredictions(int v) {
            if (v < 1) throw new InvalidConfigException("shadowMinPredictions", v, "an integer >= 1");
            shadowMinPredictions = v;
            return this;
        }
        /** Default 0.05; in (0, 0.5]. */
        public Builder significanceLevel(double v) { significanceLevel = range("significanceLevel", v, 0, 0.5, true); return this; }
        /** Default 0.05; in (0, 0.5]. */
        public Builder driftPValueThreshold(double v) { driftPValueThreshold = range("driftPValueThreshold", v, 0, 0.5, true); return this; }
        /** Default 0.1; in (0, 10]. */
        public Builder psiModerate(double v) { psiModerate = range("psiModerate", v, 0, 10, true); return this; }
        /** Default 0.25; in (0, 10], above psiModerate. */
        public Builder psiHigh(double v) { psiHigh = range("psiHigh", v, 0, 10, true); return this; }
        /** Default 168 h; > 0. */
        public Builder retrainSchedule(Duration d) { retrainSchedule = positive("retrainSchedule", d); return this; }
        /** Default 24 h; > 0. */
        public Builder driftSchedule(Duration d) { driftSchedule = positive("driftSchedule", d); return this; }
        /** Default 6 h; > 0. */
        public Builder performanceSchedule(Duration d) { performanceSchedule = positive("performanceSchedule", d); return this; }
        /** Default 1 h; > 0. */
        public Builder shadowPromotionSchedule(Duration d) { shadowPromotionSchedule = positive("shadowPromotionSchedule", d); return this; }
        /** Default true. */
        public Builder autoRetraining(boolean v) { autoRetraining = v; return this; }
        /** Default true. */
        public Builder autoPromotion(boolean v) { autoPromotion = v; return this; }
        /** Default 0.15; in (0, 0.5). */
        public Builder validationFraction(double v) { validationFraction = range("validationFraction", v, 0, 0.49, true); return this; }
        /** Default 0.15; in (0, 0.5). */
        public Builder testFraction(double v) { testFraction = range("testFraction", v, 0, 0.49, true); return this; }
        /** Default 0; >= 0 bars on top of label purging. */
        public Builder embargoBars(int v) {
            if (v < 0) throw new InvalidConfigException("embargoBars", v, "an integer >= 0");
            embargoBars = v;
            return this;
        }
        /** Default FULL. */
        public Builder retrainingType(RetrainingType t) {
            if (t == null) throw new InvalidConfigException("retrainingType", null, "one of FULL, PARTIAL, INCREMENTAL");
            retrainingType = t;
            return this;
        }

        public ClmConfig build() {
            if (psiHigh <= psiModerate) {
                throw new InvalidConfigException("psiHigh", psiHigh, "a value above psiModerate (" + psiModerate + ")");
            }
            if (validationFraction + testFraction >= 0.8) {
                throw new InvalidConfigException("testFraction", testFraction,
                        "validationFraction + testFraction < 0.8 so at least 20% of rows remain for training (validationFraction = "
                                + validationFraction + ")");
            }
            if (performanceWindow.compareTo(trainingLookback) > 0) {
                throw new InvalidConfigException("performanceWindow", performanceWindow,
                        "at most trainingLookback (" + trainingLookback + ")");
            }
            return new ClmConfig(this);
        }
    }
}
