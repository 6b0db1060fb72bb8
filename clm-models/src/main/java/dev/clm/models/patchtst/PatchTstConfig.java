package dev.clm.models.patchtst;

import dev.clm.api.ResolvedParams;

/** Shape of a PatchTST network, read from validated parameters. Immutable. */
record PatchTstConfig(int inputSize, int patchLength, int stride, int modelSize, int heads, int layers,
                      int feedForwardSize, float dropout, float headDropout) {

    static PatchTstConfig of(ResolvedParams p) {
        PatchTstConfig c = new PatchTstConfig(p.intValue(PatchTstArchitecture.INPUT_SIZE), p.intValue(PatchTstArchitecture.PATCH_LENGTH),
                p.intValue(PatchTstArchitecture.STRIDE), p.intValue(PatchTstArchitecture.D_MODEL), p.intValue(PatchTstArchitecture.HEADS),
                p.intValue(PatchTstArchitecture.LAYERS), p.intValue(PatchTstArchitecture.FF_SIZE),
                (float) p.doubleValue(PatchTstArchitecture.DROPOUT), (float) p.doubleValue(PatchTstArchitecture.HEAD_DROPOUT));
        if (c.patchLength > c.inputSize) {
            throw new IllegalArgumentException("parameter '" + PatchTstArchitecture.PATCH_LENGTH + "' = " + c.patchLength
                    + " exceeds '" + PatchTstArchitecture.INPUT_SIZE + "' = " + c.inputSize + "; expected patch_length <= input_size");
        }
        if (c.modelSize % c.heads != 0) {
            throw new IllegalArgumentException("parameter '" + PatchTstArchitecture.D_MODEL + "' = " + c.modelSize
                    + " is not divisible by '" + PatchTstArchitecture.HEADS + "' = " + c.heads);
        }
        return c;
    }

    /** Patches after padding the end with {@code stride} copies of the last value: (L - P) / S + 2. */
    int patchCount() {
        return (inputSize - patchLength) / stride + 2;
    }
}
