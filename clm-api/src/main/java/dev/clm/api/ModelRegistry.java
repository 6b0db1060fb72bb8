package dev.clm.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every model version, its metadata and its bytes. Versions are never deleted.
 *
 * <p>Invariant: at most one ACTIVE version per model type at every instant, also when
 * several threads (or, for database implementations, several processes) promote at once.
 * Implementations are thread-safe.
 */
public interface ModelRegistry {

    /** The ACTIVE version of {@code type}, if any. */
    Optional<ModelArtifact> getActive(ModelType type);

    /**
     * Stores a new version with its bytes. The artifact's status must be CANDIDATE or SHADOW,
     * its checksum the SHA-256 of {@code modelBytes} ({@link ArtifactIntegrityException}
     * otherwise), and (type, version) must be new ({@link IllegalArgumentException} otherwise).
     */
    ModelArtifact save(ModelArtifact artifact, byte[] modelBytes);

    /** The bytes of a version, verified against the recorded checksum. */
    byte[] loadBytes(ModelType type, String version);

    /**
     * Makes {@code version} ACTIVE and the previous ACTIVE version (if any) RETIRED, atomically.
     * Allowed from CANDIDATE, SHADOW and RETIRED (rollback); promoting the ACTIVE version
     * again changes nothing and returns a result with {@code oldVersion == newVersion}.
     */
    PromotionResult promote(ModelType type, String version, String reason);

    /** Moves an ACTIVE version to RETIRED (leaving the type without an active version). */
    ModelArtifact retire(ModelType type, String version);

    /** Moves a version along its lifecycle (CANDIDATE to SHADOW, SHADOW to REJECTED, ...). */
    ModelArtifact updateStatus(ModelType type, String version, ModelStatus status);

    /** Replaces the metrics recorded for a version. */
    ModelArtifact updateMetrics(ModelType type, String version, java.util.Map<String, Double> metrics);

    Optional<ModelArtifact> find(ModelType type, String version);

    /** The newest {@code limit} versions of {@code type}, newest (by trainedAt, then version) first. */
    List<ModelArtifact> history(ModelType type, int limit);

    /** Every version of {@code type} in {@code status}, newest first. */
    List<ModelArtifact> findByStatus(ModelType type, ModelStatus status);

    /** Every model type with at least one version. */
    Set<ModelType> modelTypes();

    /** The version or an {@link UnknownModelException}. */
    default ModelArtifact require(ModelType type, String version) {
        return find(type, version).orElseThrow(() -> new UnknownModelException(type, version, "no such version in the registry"));
    }
}
