package dev.clm.shadow;

/** Topics the shadow recorder publishes on (besides the {@code dev.clm.api.EventTopics}). */
public final class ShadowEvents {
    private ShadowEvents() {}

    /** The ring was full: records spilled or callers waited. {spilled, backPressureWaits, ringCapacity, spillCapacity} */
    public static final String RECORDER_OVERFLOW = "learning.shadow.recorder.overflow";
    /** A store call failed; the records are kept and retried. {error, storeFailures, unsaved} */
    public static final String RECORDER_STORE_FAILED = "learning.shadow.recorder.store_failed";
    /**
     * The store refused a record as data (not an outage); it was dropped, never retried.
     * {deadLettered, record, error}, or {deadLettered} for a catch-up count
     */
    public static final String RECORDER_DEAD_LETTER = "learning.shadow.recorder.dead_letter";
    /** Outcomes matched no sample. {outcomesUnmatched} */
    public static final String RECORDER_OUTCOME_UNMATCHED = "learning.shadow.recorder.outcome_unmatched";
}
