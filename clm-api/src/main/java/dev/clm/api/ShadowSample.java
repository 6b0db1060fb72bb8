package dev.clm.api;

/**
 * One live shadow observation: what the active and the shadow model predicted for a signal,
 * and (once known) the realised outcome. Time in epoch milliseconds.
 *
 * @param sampleId          unique id assigned by the recorder
 * @param activeVersion     may be null when the type had no active model
 * @param realisedReturn    NaN until the outcome is recorded
 * @param pnl               NaN until the outcome is recorded
 */
public record ShadowSample(long sampleId, ModelType modelType, String shadowVersion, String activeVersion, String symbol,
                           long timestampMillis, double activePrediction, double shadowPrediction, double realisedReturn,
                           double pnl) {
    public ShadowSample {
        Checks.nonNegative(sampleId, "sampleId");
        Checks.notNull(modelType, "modelType");
        Checks.safeName(shadowVersion, "shadowVersion");
        if (activeVersion != null) Checks.safeName(activeVersion, "activeVersion");
        Checks.notBlank(symbol, "symbol");
        Checks.finite(activePrediction, "activePrediction");
        Checks.finite(shadowPrediction, "shadowPrediction");
        Checks.finiteOrNaN(realisedReturn, "realisedReturn");
        Checks.finiteOrNaN(pnl, "pnl");
    }

    public boolean hasOutcome() {
        return !Double.isNaN(realisedReturn);
    }
}
