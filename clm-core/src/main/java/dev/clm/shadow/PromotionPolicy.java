package dev.clm.shadow;

import dev.clm.api.ShadowDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The promotion rule: PROMOTE only when, on the fixed-horizon sample, the shadow's loss is
 * lower by at least {@code minImprovement}, the one-sided Diebold–Mariano test says so at
 * level alpha, the paired hit-rate test (exact McNemar) passes its {@link HitRateRequirement}
 * (default BETTER: the shadow's hit rate is significantly higher; NOT_WORSE: not significantly lower)
 * and the drawdown guard (if set) holds. Every condition must hold, so the false promotion
 * rate is at most that of the Diebold–Mariano test alone, alpha (an intersection-union
 * argument; no multiplicity correction is needed). Both tests are one-sided, as promotion is
 * (only a better shadow is promoted), and each runs at the full alpha: splitting alpha between
 * them would only cost power.
 *
 * <p>Power (simulated in {@code PolicySimulationTest}): a 5-point hit-rate edge (0.55 to 0.60)
 * at 1,000 samples is promoted 82% of the time when the two models call the same direction on
 * about 75% of the trades. For independent models (50% agreement) no level-5% test on the hit
 * rates can reach 80% at 1,000 samples: the bound is Phi(0.05 / sqrt(0.4875 / n) - 1.645) = 73%,
 * 80% needs n = 1,206; with the Diebold–Mariano condition too the policy promotes 59–63%.
 *
 * <p>Sequential safety (fixed horizon): before {@code minSamples} samples with outcomes the
 * answer is CONTINUE_TESTING, whatever the data say; from then on the decision is computed on
 * exactly the first {@code minSamples} samples, so hourly looks at a growing sample all see
 * the same data and reach the same decision: one test, one chance of a false promotion. At the
 * horizon anything short of PROMOTE is REJECT (continuing to test would be a second look).
 *
 * <p>Stateless and thread-safe.
 */
public final class PromotionPolicy {
    private final ShadowPolicyConfig config;

    public PromotionPolicy(ShadowPolicyConfig config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    public ShadowPolicyConfig config() {
        return config;
    }

    /** A decision with the reason a person can read. */
    public record Verdict(ShadowDecision decision, String reason) {}

    /**
     * Decides on a comparison made at the horizon.
     *
     * @param alpha the level to use (the configured alpha, divided by the number of competing shadows)
     */
    public Verdict decide(ShadowComparison c, double alpha) {
        List<String> failed = new ArrayList<>();
        String summary = String.format(Locale.ROOT,
                "n=%d, loss %s active %.6g vs shadow %.6g (improvement %+.2f%%), DM %.3f p=%.4g, hit rate %.3f vs %.3f (paired p=%.4g)",
                c.n(), config.loss(), c.active().meanLoss(), c.shadow().meanLoss(), 100 * c.improvement(), c.dm().statistic(),
                c.dm().pValueGreater(), c.active().hitRate(), c.shadow().hitRate(), c.hitTestPValue());
        if (c.improvement() < config.minImprovement()) {
            failed.add(String.format(Locale.ROOT, "improvement %.2f%% below the required %.2f%%", 100 * c.improvement(),
                    100 * config.minImprovement()));
        }
        if (!(c.dm().pValueGreater() < alpha)) {
            failed.add(String.format(Locale.ROOT, "Diebold-Mariano not significant (p=%.4g >= alpha %.4g)", c.dm().pValueGreater(), alpha));
        }
        if (config.hitRate() == HitRateRequirement.BETTER && !(c.hitTestPValue() < alpha)) {
            failed.add(String.format(Locale.ROOT, "hit-rate improvement not significant (p=%.4g >= alpha %.4g)", c.hitTestPValue(), alpha));
        }
        if (config.hitRate() == HitRateRequirement.NOT_WORSE && c.hitWorsePValue() < alpha) {
            failed.add(String.format(Locale.ROOT, "hit rate significantly worse (%.3f vs %.3f, p=%.4g < alpha %.4g)",
                    c.shadow().hitRate(), c.active().hitRate(), c.hitWorsePValue(), alpha));
        }
        if (Double.isFinite(config.maxDrawdownRatio())
                && c.shadow().maxDrawdown() > c.active().maxDrawdown() * config.maxDrawdownRatio()) {
            failed.add(String.format(Locale.ROOT, "shadow max drawdown %.6g exceeds active %.6g x %.3g", c.shadow().maxDrawdown(),
                    c.active().maxDrawdown(), config.maxDrawdownRatio()));
        }
        if (failed.isEmpty()) return new Verdict(ShadowDecision.PROMOTE, "shadow significantly better: " + summary);
        return new Verdict(ShadowDecision.REJECT, "not promoted at the fixed horizon: " + String.join("; ", failed) + " (" + summary + ")");
    }
}
