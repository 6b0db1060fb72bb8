package dev.clm.models.nhits;

import ai.djl.nn.Block;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;
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

    private static final ParamSchema SPEC = TrainingParams.addTo(ParamSchema.builder(ModelType.NHITS)
            .intParam(INPUT_SIZE, 120, 1, 4096, "input window L: reads ret_lag_{L-1} .. ret_lag_0")
            .intParam(HORIZON, 24, 1, 1024, "forecast path length H (summed to the label)")
            .intParam(STACKS, 3, 1, 16, "number of stacks")
            .intParam(BLOCKS_PER_STACK, 1, 1, 16, "blocks per stack")
            .intParam(HIDDEN_SIZE, 128, 1, 8192, "units per MLP layer")
            .intParam(MLP_LAYERS, 2, 1, 16, "hidden layers per block MLP")
            .intListParam(POOL_KERNEL_SIZES, "4,2,1", 1, 4096, "max-pool kernel per stack")
            .intListParam(FREQ_DOWNSAMPLE, "12,4,1", 1, 4096,
                    "inverse expressiveness ratio per stack: knots = ceil(length / value)")
            .doubleParam(DROPOUT, 0.0, 0, 0.9, "dropout after each MLP layer while training"),
            10, 256, 1e-3)
            .tag(ARCHITECTURE, INPUT_SIZE, HORIZON, STACKS, BLOCKS_PER_STACK, HIDDEN_SIZE, MLP_LAYERS, POOL_KERNEL_SIZES,
                    FREQ_DOWNSAMPLE).build();

    @Override
    public ModelType type() {
        return ModelType.NHITS;
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ParamSchema params() {
        return SPEC;
    }

    @Override
    public int inputSize(ResolvedParams params) {
        return params.intValue(INPUT_SIZE);
    }

    @Override
    public Block build(ResolvedParams params) {
        return new NHitsNetwork(NHitsConfig.of(params));
    }
}
