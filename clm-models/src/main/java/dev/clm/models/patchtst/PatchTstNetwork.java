package dev.clm.models.patchtst;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The PatchTST network (Nie, Nguyen, Sinthong, Kalagnanam: "A Time Series is Worth 64 Words:
 * Long-term Forecasting with Transformers", ICLR 2023) for one channel.
 *
 * <ol>
 *   <li>Patching: the window (padded at the end by repeating its last value {@code stride}
 *       times, as in the paper) is cut into {@code N = (L - P) / S + 2} patches of length P
 *       with stride S (one gather matrix multiply).</li>
 *   <li>Patch embedding: a shared linear map P -> d plus a learned positional embedding.</li>
 *   <li>Transformer encoder: {@link EncoderLayer}s with LayerNorm.</li>
 *   <li>Flatten head: the {@code N x d} representation flattened, dropout, linear -> 1 output,
 *       the standardized label.</li>
 * </ol>
 *
 * Channel independence: every channel is run through the same weights separately; the input
 * convention has one channel (the 1-bar return), so the network sees exactly one.
 */
final class PatchTstNetwork extends AbstractBlock {
    private final PatchTstConfig config;
    private final int patches;
    private final float[] patchGather;
    private final Linear embedding;
    private final Parameter positional;
    private final List<EncoderLayer> layers = new ArrayList<>();
    private final Linear head;

    PatchTstNetwork(PatchTstConfig c) {
        this.config = c;
        this.patches = c.patchCount();
        this.patchGather = gatherMatrix(c.inputSize(), c.patchLength(), c.stride(), patches);
        this.embedding = addChildBlock("patch_embedding", Linear.builder().setUnits(c.modelSize()).build());
        this.positional = addParameter(Parameter.builder().setName("positional").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(patches, c.modelSize())).build());
        for (int i = 0; i < c.layers(); i++) {
            layers.add(addChildBlock("encoder" + i, new EncoderLayer(c.modelSize(), c.heads(), c.feedForwardSize(), c.dropout())));
        }
        this.head = addChildBlock("flatten_head", Linear.builder().setUnits(1).build());
    }

    /** {@code L x (N * P)} 0/1 matrix: column {@code i*P + j} picks input {@code min(i*S + j, L-1)}. */
    static float[] gatherMatrix(int inputSize, int patchLength, int stride, int patches) {
        int cols = patches * patchLength;
        float[] g = new float[inputSize * cols];
        for (int i = 0; i < patches; i++) {
            for (int j = 0; j < patchLength; j++) {
                int src = Math.min(i * stride + j, inputSize - 1);
                g[src * cols + i * patchLength + j] = 1f;
            }
        }
        return g;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDManager m = x.getManager();
        NDArray gather = m.create(patchGather, new Shape(config.inputSize(), (long) patches * config.patchLength()));
        NDArray tokens = x.matMul(gather).reshape(-1, patches, config.patchLength());
        NDArray h = embedding.forward(ps, new NDList(tokens), training, params).singletonOrThrow();
        h = h.add(ps.getValue(positional, x.getDevice(), training));
        h = drop(h, config.dropout(), training);
        for (EncoderLayer layer : layers) h = layer.forward(ps, new NDList(h), training, params).singletonOrThrow();
        NDArray flat = drop(h.reshape(-1, (long) patches * config.modelSize()), config.headDropout(), training);
        return head.forward(ps, new NDList(flat), training, params);
    }

    private static NDArray drop(NDArray a, float rate, boolean training) {
        return rate > 0 && training ? Dropout.dropout(a, rate, true).singletonOrThrow() : a;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        embedding.initialize(manager, dataType, new Shape(batch, patches, config.patchLength()));
        Shape tokens = new Shape(batch, patches, config.modelSize());
        for (EncoderLayer layer : layers) layer.initialize(manager, dataType, tokens);
        head.initialize(manager, dataType, new Shape(batch, (long) patches * config.modelSize()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }
}
