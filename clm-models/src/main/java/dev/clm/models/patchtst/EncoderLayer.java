package dev.clm.models.patchtst;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One Transformer encoder layer with LayerNorm (post-norm, as in Vaswani et al., 2017):
 * {@code x = LN(x + Dropout(MHA(x)))}, {@code x = LN(x + Dropout(W2 Dropout(GELU(W1 x))))}.
 * Built from parts because DJL's {@code TransformerEncoderBlock} normalizes with BatchNorm.
 * Shape {@code (batch, tokens, d)} in and out.
 */
final class EncoderLayer extends AbstractBlock {
    private final float dropout;
    private final MultiHeadSelfAttention attention;
    private final LayerNorm attentionNorm;
    private final Linear feedForwardIn;
    private final Linear feedForwardOut;
    private final LayerNorm feedForwardNorm;
    private final int model;
    private final int feedForward;

    EncoderLayer(int model, int heads, int feedForward, float dropout) {
        this.model = model;
        this.feedForward = feedForward;
        this.dropout = dropout;
        this.attention = addChildBlock("attention", new MultiHeadSelfAttention(model, heads, dropout));
        this.attentionNorm = addChildBlock("attention_norm", LayerNorm.builder().axis(2).build());
        this.feedForwardIn = addChildBlock("ff_in", Linear.builder().setUnits(feedForward).build());
        this.feedForwardOut = addChildBlock("ff_out", Linear.builder().setUnits(model).build());
        this.feedForwardNorm = addChildBlock("ff_norm", LayerNorm.builder().axis(2).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray a = drop(attention.forward(ps, inputs, training, params).singletonOrThrow(), training);
        x = attentionNorm.forward(ps, new NDList(x.add(a)), training, params).singletonOrThrow();
        NDArray h = Activation.gelu(feedForwardIn.forward(ps, new NDList(x), training, params).singletonOrThrow());
        h = feedForwardOut.forward(ps, new NDList(drop(h, training)), training, params).singletonOrThrow();
        return feedForwardNorm.forward(ps, new NDList(x.add(drop(h, training))), training, params);
    }

    private NDArray drop(NDArray a, boolean training) {
        return dropout > 0 && training ? Dropout.dropout(a, dropout, true).singletonOrThrow() : a;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        attention.initialize(manager, dataType, in);
        attentionNorm.initialize(manager, dataType, in);
        feedForwardIn.initialize(manager, dataType, in);
        feedForwardOut.initialize(manager, dataType, new Shape(in.get(0), in.get(1), feedForward));
        feedForwardNorm.initialize(manager, dataType, new Shape(in.get(0), in.get(1), model));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
