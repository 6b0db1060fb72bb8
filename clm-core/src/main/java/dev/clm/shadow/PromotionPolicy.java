package dev.clm.shadow;

import dev.clm.api.ShadowDecision;
import dev.clm.stats.BlockTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The promotion rule: PROMOTE only when, on the fixed-horizon sample, the shadow beats the better
 * of (the ACTIVE model, the zero-return forecast), consistently and significantly:
 * <ul>
 *   <li>its loss is lower than that better reference's by at least {@code minImprovement};</li>
 *   <li>the one-sided dependence-aware loss tests against the active AND against the zero
 *       forecast are significant at level alpha ({@link dev.clm.stats.BlockTest}: rows averaged
 *       per timestamp, then a t-test on the means of purged, time-ordered folds of at least three
 *       label horizons; Ibragimov and Müller 2010);</li>
 *   <li>it wins on a strict majority of those folds against each reference (one lucky window is
 *       not enough);</li>
 *   <li>the hit-rate test (same block machinery on the hit differential) passes its
 *       {@link HitRateRequirement}, and the drawdown guard (if set) holds.</li>
 * </ul>
 * Every condition must hold, so the false promotion rate is at most that of one loss test, alpha
 * (an intersection-union argument). Fewer than two folds (a window shorter than six label
 * horizons of time, whatever the number of rows or symbols) cannot decide: the answer is then
 * REJECT at the horizon, with the effective sample size in the reason.
 *
 * <p>Several candidates: live shadows of one type are tested at alpha divided by their number
 * (Bonferroni, see {@link ShadowEvaluator}); the model types of one cycle are tested at alpha each
 * and then decided together by the cycle with the Benjamini–Hochberg rule over their
 * {@link ShadowEvaluator#DECISION_P_VALUE}s.
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
        BlockTest.Result va = c.lossVsActive(), vz = c.lossVsZero();
        String summary = String.format(Locale.ROOT,
                "n=%d rows, effective sample %.0f, %d folds; loss %s active %.6g, zero %.6g vs shadow %.6g (improvement %+.2f%%); "
                        + "vs active: diff %.4g +/- %.2g, p=%.4g, folds won %d/%d; vs zero: diff %.4g +/- %.2g, p=%.4g, folds won %d/%d; "
                        + "hit rate %.3f vs %.3f (p=%.4g)",
                c.n(), va.effectiveSamples(), va.blocks(), config.loss(), c.active().meanLoss(), c.zeroMeanLoss(), c.shadow().meanLoss(),
                100 * c.improvement(), va.mean(), va.stdError(), va.pValueGreater(), va.blocksPositive(), va.blocks(), vz.mean(),
                vz.stdError(), vz.pValueGreater(), vz.blocksPositive(), vz.blocks(), c.active().hitRate(), c.shadow().hitRate(),
                c.hitTestPValue());
        if (!va.decidable()) {
            failed.add(String.format(Locale.ROOT, "too little independent data: %d timestamps spanning %.0f non-overlapping label "
                    + "windows make %d fold(s), at least 2 are needed", va.timestamps(), va.effectiveSamples(), va.blocks()));
        }
        if (c.improvement() < config.minImprovement()) {
            failed.add(String.format(Locale.ROOT, "improvement %.2f%% over the better of active and zero below the required %.2f%%",
                    100 * c.improvement(), 100 * config.minImprovement()));
        }
        if (!(va.pValueGreater() < alpha)) {
            failed.add(String.format(Locale.ROOT, "loss vs %s not significantly lower (p=%.4g >= alpha %.4g)",
                    vz == va ? "the zero forecast" : "active", va.pValueGreater(), alpha));
        }
        if (vz != va && !(vz.pValueGreater() < alpha)) {
            failed.add(String.format(Locale.ROOT, "loss vs the zero forecast not significantly lower (p=%.4g >= alpha %.4g)",
                    vz.pValueGreater(), alpha));
        }
        if (va.decidable() && (!(va.shareBlocksPositive() > 0.5) || !(vz.shareBlocksPositive() > 0.5))) {
            failed.add(String.format(Locale.ROOT, "not consistent: wins %d of %d folds vs active and %d of %d vs zero (a strict majority "
                    + "is required)", va.blocksPositive(), va.blocks(), vz.blocksPositive(), vz.blocks()));
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
        if (failed.isEmpty()) return new Verdict(ShadowDecision.PROMOTE, "shadow significantly better than active and zero: " + summary);
        return new Verdict(ShadowDecision.REJECT, "not promoted at the fixed horizon: " + String.join("; ", failed) + " (" + summary + ")");
    }
}
