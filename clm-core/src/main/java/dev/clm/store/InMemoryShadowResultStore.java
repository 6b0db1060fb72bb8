package dev.clm.store;

import dev.clm.api.ModelType;
import dev.clm.api.ShadowOutcome;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link ShadowResultStore} in memory (lost with the process). Thread-safe. */
public final class InMemoryShadowResultStore implements ShadowResultStore {
    private final TreeMap<Long, ShadowSample> byId = new TreeMap<>();

    @Override
    public synchronized void insertBatch(List<ShadowSample> samples) {
        Map<Long, ShadowSample> batch = new HashMap<>();
        for (ShadowSample s : samples) {
            if (byId.containsKey(s.sampleId()) || batch.put(s.sampleId(), s) != null) {
                throw new IllegalArgumentException("shadow sample id " + s.sampleId() + " already stored; ids must be new");
            }
        }
        byId.putAll(batch);
    }

    @Override
    public synchronized int recordOutcomes(List<ShadowOutcome> outcomes) {
        int n = 0;
        for (ShadowOutcome o : outcomes) {
            ShadowSample s = byId.get(o.sampleId());
            if (s == null) continue;
            byId.put(s.sampleId(), new ShadowSample(s.sampleId(), s.modelType(), s.shadowVersion(), s.activeVersion(), s.symbol(),
                    s.timestampMillis(), s.activePrediction(), s.shadowPrediction(), o.realisedReturn(), o.pnl()));
            n++;
        }
        return n;
    }

    @Override
    public synchronized List<ShadowSample> samples(ModelType type, String shadowVersion) {
        List<ShadowSample> out = new ArrayList<>();
        for (ShadowSample s : byId.values()) {
            if (s.modelType().equals(type) && s.shadowVersion().equals(shadowVersion)) out.add(s);
        }
        return out;
    }

    @Override
    public synchronized long count(ModelType type, String shadowVersion) {
        return samples(type, shadowVersion).size();
    }

    @Override
    public synchronized int deleteOlderThan(Instant cutoff) {
        int before = byId.size();
        byId.values().removeIf(s -> s.timestampMillis() < cutoff.toEpochMilli());
        return before - byId.size();
    }
}
