package dev.clm.core;

import dev.clm.api.CorruptModelException;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.TrainedModel;
import dev.clm.ensemble.EnsembleTrainer;

/** Loads a registered version into a live model (bytes verified by the registry). The caller closes it. */
final class ModelLoader {
    private final ModelRegistry registry;
    private final ModelTrainer trainer;

    ModelLoader(ModelRegistry registry, ModelTrainer trainer) {
        this.registry = registry;
        this.trainer = trainer;
    }

    TrainedModel load(ModelArtifact a) {
        byte[] bytes = registry.loadBytes(a.type(), a.version());
        try {
            return trainer.load(a.type(), bytes);
        } catch (CorruptModelException e) {
            throw e.version() == null ? e.withVersion(a.version()) : e; // the trainer cannot know which version the bytes are
        } catch (ModelTrainingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelTrainingException(a.type(), a.version(), "cannot load registered model: " + e.getMessage(), e);
        }
    }

    /**
     * Before a promotion: a version that depends on other versions (an ensemble) must load
     * with all its members, else this throws (a {@code MemberUnavailableException} naming the
     * member). Other versions were checksummed when saved and are not loaded here.
     */
    void verifyMembersLoadable(ModelArtifact a) {
        if (!EnsembleTrainer.isEnsemble(a)) return;
        try (TrainedModel ignored = load(a)) {
            // loading resolved and loaded every member; nothing else to do
        }
    }
}
