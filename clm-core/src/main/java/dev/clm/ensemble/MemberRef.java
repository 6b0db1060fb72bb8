package dev.clm.ensemble;

import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelType;
import java.time.Instant;

/**
 * The registry version an ensemble uses for one member type, as recorded in the ensemble's
 * bytes: type, version, the SHA-256 of its bytes at training time, and the end of the data it
 * had seen (its artifact's training range end).
 */
public record MemberRef(ModelType type, String version, String checksum, Instant trainedUntil) {
    public MemberRef {
        if (type == null || version == null || checksum == null || trainedUntil == null) {
            throw new IllegalArgumentException("member type, version, checksum and trainedUntil must not be null");
        }
    }

    static MemberRef of(ModelArtifact a) {
        return new MemberRef(a.type(), a.version(), a.checksum(), a.trainingRange().end());
    }

    @Override
    public String toString() {
        return type + ":" + version;
    }
}
