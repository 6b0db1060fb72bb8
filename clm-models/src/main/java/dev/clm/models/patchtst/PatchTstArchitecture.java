package dev.clm.models.patchtst;

import ai.djl.nn.Block;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;
import dev.clm.models.djl.SequenceArchitecture;
import dev.clm.models.djl.TrainingParams;

/**
 * PatchTST (Nie et al., ICLR 2023) as a clm sequence model; see {@link PatchTstNetwork}.
 *
 * <p>Defaults: context (input size) 120, patch length 16, stride 8 (15 patches), d_model 32,
 * 4 heads, 2 encoder layers, feed-forward 64, dropout 0 (paper: 0.2), head dropout 0, batch
 * 512. Smaller than the paper's 128/16/3/256 and without dropout (whose random masks cost
 * ~40% of a CPU step) so that 100k rows train in under two minutes on one CPU core.
 * Stateless; thread safe.
 */
public final class PatchTstArchitecture implements SequenceArchitecture {
    public static final String FORMAT = "clm-patchtst-djl-v1";

    public static final String INPUT_SIZE = "input_size";
    public static final String PATCH_LENGTH = "patch_length";
    public static final String STRIDE = "stride";
    public static final String D_MODEL = "d_model";
    public static final String HEADS = "heads";
    public static final String LAYERS = "layers";
    public static final String FF_SIZE = "ff_size";
    public static final String DROPOUT = "dropout";
    public static final String HEAD_DROPOUT = "head_dropout";

    private static final ParamSchema SPEC = TrainingParams.addTo(ParamSchema.builder(ModelType.PATCHTST)
            .intParam(INPUT_SIZE, 120, 2, 4096, "context length L: reads ret_lag_{L-1} .. ret_lag_0")
            .intParam(PATCH_LENGTH, 16, 1, 4096, "patch length P")
            .intParam(STRIDE, 8, 1, 4096, "stride S between patch starts")
            .intParam(D_MODEL, 32, 1, 4096, "token width d")
            .intParam(HEADS, 4, 1, 64, "attention heads (must divide d_model)")
            .intParam(LAYERS, 2, 1, 16, "encoder layers")
            .intParam(FF_SIZE, 64, 1, 16384, "feed-forward width")
            .doubleParam(DROPOUT, 0.0, 0, 0.9, "dropout in the encoder while training")
            .doubleParam(HEAD_DROPOUT, 0.0, 0, 0.9, "dropout before the flatten head while training"),
            10, 512, 1e-3)
            .tag(ARCHITECTURE, INPUT_SIZE, PATCH_LENGTH, STRIDE, D_MODEL, HEADS, LAYERS, FF_SIZE).build();

    @Override
    public ModelType type() {
        return ModelType.PATCHTST;
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
        return new PatchTstNetwork(PatchTstConfig.of(params));
    }
}
