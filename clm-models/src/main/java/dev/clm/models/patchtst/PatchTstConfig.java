package dev.clm.models.patchtst;

import dev.clm.models.djl.ParamSpec;

/** Shape of a PatchTST network, read from validated parameters. Immutable. */
record PatchTstConfig(int inputSize, int patchLength, int stride, int modelSize, int heads, int layers,
                      int feedForwardSize, float dropout, float headDropout) {

    static PatchTstConfig of(ParamSpec.Resolved p) {
        PatchTstConfig c = new PatchTstConfig(p.getInt(PatchTstArchitecture.INPUT_SIZE), p.getInt(PatchTstArchitecture.PATCH_LENGTH),
                p.getInt(PatchTstArchitecture.STRIDE), p.getInt(PatchTstArchitecture.D_MODEL), p.getInt(PatchTstArchitecture.HEADS),
                p.getInt(PatchTstArchitecture.LAYERS), p.getInt(PatchTstArchitecture.FF_SIZE),
                (float) p.getDouble(PatchTstArchitecture.DROPOUT), (float) p.getDouble(PatchTstArchitecture.HEAD_DROPOUT));
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
