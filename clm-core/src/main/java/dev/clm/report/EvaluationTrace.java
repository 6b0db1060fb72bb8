package dev.clm.report;

import dev.clm.api.ModelType;

import java.util.List;
import java.util.Map;

/**
 * The held-out rows one model type was judged on in a cycle, kept for the cycle report: per row
 * its time, the realised label and the forecasts of the candidate, the ACTIVE version (null
 * array when there was none) and the zero forecast (always 0), plus the candidate's top
 * features. Arrays are owned by the trace, not copied.
 *
 * @param folds        per-fold results when the decision used several folds (may be empty)
 * @param featureGain  the candidate's features by total split gain, largest first (empty for non-tree models)
 * @param meanAbsShap  the candidate's features by mean |SHAP contribution| on these rows, largest first (may be empty)
 */
public record EvaluationTrace(ModelType type, String candidateVersion, String activeVersion, long[] timestamps, float[] labels,
                              double[] candidate, double[] active, List<FoldResult> folds, Map<String, Double> featureGain,
                              Map<String, Double> meanAbsShap) {
    public EvaluationTrace {
        if (timestamps.length != labels.length || candidate.length != labels.length || (active != null && active.length != labels.length)) {
            throw new IllegalArgumentException("trace arrays of " + type + " differ in length: timestamps " + timestamps.length + ", labels "
                    + labels.length + ", candidate " + candidate.length + ", active " + (active == null ? "none" : active.length));
        }
        folds = List.copyOf(folds);
        featureGain = Map.copyOf(featureGain);
        meanAbsShap = Map.copyOf(meanAbsShap);
    }

    public int rows() {
        return labels.length;
    }

    /** One fold of a multi-fold decision: its rows and the mean loss of candidate, ACTIVE (NaN if none) and zero. */
    public record FoldResult(int fold, long rows, double candidateLoss, double activeLoss, double zeroLoss) {}
}
