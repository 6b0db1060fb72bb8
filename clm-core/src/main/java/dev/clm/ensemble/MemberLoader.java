package dev.clm.ensemble;

import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads ensemble members from the registry (checksummed bytes) through the member trainer.
 * Every failure is a {@link MemberUnavailableException} naming the member; on a failure the
 * members loaded so far are closed.
 */
final class MemberLoader {
    /** A loaded member: its registry artifact and its live model (owned by the caller). */
    record Loaded(ModelArtifact artifact, TrainedModel model) {}

    private final ModelRegistry registry;
    private final ModelTrainer trainer;

    MemberLoader(ModelRegistry registry, ModelTrainer trainer) {
        this.registry = registry;
        this.trainer = trainer;
    }

    /** The ACTIVE version of each member type. */
    List<Loaded> loadActive(ModelType ensemble, List<ModelType> types, List<String> featureNames) {
        List<Loaded> out = new ArrayList<>(types.size());
        try {
            for (ModelType t : types) {
                ModelArtifact a = registry.getActive(t).orElseThrow(() -> new MemberUnavailableException(ensemble, t, null,
                        "the type has no ACTIVE version in the registry to build the ensemble from", null));
                out.add(load(ensemble, a, a.checksum(), featureNames));
            }
            return out;
        } catch (RuntimeException e) {
            close(out);
            throw e;
        }
    }

    /** The recorded member versions, checking each registry checksum against the recorded one. */
    List<Loaded> loadRecorded(ModelType ensemble, List<MemberRef> refs, List<String> featureNames) {
        List<Loaded> out = new ArrayList<>(refs.size());
        try {
            for (MemberRef r : refs) {
                ModelArtifact a;
                try {
                    a = registry.require(r.type(), r.version());
                } catch (UnknownModelException e) {
                    throw new MemberUnavailableException(ensemble, r.type(), r.version(), "no such version in the registry", e);
                }
                out.add(load(ensemble, a, r.checksum(), featureNames));
            }
            return out;
        } catch (RuntimeException e) {
            close(out);
            throw e;
        }
    }

    private Loaded load(ModelType ensemble, ModelArtifact a, String expectedChecksum, List<String> featureNames) {
        if (!a.checksum().equals(expectedChecksum)) {
            throw new MemberUnavailableException(ensemble, a.type(), a.version(), "the registry's checksum " + a.checksum()
                    + " differs from the one recorded when the ensemble was trained (" + expectedChecksum + ")", null);
        }
        TrainedModel m;
        try {
            m = trainer.load(a.type(), registry.loadBytes(a.type(), a.version()));
        } catch (RuntimeException e) {
            throw new MemberUnavailableException(ensemble, a.type(), a.version(), "cannot load it: " + e.getMessage(), e);
        }
        if (!m.featureNames().equals(featureNames)) {
            m.close();
            throw new MemberUnavailableException(ensemble, a.type(), a.version(), "it was trained on features " + m.featureNames()
                    + ", the ensemble's rows have " + featureNames, null);
        }
        return new Loaded(a, m);
    }

    static void close(List<Loaded> loaded) {
        for (Loaded l : loaded) l.model().close();
    }
}
