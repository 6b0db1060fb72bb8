package dev.clm.api;

import java.time.Instant;
import java.util.List;

/**
 * Durable store of live shadow samples ({@code shadow_test_results}). Thread-safe.
 *
 * <p>Failures say whose fault they are: a store that refuses the data itself (an id already
 * stored, a value the database will not take) throws {@link InvalidDataException} or
 * {@link IllegalArgumentException}, and the recorder isolates and drops the record (a dead
 * letter; an {@link InvalidDataException} whose {@code row()} is the index of the refused sample
 * in the batch lets it skip the search, -1 when unknown); any other exception means the store is
 * unavailable, and the recorder keeps the records and retries.
 */
public interface ShadowResultStore {

    /**
     * Inserts samples in one batch (all or nothing). Sample ids must be new.
     *
     * @throws InvalidDataException or {@link IllegalArgumentException} if the store refuses a
     *         sample of the batch (nothing of the batch is stored)
     */
    void insertBatch(List<ShadowSample> samples);

    /**
     * Fills in outcomes of earlier samples; returns how many samples were updated.
     *
     * @throws InvalidDataException or {@link IllegalArgumentException} if the store refuses an
     *         outcome of the batch
     */
    int recordOutcomes(List<ShadowOutcome> outcomes);

    /** Every sample of a shadow version, in sample-id order. */
    List<ShadowSample> samples(ModelType type, String shadowVersion);

    /** Number of samples stored for a shadow version. */
    long count(ModelType type, String shadowVersion);

    /** Deletes samples older than {@code cutoff} (retention); returns how many. */
    int deleteOlderThan(Instant cutoff);
}
