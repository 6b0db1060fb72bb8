package dev.clm.store;

import dev.clm.api.DriftEvent;
import dev.clm.api.DriftEventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link DriftEventStore} in memory (lost with the process). Thread-safe. */
public final class InMemoryDriftEventStore implements DriftEventStore {
    private final List<DriftEvent> events = new ArrayList<>();

    @Override
    public synchronized void record(DriftEvent event) {
        events.add(java.util.Objects.requireNonNull(event, "event"));
    }

    @Override
    public synchronized List<DriftEvent> since(Instant since, int limit) {
        List<DriftEvent> out = new ArrayList<>();
        for (DriftEvent e : events) if (!e.detectedAt().isBefore(since)) out.add(e);
        out.sort(Comparator.comparing(DriftEvent::detectedAt).reversed());
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }
}
