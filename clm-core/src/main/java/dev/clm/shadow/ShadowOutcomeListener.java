package dev.clm.shadow;

import dev.clm.api.ModelType;

/**
 * Told about each sample whose outcome arrived, on the recorder's flusher thread (never the
 * engine's). Implementations must be quick and must not throw (a throw is logged and ignored).
 */
@FunctionalInterface
public interface ShadowOutcomeListener {
    void onOutcome(ModelType type, String symbol, long timestampMillis, String activeVersion, double activePrediction,
                   String shadowVersion, double shadowPrediction, double realisedReturn);
}
