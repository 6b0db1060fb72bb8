package dev.clm.api;

/** The realised outcome of a shadow sample, recorded after the fact. */
public record ShadowOutcome(long sampleId, double realisedReturn, double pnl) {
    public ShadowOutcome {
        Checks.nonNegative(sampleId, "sampleId");
        Checks.finite(realisedReturn, "realisedReturn");
        Checks.finiteOrNaN(pnl, "pnl");
    }
}
