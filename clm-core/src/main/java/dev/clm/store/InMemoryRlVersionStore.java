package dev.clm.store;

import dev.clm.api.RlSnapshot;
import dev.clm.api.RlVersionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link RlVersionStore} in memory (lost with the process). Thread-safe. */
public final class InMemoryRlVersionStore implements RlVersionStore {
    private final Map<String, TreeMap<Integer, RlSnapshot>> byAgent = new TreeMap<>();

    @Override
    public synchronized void save(RlSnapshot snapshot) {
        TreeMap<Integer, RlSnapshot> versions = byAgent.computeIfAbsent(snapshot.agent(), a -> new TreeMap<>());
        if (versions.containsKey(snapshot.version())) {
            throw new IllegalArgumentException("RL agent '" + snapshot.agent() + "' version " + snapshot.version() + " already exists");
        }
        versions.put(snapshot.version(), snapshot);
    }

    @Override
    public synchronized Optional<RlSnapshot> load(String agent, int version) {
        TreeMap<Integer, RlSnapshot> versions = byAgent.get(agent);
        return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }

    @Override
    public synchronized Optional<RlSnapshot> latest(String agent) {
        TreeMap<Integer, RlSnapshot> versions = byAgent.get(agent);
        return versions == null || versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    @Override
    public synchronized List<RlSnapshot> list(String agent) {
        TreeMap<Integer, RlSnapshot> versions = byAgent.get(agent);
        return versions == null ? List.of() : List.copyOf(new ArrayList<>(versions.values()));
    }

    @Override
    public synchronized void archive(String agent, int version) {
        RlSnapshot s = load(agent, version).orElseThrow(() ->
                new IllegalArgumentException("RL agent '" + agent + "' has no version " + version));
        byAgent.get(agent).put(version, new RlSnapshot(s.agent(), s.version(), s.createdAt(), s.json(), true, s.reason()));
    }
}
