package dev.clm.api;

import java.time.Instant;
import java.util.List;

/** Durable store of drift findings ({@code drift_events}). Thread-safe. */
public interface DriftEventStore {

    void record(DriftEvent event);

    /** Events detected at or after {@code since}, newest first, at most {@code limit}. */
    List<DriftEvent> since(Instant since, int limit);
}
