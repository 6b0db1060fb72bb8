package dev.clm.models.patchtst;

import ai.djl.nn.Block;
import dev.clm.api.ModelType;
import dev.clm.models.djl.ParamSpec;
import dev.clm.models.djl.ParamSpec.Kind;
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

    private static final ParamSpec SPEC = TrainingParams.addTo(ParamSpec.builder(ModelType.PATCHTST)
            .architecture(INPUT_SIZE, "120", Kind.INT, 2, 4096, "context length L: reads ret_lag_{L-1} .. ret_lag_0")
            .architecture(PATCH_LENGTH, "16", Kind.INT, 1, 4096, "patch length P")
            .architecture(STRIDE, "8", Kind.INT, 1, 4096, "stride S between patch starts")
            .architecture(D_MODEL, "32", Kind.INT, 1, 4096, "token width d")
            .architecture(HEADS, "4", Kind.INT, 1, 64, "attention heads (must divide d_model)")
            .architecture(LAYERS, "2", Kind.INT, 1, 16, "encoder layers")
            .architecture(FF_SIZE, "64", Kind.INT, 1, 16384, "feed-forward width")
            .training(DROPOUT, "0.0", Kind.DOUBLE, 0, 0.9, "dropout in the encoder while training")
            .training(HEAD_DROPOUT, "0.0", Kind.DOUBLE, 0, 0.9, "dropout before the flatten head while training"),
            10, 512, 1e-3).build();

    @Override
    public ModelType type() {
        return ModelType.PATCHTST;
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
        return new PatchTstNetwork(PatchTstConfig.of(params));
    }
}
