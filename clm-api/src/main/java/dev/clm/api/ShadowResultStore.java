package dev.clm.api;

import java.time.Instant;
import java.util.List;

/** Durable store of live shadow samples ({@code shadow_test_results}). Thread-safe. */
public interface ShadowResultStore {

    /** Inserts samples in one batch (all or nothing). Sample ids must be new. */
    void insertBatch(List<ShadowSample> samples);

    /** Fills in outcomes of earlier samples; returns how many samples were updated. */
    int recordOutcomes(List<ShadowOutcome> outcomes);

    /** Every sample of a shadow version, in sample-id order. */
    List<ShadowSample> samples(ModelType type, String shadowVersion);

    /** Number of samples stored for a shadow version. */
    long count(ModelType type, String shadowVersion);

    /** Deletes samples older than {@code cutoff} (retention); returns how many. */
    int deleteOlderThan(Instant cutoff);
}
