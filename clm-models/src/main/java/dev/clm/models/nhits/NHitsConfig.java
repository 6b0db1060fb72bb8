package dev.clm.models.nhits;

import dev.clm.api.ResolvedParams;

/** Shape of an N-HiTS network, read from validated parameters. Immutable. */
record NHitsConfig(int inputSize, int horizon, int stacks, int blocksPerStack, int hiddenSize, int mlpLayers,
                   int[] poolKernels, int[] downsample, float dropout) {

    static NHitsConfig of(ResolvedParams p) {
        NHitsConfig c = new NHitsConfig(p.intValue(NHitsArchitecture.INPUT_SIZE), p.intValue(NHitsArchitecture.HORIZON),
                p.intValue(NHitsArchitecture.STACKS), p.intValue(NHitsArchitecture.BLOCKS_PER_STACK),
                p.intValue(NHitsArchitecture.HIDDEN_SIZE), p.intValue(NHitsArchitecture.MLP_LAYERS),
                p.intList(NHitsArchitecture.POOL_KERNEL_SIZES), p.intList(NHitsArchitecture.FREQ_DOWNSAMPLE),
                (float) p.doubleValue(NHitsArchitecture.DROPOUT));
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
