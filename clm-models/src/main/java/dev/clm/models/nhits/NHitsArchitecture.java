package dev.clm.models.nhits;

import ai.djl.nn.Block;
import dev.clm.api.ModelType;
import dev.clm.models.djl.ParamSpec;
import dev.clm.models.djl.ParamSpec.Kind;
import dev.clm.models.djl.SequenceArchitecture;
import dev.clm.models.djl.TrainingParams;

/**
 * N-HiTS (Challu, Olivares, Oreshkin, Garza, Mergenthaler-Canseco, Dubrawski: "N-HiTS: Neural
 * Hierarchical Interpolation for Time Series Forecasting", AAAI 2023) as a clm sequence model.
 *
 * <p>Defaults: input size 120, horizon 24, 3 stacks of 1 block, MLPs of 2 x 128 ReLU units
 * (the paper uses 512; 128 keeps 100k rows x 10 epochs under two CPU minutes), pooling
 * kernels 4/2/1 and expressiveness ratios 1/12, 1/4, 1 (forecast knots 2, 6, 24; backcast
 * knots 10, 30, 120). Stateless; thread safe.
 */
public final class NHitsArchitecture implements SequenceArchitecture {
    public static final String FORMAT = "clm-nhits-djl-v1";

    public static final String INPUT_SIZE = "input_size";
    public static final String HORIZON = "horizon";
    public static final String STACKS = "stacks";
    public static final String BLOCKS_PER_STACK = "blocks_per_stack";
    public static final String HIDDEN_SIZE = "hidden_size";
    public static final String MLP_LAYERS = "mlp_layers";
    public static final String POOL_KERNEL_SIZES = "pool_kernel_sizes";
    public static final String FREQ_DOWNSAMPLE = "freq_downsample";
    public static final String DROPOUT = "dropout";

    private static final ParamSpec SPEC = TrainingParams.addTo(ParamSpec.builder(ModelType.NHITS)
            .architecture(INPUT_SIZE, "120", Kind.INT, 1, 4096, "input window L: reads ret_lag_{L-1} .. ret_lag_0")
            .architecture(HORIZON, "24", Kind.INT, 1, 1024, "forecast path length H (summed to the label)")
            .architecture(STACKS, "3", Kind.INT, 1, 16, "number of stacks")
            .architecture(BLOCKS_PER_STACK, "1", Kind.INT, 1, 16, "blocks per stack")
            .architecture(HIDDEN_SIZE, "128", Kind.INT, 1, 8192, "units per MLP layer")
            .architecture(MLP_LAYERS, "2", Kind.INT, 1, 16, "hidden layers per block MLP")
            .architecture(POOL_KERNEL_SIZES, "4,2,1", Kind.INT_LIST, 1, 4096, "max-pool kernel per stack")
            .architecture(FREQ_DOWNSAMPLE, "12,4,1", Kind.INT_LIST, 1, 4096,
                    "inverse expressiveness ratio per stack: knots = ceil(length / value)")
            .training(DROPOUT, "0.0", Kind.DOUBLE, 0, 0.9, "dropout after each MLP layer while training"),
            10, 256, 1e-3).build();

    @Override
    public ModelType type() {
        return ModelType.NHITS;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ParamSpec params() {
        return SPEC;
    }

    @Override
    public int inputSize(ParamSpec.Resolved params) {
        return params.getInt(INPUT_SIZE);
    }

    @Override
    public Block build(ParamSpec.Resolved params) {
        return new NHitsNetwork(NHitsConfig.of(params));
    }
}
