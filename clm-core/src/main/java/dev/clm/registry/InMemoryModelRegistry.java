package dev.clm.registry;

import dev.clm.api.ArtifactIntegrityException;
import dev.clm.api.Checksums;
import dev.clm.api.IllegalTransitionException;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.Names;
import dev.clm.api.PromotionResult;
import dev.clm.api.UnknownModelException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A thread-safe {@link ModelRegistry} in memory: the zero-setup default. Every operation takes
 * one lock, so the "at most one ACTIVE per type" invariant holds at every instant. Nothing
 * survives the process; use the JDBC registry for that.
 */
public final class InMemoryModelRegistry implements ModelRegistry {

    /** Newest first: trainedAt descending, then version descending. */
    static final Comparator<ModelArtifact> NEWEST_FIRST =
            Comparator.comparing(ModelArtifact::trainedAt).thenComparing(ModelArtifact::version).reversed();

    private final Clock clock;
    private final Map<ModelType, Map<String, ModelArtifact>> artifacts = new LinkedHashMap<>();
    private final Map<ModelType, Map<String, byte[]>> bytes = new LinkedHashMap<>();

    public InMemoryModelRegistry(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<ModelArtifact> getActive(ModelType type) {
        for (ModelArtifact a : versions(type).values()) if (a.status() == ModelStatus.ACTIVE) return Optional.of(a);
        return Optional.empty();
    }

    @Override
    public synchronized ModelArtifact save(ModelArtifact artifact, byte[] modelBytes) {
        if (artifact.status() != ModelStatus.CANDIDATE && artifact.status() != ModelStatus.SHADOW) {
            throw new IllegalArgumentException("a new version must be saved with status CANDIDATE or SHADOW, was " + artifact.status()
                    + " (version '" + artifact.version() + "'); use promote() to activate it");
        }
        String actual = Checksums.sha256Hex(modelBytes);
        if (!actual.equals(artifact.checksum())) {
            throw new ArtifactIntegrityException(artifact.type(), artifact.version(),
                    "bytes hash to " + actual + ", artifact records " + artifact.checksum());
        }
        Map<String, ModelArtifact> byVersion = artifacts.computeIfAbsent(artifact.type(), t -> new LinkedHashMap<>());
        if (byVersion.containsKey(artifact.version())) {
            throw new IllegalArgumentException("model " + artifact.type() + " version '" + artifact.version() + "' already exists");
        }
        byVersion.put(artifact.version(), artifact);
        bytes.computeIfAbsent(artifact.type(), t -> new LinkedHashMap<>()).put(artifact.version(), modelBytes.clone());
        return artifact;
    }

    @Override
    public synchronized byte[] loadBytes(ModelType type, String version) {
        ModelArtifact a = require(type, version);
        byte[] b = bytes.get(type).get(version);
        if (!Checksums.sha256Hex(b).equals(a.checksum())) {
            throw new ArtifactIntegrityException(type, version, "stored bytes no longer match the recorded checksum");
        }
        return b.clone();
    }

    @Override
    public synchronized PromotionResult promote(ModelType type, String version, String reason) {
        ModelArtifact target = require(type, version);
        Optional<ModelArtifact> current = getActive(type);
        if (target.status() == ModelStatus.ACTIVE) {
            return new PromotionResult(type, version, version, target.promotedAt(), reason);
        }
        if (!target.status().canTransitionTo(ModelStatus.ACTIVE)) {
            throw new IllegalTransitionException(type, version, target.status(), ModelStatus.ACTIVE);
        }
        var now = clock.instant();
        current.ifPresent(old -> put(old.withRetiredAt(now)));
        put(target.withPromotedAt(now));
        return new PromotionResult(type, current.map(ModelArtifact::version).orElse(null), version, now, reason);
    }

    @Override
    public synchronized ModelArtifact retire(ModelType type, String version) {
        ModelArtifact a = require(type, version);
        if (a.status() != ModelStatus.ACTIVE) throw new IllegalTransitionException(type, version, a.status(), ModelStatus.RETIRED);
        return put(a.withRetiredAt(clock.instant()));
    }

    @Override
    public synchronized ModelArtifact updateStatus(ModelType type, String version, ModelStatus status) {
        if (status == ModelStatus.ACTIVE) {
            throw new IllegalArgumentException("status ACTIVE is set only by promote() (model " + type + " version '" + version + "')");
        }
        if (status == ModelStatus.RETIRED) return retire(type, version);
        ModelArtifact a = require(type, version);
        if (!a.status().canTransitionTo(status)) throw new IllegalTransitionException(type, version, a.status(), status);
        return put(a.withStatus(status));
    }

    @Override
    public synchronized ModelArtifact updateMetrics(ModelType type, String version, Map<String, Double> metrics) {
        return put(require(type, version).withMetrics(metrics));
    }

    @Override
    public synchronized Optional<ModelArtifact> find(ModelType type, String version) {
        Names.requireName(version, "version");
        return Optional.ofNullable(versions(type).get(version));
    }

    @Override
    public synchronized List<ModelArtifact> history(ModelType type, int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        List<ModelArtifact> all = new ArrayList<>(versions(type).values());
        all.sort(NEWEST_FIRST);
        return List.copyOf(all.subList(0, Math.min(limit, all.size())));
    }

    @Override
    public synchronized List<ModelArtifact> findByStatus(ModelType type, ModelStatus status) {
        List<ModelArtifact> out = new ArrayList<>();
        for (ModelArtifact a : versions(type).values()) if (a.status() == status) out.add(a);
        out.sort(NEWEST_FIRST);
        return List.copyOf(out);
    }

    @Override
    public synchronized Set<ModelType> modelTypes() {
        return Set.copyOf(new TreeSet<>(artifacts.keySet()));
    }

    @Override
    public synchronized ModelArtifact require(ModelType type, String version) {
        Names.requireName(version, "version");
        ModelArtifact a = versions(type).get(version);
        if (a == null) throw new UnknownModelException(type, version, "no such version in the registry");
        return a;
    }

    private Map<String, ModelArtifact> versions(ModelType type) {
        return artifacts.getOrDefault(type, Map.of());
    }

    private ModelArtifact put(ModelArtifact a) {
        artifacts.get(a.type()).put(a.version(), a);
        return a;
    }
}
