package dev.clm.models.patchtst;

import dev.clm.api.ModelType;
import dev.clm.models.djl.DjlSequenceTrainer;

/**
 * {@link dev.clm.api.ModelTrainer} for {@link ModelType#PATCHTST}: trains, fine-tunes
 * (INCREMENTAL) and loads {@link PatchTstArchitecture PatchTST} networks on DJL with the
 * PyTorch engine (CPU, offline). See {@link DjlSequenceTrainer} for input, label, scaling and
 * early stopping.
 *
 * <p>Thread safe; trainings run one at a time per JVM. Models returned are owned by the caller.
 */
public final class PatchTstTrainer extends DjlSequenceTrainer {
    public PatchTstTrainer() {
        super(new PatchTstArchitecture());
    }
}
