package dev.clm.models.djl;

import dev.clm.api.ParamSchema;

/** Names and shared definitions of the training parameters every clm neural model accepts. */
public final class TrainingParams {
    public static final String SEED = "seed";
    public static final String EPOCHS = "epochs";
    public static final String BATCH_SIZE = "batch_size";
    public static final String LEARNING_RATE = "learning_rate";
    public static final String WEIGHT_DECAY = "weight_decay";
    public static final String PATIENCE = "patience";
    public static final String GRAD_CLIP = "grad_clip";
    /**
     * The fit fails unless its best validation MSE is below this multiple of the zero-return
     * forecast's MSE on the same rows (default 1: it must beat predicting no move).
     */
    public static final String MAX_VALIDATION_MSE_RATIO = "max_validation_mse_ratio";

    /** Default seed: fixed, so two trainings on the same data give the same model. */
    public static final String DEFAULT_SEED = "42";

    private TrainingParams() {}

    /** Adds the training parameters with the given epoch and batch defaults. */
    public static ParamSchema.Builder addTo(ParamSchema.Builder b, int defaultEpochs, int defaultBatch, double defaultLr) {
        return b.intParam(SEED, Long.parseLong(DEFAULT_SEED), 0, Integer.MAX_VALUE, "seed of weight init, dropout and batch shuffling")
                .intParam(EPOCHS, defaultEpochs, 0, 10_000,
                        "maximum passes over the training rows (0 = no training: INCREMENTAL then copies the base)")
                .intParam(BATCH_SIZE, defaultBatch, 1, 65_536, "rows per gradient step")
                .doubleParam(LEARNING_RATE, defaultLr, 1e-7, 1.0, "Adam learning rate")
                .doubleParam(WEIGHT_DECAY, 0.0, 0, 1, "L2 weight decay of Adam")
                .intParam(PATIENCE, 3, 1, 10_000,
                        "early stopping: epochs without a better validation loss before stopping (best weights are kept)")
                .doubleParam(GRAD_CLIP, 1.0, 1e-6, 1e6, "gradient clipping value")
                .doubleParam(MAX_VALIDATION_MSE_RATIO, 1.0, 1e-6, 1e6,
                        "the fit fails unless its best validation MSE is below this multiple of the zero-return forecast's");
    }
}
