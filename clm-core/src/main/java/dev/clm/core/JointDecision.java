package dev.clm.core;

import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.shadow.ShadowEvaluator;
import dev.clm.stats.FalseDiscovery;
import java.util.List;
import java.util.Locale;

/**
 * The decision of a cycle's candidates together: the Benjamini–Hochberg threshold over their
 * decision p-values ({@link ShadowEvaluator#DECISION_P_VALUE}, the largest p-value among the tests
 * a promotion requires), and a PROMOTE withdrawn when its p-value is above it. A result without a
 * decision p-value (a custom tester's own rule) is neither counted nor changed. Stateless.
 */
final class JointDecision {
    private JointDecision() {}

    /** The threshold at false discovery rate {@code level} over {@code tested}; 1 when none of them has a decision p-value. */
    static double threshold(List<ShadowTestResult> tested, double level) {
        double[] p = tested.stream().map(r -> r.statistics().get(ShadowEvaluator.DECISION_P_VALUE)).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).toArray();
        return p.length == 0 ? 1 : FalseDiscovery.threshold(p, level);
    }

    /** {@code r}, or REJECT with the reason when it was PROMOTE with a decision p-value above {@code threshold}. */
    static ShadowTestResult apply(ShadowTestResult r, double threshold, int compared) {
        Double p = r.statistics().get(ShadowEvaluator.DECISION_P_VALUE);
        if (r.decision() != ShadowDecision.PROMOTE || p == null || p <= threshold) return r;
        return r.withDecision(ShadowDecision.REJECT, String.format(Locale.ROOT,
                "not promoted: significant on its own (p=%.4g) but not after the false-discovery control across the %d candidates "
                        + "of this cycle (Benjamini-Hochberg threshold %.4g); %s", p, compared, threshold, r.reason()));
    }
}
