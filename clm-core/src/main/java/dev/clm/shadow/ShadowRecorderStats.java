package dev.clm.shadow;

/**
 * Counters of a {@link LiveShadowRecorder}, read at one moment (each counter is exact; the set
 * is not one atomic snapshot). Nothing is dropped silently: every recorded sample is stored,
 * buffered (counted in {@code inMemory}), refused by the store as data ({@code deadLettered}) or,
 * if the store kept failing until close, reported in {@code unsavedAtClose}.
 *
 * @param recorded            samples accepted by {@code recordPrediction}
 * @param stored              samples the store accepted
 * @param inMemory            records (samples and outcomes) accepted but not yet written (ring + spill + retry buffer)
 * @param outcomesRecorded    outcomes accepted by {@code recordOutcome}
 * @param outcomesStored      outcomes the store applied to a sample
 * @param outcomesUnmatched   outcomes that matched no sample (unknown id, or unknown symbol+timestamp)
 * @param spilled             records that found the ring full and went to the spill buffer
 * @param backPressureWaits   calls that had to wait because ring and spill were full
 * @param storeFailures       failed store calls (each retried later, nothing dropped)
 * @param pendingEvicted      samples forgotten by the outcome index (their outcomes by id still work)
 * @param unsavedAtClose      samples still unsaved when the recorder closed with a failing store
 * @param refused             calls refused on the caller's thread for bad input (never recorded)
 * @param deadLettered        records (samples or outcomes) the store refused as data, dropped after isolating them
 * @param maxWaitMicros       the longest a producer waited for buffer space (back-pressure), microseconds
 */
public record ShadowRecorderStats(long recorded, long stored, long inMemory, long outcomesRecorded, long outcomesStored,
                                  long outcomesUnmatched, long spilled, long backPressureWaits, long storeFailures,
                                  long pendingEvicted, long unsavedAtClose, long refused, long deadLettered,
                                  long maxWaitMicros) {}
