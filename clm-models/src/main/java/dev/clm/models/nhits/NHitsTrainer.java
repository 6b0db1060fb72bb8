package dev.clm.models.nhits;

import dev.clm.api.ModelType;
import dev.clm.models.djl.DjlSequenceTrainer;

/**
 * {@link dev.clm.api.ModelTrainer} for {@link ModelType#NHITS}: trains, fine-tunes (INCREMENTAL)
 * and loads {@link NHitsArchitecture N-HiTS} networks on DJL with the PyTorch engine (CPU,
 * offline). See {@link DjlSequenceTrainer} for input, label, scaling and early stopping, and
 * {@link NHitsArchitecture} for the parameters and their defaults.
 *
 * <p>Thread safe; trainings run one at a time per JVM. Models returned are owned by the caller.
 */
public final class NHitsTrainer extends DjlSequenceTrainer {
    public NHitsTrainer() {
        super(new NHitsArchitecture());
    }
}
