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
 * @param statistics              further named statistics (for example Diebold–Mariano), finite values
 */
public record ShadowTestResult(ModelType modelType, String candidateVersion, String activeVersion, long samples,
                               double candidateMae, double activeMae, double candidateDirectionAccuracy,
                               double activeDirectionAccuracy, double errorKsStatistic, double errorKsPValue,
                               double meanDiff, double stdDiff, ShadowDecision decision, String reason,
                               TimeRange window, Map<String, Double> statistics, Instant testedAt) {

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
    }

    public boolean recommendPromotion() {
        return decision == ShadowDecision.PROMOTE;
    }
}
