package dev.clm.online;

import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Settings of an {@link OnlineLearner}: what it predicts, how it forgets and how large its
 * steps are. Immutable; start from {@link #defaults()} and change fields with the {@code with*}
 * methods. The constructor rejects bad values with an {@link IllegalArgumentException} naming
 * the field, the value and the allowed range.
 *
 * <p>As trainer parameters ({@link #fromParams(Map)}, {@link #toParams()}) the keys are
 * {@code objective, forgetting, decay, window_rows, learning_rate, eta0, power, l2, z_clip}.
 *
 * @param objective    {@link Objective#REGRESSION} (squared loss on the forward return) or
 *                     {@link Objective#DIRECTION} (logistic loss on {@code label > 0})
 * @param forgetting   how old rows lose influence: {@link Forgetting#WINDOW}, {@link Forgetting#DECAY}
 *                     or {@link Forgetting#NONE}
 * @param decay        forgetting factor per learned row in DECAY mode, in (0, 1): a row learned
 *                     {@code k} rows ago carries {@code decay^k} of its weight; memory ≈ {@code 1 / (1 - decay)} rows
 * @param windowRows   rows remembered in WINDOW mode, in [2, 1,000,000]
 * @param learningRate step-size schedule
 * @param eta0         base step size, in (0, 1e6]
 * @param power        exponent of the inverse-scaling schedule, in [0, 1]
 * @param l2           L2 penalty on the (standardised) coefficients, the intercept excluded; finite, >= 0
 * @param zClip        standardised inputs are clipped to {@code [-zClip, zClip]} when learning and predicting,
 *                     in (0, +Infinity] (Infinity: no clipping)
 */
public record OnlineLearnerConfig(Objective objective, Forgetting forgetting, double decay, int windowRows,
                                  LearningRate learningRate, double eta0, double power, double l2, double zClip) {

    /** What the learner is fitted to. */
    public enum Objective {
        /** Squared loss on the forward return; predict returns the fitted return. */
        REGRESSION,
        /**
         * Logistic loss on the direction ({@code label > 0} is up); predict returns
         * {@code (2p - 1) * meanAbsLabel}, a forward-return forecast whose sign is the likelier
         * direction and whose size is the typical move scaled by the confidence.
         */
        DIRECTION
    }

    /** How old observations lose their influence. */
    public enum Forgetting {
        /** Only the last {@code windowRows} learned rows count (exactly for the statistics, see {@link OnlineLearner}). */
        WINDOW,
        /** Exponential forgetting by {@code decay} per learned row. */
        DECAY,
        /** Every learned row counts forever (classic stochastic approximation). */
        NONE
    }

    /** Step-size schedule; {@code n} is the learner's effective number of rows in memory (at least 1). */
    public enum LearningRate {
        /** {@code eta0 / n^power}: shrinks as memory fills, and stops shrinking at the memory's size. */
        INVERSE_SCALING,
        /** {@code eta0} for every row. */
        CONSTANT
    }

    public static final Objective DEFAULT_OBJECTIVE = Objective.REGRESSION;
    /**
     * WINDOW by default: with the 55 technical features a model needs hundreds of rows to be
     * identified, and the default decay's memory (20 rows) is far too short for that.
     */
    public static final Forgetting DEFAULT_FORGETTING = Forgetting.WINDOW;
    /** The reference's decay: memory ≈ 20 rows. Suited to a handful of features or fast regime changes. */
    public static final double DEFAULT_DECAY = 0.95;
    /** The reference's window. */
    public static final int DEFAULT_WINDOW_ROWS = 1_000;
    public static final LearningRate DEFAULT_LEARNING_RATE = LearningRate.INVERSE_SCALING;
    /**
     * With {@code power = 1}, {@code eta0 = 1} gives each new row the step {@code 1 / n}: the
     * intercept then tracks the (windowed or decayed) mean of the labels, as a running mean would,
     * and the coefficients forget on the time scale of the window. That is right for independent
     * rows (one per closed trade). Rows of every bar with a multi-bar label are not independent
     * (a 12-bar label overlaps the next 11 rows' labels, and symbols move together), so the same
     * step over-reacts: on the Binance 5-minute files with 64 features (window 1,000) the
     * prequential MSE was 2.1x that of predicting zero with {@code eta0 = 1}, 1.5x with 0.3 and
     * 1.2x with 0.1. For such streams use {@code eta0 ≈ 1 / horizon}.
     */
    public static final double DEFAULT_ETA0 = 1.0;
    public static final double DEFAULT_POWER = 1.0;
    public static final double DEFAULT_L2 = 1e-4;
    /**
     * Real features jump: a time feature that was constant in the window changes at midnight,
     * a volatility feature spikes tenfold. Against the window's statistics such a row has a
     * z-score of hundreds (or millions, when the variance was near zero), and one such row made
     * unclipped forecasts of 10^5 on the Binance 5-minute data. Clipping at 5 standard
     * deviations bounds every feature's contribution.
     */
    public static final double DEFAULT_Z_CLIP = 5.0;
    public static final int MAX_WINDOW_ROWS = 1_000_000;

    static final String OBJECTIVE = "objective";
    static final String FORGETTING = "forgetting";
    static final String DECAY = "decay";
    static final String WINDOW_ROWS = "window_rows";
    static final String LEARNING_RATE = "learning_rate";
    static final String ETA0 = "eta0";
    static final String POWER = "power";
    static final String L2 = "l2";
    static final String Z_CLIP = "z_clip";
    private static final ParamSchema DEFAULT_SCHEMA = paramSchema(ModelType.ONLINE);
    /** The trainer parameter keys. */
    public static final Set<String> PARAM_KEYS = DEFAULT_SCHEMA.params().keySet();

    public OnlineLearnerConfig {
        if (objective == null) throw new IllegalArgumentException("objective must not be null; expected REGRESSION or DIRECTION");
        if (forgetting == null) throw new IllegalArgumentException("forgetting must not be null; expected WINDOW, DECAY or NONE");
        if (learningRate == null) throw new IllegalArgumentException("learningRate must not be null; expected INVERSE_SCALING or CONSTANT");
        if (!(decay > 0 && decay < 1)) throw new IllegalArgumentException("decay must be in (0, 1), was " + decay);
        if (windowRows < 2 || windowRows > MAX_WINDOW_ROWS) {
            throw new IllegalArgumentException("windowRows must be in [2, " + MAX_WINDOW_ROWS + "], was " + windowRows);
        }
        if (!(eta0 > 0 && eta0 <= 1e6)) throw new IllegalArgumentException("eta0 must be in (0, 1e6], was " + eta0);
        if (!(power >= 0 && power <= 1)) throw new IllegalArgumentException("power must be in [0, 1], was " + power);
        if (!(l2 >= 0) || Double.isInfinite(l2)) throw new IllegalArgumentException("l2 must be finite and >= 0, was " + l2);
        if (!(zClip > 0)) throw new IllegalArgumentException("zClip must be in (0, Infinity], was " + zClip);
    }

    /** Every field at its {@code DEFAULT_*} value. */
    public static OnlineLearnerConfig defaults() {
        return new OnlineLearnerConfig(DEFAULT_OBJECTIVE, DEFAULT_FORGETTING, DEFAULT_DECAY, DEFAULT_WINDOW_ROWS,
                DEFAULT_LEARNING_RATE, DEFAULT_ETA0, DEFAULT_POWER, DEFAULT_L2, DEFAULT_Z_CLIP);
    }

    public OnlineLearnerConfig withObjective(Objective v) {
        return new OnlineLearnerConfig(v, forgetting, decay, windowRows, learningRate, eta0, power, l2, zClip);
    }

    /** WINDOW forgetting of the last {@code rows} rows. */
    public OnlineLearnerConfig withWindow(int rows) {
        return new OnlineLearnerConfig(objective, Forgetting.WINDOW, decay, rows, learningRate, eta0, power, l2, zClip);
    }

    /** DECAY forgetting with factor {@code factor} per row. */
    public OnlineLearnerConfig withDecay(double factor) {
        return new OnlineLearnerConfig(objective, Forgetting.DECAY, factor, windowRows, learningRate, eta0, power, l2, zClip);
    }

    public OnlineLearnerConfig withForgetting(Forgetting v) {
        return new OnlineLearnerConfig(objective, v, decay, windowRows, learningRate, eta0, power, l2, zClip);
    }

    public OnlineLearnerConfig withLearningRate(LearningRate v, double newEta0, double newPower) {
        return new OnlineLearnerConfig(objective, forgetting, decay, windowRows, v, newEta0, newPower, l2, zClip);
    }

    public OnlineLearnerConfig withL2(double v) {
        return new OnlineLearnerConfig(objective, forgetting, decay, windowRows, learningRate, eta0, power, v, zClip);
    }

    /** Clipping of standardised inputs ({@code Double.POSITIVE_INFINITY}: none). */
    public OnlineLearnerConfig withZClip(double v) {
        return new OnlineLearnerConfig(objective, forgetting, decay, windowRows, learningRate, eta0, power, l2, v);
    }

    /**
     * Whether a learner's state can continue under {@code other}: the same objective, forgetting
     * mode and (for WINDOW) window size. The step size, penalty, clipping and decay factor may change.
     * Returns the name of the first parameter that differs, or null when compatible.
     */
    public String incompatibility(OnlineLearnerConfig other) {
        if (objective != other.objective) return OBJECTIVE;
        if (forgetting != other.forgetting) return FORGETTING;
        if (forgetting == Forgetting.WINDOW && windowRows != other.windowRows) return WINDOW_ROWS;
        return null;
    }

    /** The config as trainer parameters (lower-case enum names). */
    public Map<String, String> toParams() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OBJECTIVE, objective.name().toLowerCase(Locale.ROOT));
        m.put(FORGETTING, forgetting.name().toLowerCase(Locale.ROOT));
        m.put(DECAY, Double.toString(decay));
        m.put(WINDOW_ROWS, Integer.toString(windowRows));
        m.put(LEARNING_RATE, learningRate.name().toLowerCase(Locale.ROOT));
        m.put(ETA0, Double.toString(eta0));
        m.put(POWER, Double.toString(power));
        m.put(L2, Double.toString(l2));
        m.put(Z_CLIP, Double.toString(zClip));
        return m;
    }

    /**
     * The trainer parameters of an online learner for {@code type}: keys, defaults
     * ({@link #defaults()}) and the ranges the constructor enforces.
     */
    public static ParamSchema paramSchema(ModelType type) {
        OnlineLearnerConfig d = defaults();
        return ParamSchema.builder(type)
                .enumParam(OBJECTIVE, d.objective, "regression (squared loss on the forward return) or direction (logistic loss on label > 0)")
                .enumParam(FORGETTING, d.forgetting, "how old rows lose influence: window, decay or none")
                .doubleParam(DECAY, d.decay, ParamSchema.Range.open(0, 1), "forgetting factor per learned row in decay mode")
                .intParam(WINDOW_ROWS, d.windowRows, 2, MAX_WINDOW_ROWS, "rows remembered in window mode")
                .enumParam(LEARNING_RATE, d.learningRate, "step-size schedule: inverse_scaling or constant")
                .doubleParam(ETA0, d.eta0, new ParamSchema.Range(0, true, 1e6, false), "base step size")
                .doubleParam(POWER, d.power, 0, 1, "exponent of the inverse-scaling schedule")
                .doubleParam(L2, d.l2, ParamSchema.Range.atLeast(0), "L2 penalty on the standardised coefficients, intercept excluded")
                .doubleParam(Z_CLIP, d.zClip, new ParamSchema.Range(0, true, Double.POSITIVE_INFINITY, false),
                        "standardised inputs are clipped to [-z_clip, z_clip] (Infinity: no clipping)")
                .build();
    }

    /**
     * The defaults overridden by {@code params}. An unknown key, an unparseable value or an
     * out-of-range value is an {@link dev.clm.api.InvalidParameterException} naming the key.
     */
    public static OnlineLearnerConfig fromParams(Map<String, String> params) {
        return of(DEFAULT_SCHEMA.resolve(params));
    }

    /** The config of parameters resolved by {@link #paramSchema}. */
    public static OnlineLearnerConfig of(ResolvedParams p) {
        return new OnlineLearnerConfig(p.enumValue(OBJECTIVE, Objective.class), p.enumValue(FORGETTING, Forgetting.class),
                p.doubleValue(DECAY), p.intValue(WINDOW_ROWS), p.enumValue(LEARNING_RATE, LearningRate.class), p.doubleValue(ETA0),
                p.doubleValue(POWER), p.doubleValue(L2), p.doubleValue(Z_CLIP));
    }
}
