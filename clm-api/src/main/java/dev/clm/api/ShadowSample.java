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
    /**
     * Earliest signal time a recorder or store accepts: 1970-01-01T00:00:00Z in epoch milliseconds.
     * (Not checked by this record, so rows stored earlier can always be read back.)
     */
    public static final long MIN_TIMESTAMP_MILLIS = 0L;
    /**
     * Signal times must be before 2200-01-01T00:00:00Z (epoch milliseconds): an epoch-microsecond
     * or -nanosecond value given as milliseconds lies far beyond it.
     */
    public static final long MAX_TIMESTAMP_MILLIS = 7_258_118_400_000L;

    public ShadowSample {
        Checks.nonNegative(sampleId, "sampleId");
        Checks.notNull(modelType, "modelType");
        Checks.safeName(shadowVersion, "shadowVersion");
        if (activeVersion != null) Checks.safeName(activeVersion, "activeVersion");
        Names.requireSymbol(symbol, "symbol");
        Checks.finite(activePrediction, "activePrediction");
        Checks.finite(shadowPrediction, "shadowPrediction");
        Checks.finiteOrNaN(realisedReturn, "realisedReturn");
        Checks.finiteOrNaN(pnl, "pnl");
    }

    /** True if {@code millis} lies in [{@link #MIN_TIMESTAMP_MILLIS}, {@link #MAX_TIMESTAMP_MILLIS}). */
    public static boolean isSaneTimestamp(long millis) {
        return millis >= MIN_TIMESTAMP_MILLIS && millis < MAX_TIMESTAMP_MILLIS;
    }

    /** The timestamp rule in words, for messages. */
    public static String timestampRule(long millis) {
        String hint = millis >= 1_000_000_000_000_000L ? " (an epoch-microsecond or -nanosecond value?)" : "";
        return "was " + millis + hint + "; expected epoch milliseconds in [" + MIN_TIMESTAMP_MILLIS + " (1970-01-01T00:00:00Z), "
                + MAX_TIMESTAMP_MILLIS + " (2200-01-01T00:00:00Z))";
    }

    public boolean hasOutcome() {
        return !Double.isNaN(realisedReturn);
    }
}
