package dev.clm.shadow;

/**
 * Settings of the shadow promotion policy and of the rollback watch. Immutable; build with
 * {@link #defaults()} and the {@code with*} methods. Every value is checked on construction
 * (an {@link IllegalArgumentException} names field, value and range).
 *
 * @param minSamples              fixed horizon: samples with outcomes a decision is taken on
 *                                (default {@value #DEFAULT_MIN_SAMPLES}; 1000 is a good live
 *                                setting). Before it: CONTINUE_TESTING; at it: one decision on
 *                                exactly the first {@code minSamples} samples, which later looks
 *                                repeat instead of re-testing (no inflation from repeated looks)
 * @param minImprovement          relative loss reduction the shadow must reach, (active - shadow) / active
 *                                (default {@value #DEFAULT_MIN_IMPROVEMENT} = 2%), in [0, 1)
 * @param alpha                   one-sided significance level of each test (default {@value #DEFAULT_ALPHA});
 *                                divided by the number of shadows when several of one type compete
 * @param loss                    loss of the fold tests and the improvement (default ABSOLUTE)
 * @param forecastHorizon         label horizon h in bars: the feature engineer's label horizon, which the manager
 *                                sets (not a setting; {@link #defaults()} has the default feature horizon); times a
 *                                symbol's bar spacing it is the horizon in time the fold tests purge with when the
 *                                samples do not carry it themselves
 * @param hitRate                 what the hit-rate fold test must show (default BETTER:
 *                                significantly better, as the loss; NOT_WORSE: only not significantly worse)
 * @param maxDrawdownRatio        guard: shadow max drawdown must not exceed active max drawdown x ratio;
 *                                {@code Double.POSITIVE_INFINITY} disables it (default)
 * @param autoPromote             promote automatically when the policy says PROMOTE (default true)
 * @param rollbackWindowSamples   outcomes of a newly promoted model watched before the rollback
 *                                decision (default {@value #DEFAULT_ROLLBACK_WINDOW}); 0 disables the watch
 * @param rollbackAlpha           one-sided level of the degradation tests (default {@value #DEFAULT_ROLLBACK_ALPHA})
 * @param rollbackMinDegradation  relative loss increase (and hit-rate drop in points) that counts as
 *                                a degradation (default {@value #DEFAULT_ROLLBACK_MIN_DEGRADATION})
 * @param autoRollback            roll back automatically on a significant degradation (default true)
 */
public record ShadowPolicyConfig(int minSamples, double minImprovement, double alpha, LossFunction loss,
                                 int forecastHorizon, HitRateRequirement hitRate, double maxDrawdownRatio, boolean autoPromote,
                                 int rollbackWindowSamples, double rollbackAlpha, double rollbackMinDegradation,
                                 boolean autoRollback) {

    public static final int DEFAULT_MIN_SAMPLES = 100;
    public static final double DEFAULT_MIN_IMPROVEMENT = 0.02;
    public static final double DEFAULT_ALPHA = 0.05;
    public static final int DEFAULT_ROLLBACK_WINDOW = 500;
    public static final double DEFAULT_ROLLBACK_ALPHA = 0.01;
    public static final double DEFAULT_ROLLBACK_MIN_DEGRADATION = 0.05;

    public ShadowPolicyConfig {
        if (minSamples < 3) throw new IllegalArgumentException("minSamples must be >= 3 (a comparison needs 3 samples), was " + minSamples);
        if (!(minImprovement >= 0 && minImprovement < 1)) {
            throw new IllegalArgumentException("minImprovement must be in [0, 1), was " + minImprovement);
        }
        if (!(alpha > 0 && alpha < 0.5)) throw new IllegalArgumentException("alpha must be in (0, 0.5), was " + alpha);
        if (loss == null) throw new IllegalArgumentException("loss must not be null");
        if (hitRate == null) throw new IllegalArgumentException("hitRate must not be null (NOT_WORSE, BETTER or IGNORE)");
        if (forecastHorizon < 1) throw new IllegalArgumentException("forecastHorizon must be >= 1, was " + forecastHorizon);
        if (!(maxDrawdownRatio > 0)) {
            throw new IllegalArgumentException("maxDrawdownRatio must be > 0 (POSITIVE_INFINITY disables the guard), was " + maxDrawdownRatio);
        }
        if (rollbackWindowSamples != 0 && rollbackWindowSamples < 10) {
            throw new IllegalArgumentException("rollbackWindowSamples must be 0 (disabled) or >= 10, was " + rollbackWindowSamples);
        }
        if (!(rollbackAlpha > 0 && rollbackAlpha < 0.5)) {
            throw new IllegalArgumentException("rollbackAlpha must be in (0, 0.5), was " + rollbackAlpha);
        }
        if (!(rollbackMinDegradation >= 0 && rollbackMinDegradation < 1)) {
            throw new IllegalArgumentException("rollbackMinDegradation must be in [0, 1), was " + rollbackMinDegradation);
        }
    }

    public static ShadowPolicyConfig defaults() {
        return new ShadowPolicyConfig(DEFAULT_MIN_SAMPLES, DEFAULT_MIN_IMPROVEMENT, DEFAULT_ALPHA, LossFunction.ABSOLUTE,
                dev.clm.features.FeatureConfig.DEFAULT_HORIZON, HitRateRequirement.BETTER, Double.POSITIVE_INFINITY, true,
                DEFAULT_ROLLBACK_WINDOW, DEFAULT_ROLLBACK_ALPHA, DEFAULT_ROLLBACK_MIN_DEGRADATION, true);
    }

    public ShadowPolicyConfig withMinSamples(int v) {
        return new ShadowPolicyConfig(v, minImprovement, alpha, loss, forecastHorizon,
                hitRate, maxDrawdownRatio, autoPromote, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withMinImprovement(double v) {
        return new ShadowPolicyConfig(minSamples, v, alpha, loss, forecastHorizon,
                hitRate, maxDrawdownRatio, autoPromote, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withAlpha(double v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, v, loss, forecastHorizon,
                hitRate, maxDrawdownRatio, autoPromote, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withLoss(LossFunction v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, v, forecastHorizon,
                hitRate, maxDrawdownRatio, autoPromote, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withForecastHorizon(int v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, loss, v,
                hitRate, maxDrawdownRatio, autoPromote, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withHitRate(HitRateRequirement v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, loss, forecastHorizon,
                v, maxDrawdownRatio, autoPromote, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withMaxDrawdownRatio(double v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, loss, forecastHorizon,
                hitRate, v, autoPromote, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withAutoPromote(boolean v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, loss, forecastHorizon,
                hitRate, maxDrawdownRatio, v, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withRollbackWindowSamples(int v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, loss, forecastHorizon,
                hitRate, maxDrawdownRatio, autoPromote, v, rollbackAlpha, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withRollbackAlpha(double v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, loss, forecastHorizon,
                hitRate, maxDrawdownRatio, autoPromote, rollbackWindowSamples, v, rollbackMinDegradation, autoRollback);
    }

    public ShadowPolicyConfig withRollbackMinDegradation(double v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, loss, forecastHorizon,
                hitRate, maxDrawdownRatio, autoPromote, rollbackWindowSamples, rollbackAlpha, v, autoRollback);
    }

    public ShadowPolicyConfig withAutoRollback(boolean v) {
        return new ShadowPolicyConfig(minSamples, minImprovement, alpha, loss, forecastHorizon,
                hitRate, maxDrawdownRatio, autoPromote, rollbackWindowSamples, rollbackAlpha, rollbackMinDegradation, v);
    }
}
