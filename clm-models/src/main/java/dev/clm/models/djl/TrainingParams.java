package dev.clm.models.djl;

import dev.clm.models.djl.ParamSpec.Kind;

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
    public static ParamSpec.Builder addTo(ParamSpec.Builder b, int defaultEpochs, int defaultBatch, double defaultLr) {
        return b.training(SEED, DEFAULT_SEED, Kind.INT, 0, Integer.MAX_VALUE, "seed of weight init, dropout and batch shuffling")
                .training(EPOCHS, Integer.toString(defaultEpochs), Kind.INT, 0, 10_000,
                        "maximum passes over the training rows (0 = no training: INCREMENTAL then copies the base)")
                .training(BATCH_SIZE, Integer.toString(defaultBatch), Kind.INT, 1, 65_536, "rows per gradient step")
                .training(LEARNING_RATE, Double.toString(defaultLr), Kind.DOUBLE, 1e-7, 1.0, "Adam learning rate")
                .training(WEIGHT_DECAY, "0.0", Kind.DOUBLE, 0, 1, "L2 weight decay of Adam")
                .training(PATIENCE, "3", Kind.INT, 1, 10_000,
                        "early stopping: epochs without a better validation loss before stopping (best weights are kept)")
                .training(GRAD_CLIP, "1.0", Kind.DOUBLE, 1e-6, 1e6, "gradient clipping value")
                .training(MAX_VALIDATION_MSE_RATIO, "1.0", Kind.DOUBLE, 1e-6, 1e6,
                        "the fit fails unless its best validation MSE is below this multiple of the zero-return forecast's");
    }
}
