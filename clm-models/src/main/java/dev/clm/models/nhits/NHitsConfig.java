package dev.clm.models.nhits;

import dev.clm.models.djl.ParamSpec;

/** Shape of an N-HiTS network, read from validated parameters. Immutable. */
record NHitsConfig(int inputSize, int horizon, int stacks, int blocksPerStack, int hiddenSize, int mlpLayers,
                   int[] poolKernels, int[] downsample, float dropout) {

    static NHitsConfig of(ParamSpec.Resolved p) {
        NHitsConfig c = new NHitsConfig(p.getInt(NHitsArchitecture.INPUT_SIZE), p.getInt(NHitsArchitecture.HORIZON),
                p.getInt(NHitsArchitecture.STACKS), p.getInt(NHitsArchitecture.BLOCKS_PER_STACK),
                p.getInt(NHitsArchitecture.HIDDEN_SIZE), p.getInt(NHitsArchitecture.MLP_LAYERS),
                p.getIntList(NHitsArchitecture.POOL_KERNEL_SIZES), p.getIntList(NHitsArchitecture.FREQ_DOWNSAMPLE),
                (float) p.getDouble(NHitsArchitecture.DROPOUT));
        requireOnePerStack(NHitsArchitecture.POOL_KERNEL_SIZES, c.poolKernels, c.stacks);
        requireOnePerStack(NHitsArchitecture.FREQ_DOWNSAMPLE, c.downsample, c.stacks);
        for (int k : c.poolKernels) {
            if (k > c.inputSize) {
                throw new IllegalArgumentException("parameter '" + NHitsArchitecture.POOL_KERNEL_SIZES + "' has kernel " + k
                        + " larger than " + NHitsArchitecture.INPUT_SIZE + " = " + c.inputSize);
            }
        }
        return c;
    }

    private static void requireOnePerStack(String name, int[] values, int stacks) {
        if (values.length != stacks) {
            throw new IllegalArgumentException("parameter '" + name + "' has " + values.length + " values; expected one per stack ("
                    + NHitsArchitecture.STACKS + " = " + stacks + ")");
        }
    }
}
