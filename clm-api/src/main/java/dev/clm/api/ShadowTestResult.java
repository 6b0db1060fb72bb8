package dev.clm.api;

import java.time.Instant;
import java.util.Map;

/**
 * Candidate vs active on the same recent rows (replay) or live samples.
 *
 * @param activeVersion           null when there is no active model (compared with the zero-return forecast)
 * @param samples                 samples with a realised outcome
 * @param errorKsStatistic        two-sample KS statistic of the absolute-error distributions
 * @param errorKsPValue           its p-value
 * @param meanDiff                mean(candidate prediction - active prediction)
 * @param stdDiff                 std(candidate prediction - active prediction)
 * @param statistics              further named statistics (for example the fold test's p-values), finite values
 * @param effectiveSamples        independent observations the decision rests on: non-overlapping label
 *                                windows in time, a cross-section of symbols at one timestamp counted once
 *                                (>= 0; 0 when not computed)
 * @param lossDifference          mean loss of the binding reference (the better of active and zero forecast)
 *                                minus the candidate's, per timestamp, with standard error and 95% interval
 *                                from purged time folds; positive = candidate better; null when not computed
 * @param hitRateDifference       candidate hit rate minus the active's (minus 1/2 against the zero forecast),
 *                                with standard error and interval as above; null when not computed
 */
public record ShadowTestResult(ModelType modelType, String candidateVersion, String activeVersion, long samples,
                               double candidateMae, double activeMae, double candidateDirectionAccuracy,
                               double activeDirectionAccuracy, double errorKsStatistic, double errorKsPValue,
                               double meanDiff, double stdDiff, ShadowDecision decision, String reason,
                               TimeRange window, Map<String, Double> statistics, Instant testedAt,
                               double effectiveSamples, Estimate lossDifference, Estimate hitRateDifference) {

    /** A result without uncertainty (effective sample size 0, no estimates), as custom testers built it before. */
    public ShadowTestResult(ModelType modelType, String candidateVersion, String activeVersion, long samples,
                            double candidateMae, double activeMae, double candidateDirectionAccuracy,
                            double activeDirectionAccuracy, double errorKsStatistic, double errorKsPValue,
                            double meanDiff, double stdDiff, ShadowDecision decision, String reason,
                            TimeRange window, Map<String, Double> statistics, Instant testedAt) {
        this(modelType, candidateVersion, activeVersion, samples, candidateMae, activeMae, candidateDirectionAccuracy,
                activeDirectionAccuracy, errorKsStatistic, errorKsPValue, meanDiff, stdDiff, decision, reason, window, statistics,
                testedAt, 0, null, null);
    }

    public ShadowTestResult {
        Checks.notNull(modelType, "modelType");
        Checks.safeName(candidateVersion, "candidateVersion");
        if (activeVersion != null) Checks.safeName(activeVersion, "activeVersion");
        Checks.nonNegative(samples, "samples");
        Checks.nonNegative(candidateMae, "candidateMae");
        Checks.nonNegative(activeMae, "activeMae");
        Checks.probability(candidateDirectionAccuracy, "candidateDirectionAccuracy");
        Checks.probability(activeDirectionAccuracy, "activeDirectionAccuracy");
        Checks.probability(errorKsStatistic, "errorKsStatistic");
        Checks.probability(errorKsPValue, "errorKsPValue");
        Checks.finite(meanDiff, "meanDiff");
        Checks.nonNegative(stdDiff, "stdDiff");
        Checks.notNull(decision, "decision");
        Checks.notBlank(reason, "reason");
        Checks.notNull(window, "window");
        statistics = Checks.finiteValues(statistics == null ? Map.of() : statistics, "statistics");
        Checks.notNull(testedAt, "testedAt");
        Checks.nonNegative(effectiveSamples, "effectiveSamples");
    }

    /** This result with another decision and reason (everything else kept). */
    public ShadowTestResult withDecision(ShadowDecision newDecision, String newReason) {
        return new ShadowTestResult(modelType, candidateVersion, activeVersion, samples, candidateMae, activeMae,
                candidateDirectionAccuracy, activeDirectionAccuracy, errorKsStatistic, errorKsPValue, meanDiff, stdDiff, newDecision,
                newReason, window, statistics, testedAt, effectiveSamples, lossDifference, hitRateDifference);
    }

    public boolean recommendPromotion() {
        return decision == ShadowDecision.PROMOTE;
    }
}
