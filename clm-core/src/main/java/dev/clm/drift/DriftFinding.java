package dev.clm.drift;

import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.ModelType;

/**
 * One tested distribution (a feature, a model's predictions, or its performance).
 *
 * @param modelType    model concerned, or null for feature drift not tied to a model
 * @param name         feature name, "prediction", "winrate" or "abs_error"
 * @param statistic    KS D (FEATURE / PREDICTION / error drift) or the relative decay (winrate)
 * @param lnP          natural log of the raw p-value (finite even where the p-value underflows)
 * @param lnAdjustedP  natural log of the p-value after the multiple-testing correction
 * @param psi          population stability index, NaN when not computed
 * @param significant  adjusted p-value &lt; alpha
 */
public record DriftFinding(DriftType driftType, ModelType modelType, String name, double statistic, double lnP,
                           double lnAdjustedP, double psi, boolean significant, DriftSeverity severity) {

    /** The raw p-value (0 when it underflows a double; see {@link #log10P()}). */
    public double pValue() {
        return Math.exp(lnP);
    }

    public double log10P() {
        return lnP / Math.log(10.0);
    }

    public double adjustedPValue() {
        return Math.exp(lnAdjustedP);
    }
}
