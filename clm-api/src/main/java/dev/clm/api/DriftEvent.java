package dev.clm.api;

import java.time.Instant;

/**
 * One drift finding ({@code drift_events}).
 *
 * @param modelType   null for feature drift not tied to one model
 * @param feature     feature name for FEATURE drift, else null
 * @param statistic   KS statistic D (or the performance measure's change)
 * @param pValue      p-value (may be 0 after underflow; see {@code log10PValue})
 * @param log10PValue log10 of the p-value, finite even where the p-value underflows
 * @param psi         population stability index (NaN when not computed)
 * @param action      the response taken (for example "partial retrain")
 */
public record DriftEvent(Instant detectedAt, DriftType driftType, DriftSeverity severity, ModelType modelType,
                         String feature, double statistic, double pValue, double log10PValue, double psi,
                         String action) {
    public DriftEvent {
        Checks.notNull(detectedAt, "detectedAt");
        Checks.notNull(driftType, "driftType");
        Checks.notNull(severity, "severity");
        Checks.finite(statistic, "statistic");
        Checks.probability(pValue, "pValue");
        Checks.finiteOrNaN(log10PValue, "log10PValue");
        Checks.finiteOrNaN(psi, "psi");
        Checks.notNull(action, "action");
    }
}
