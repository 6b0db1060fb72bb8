package dev.clm.models.patchtst;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Scaled dot-product multi-head self-attention (Vaswani et al., 2017) over patch tokens:
 * {@code (batch, tokens, d)} -> {@code (batch, tokens, d)}, with {@code heads} heads of size
 * {@code d / heads}, dropout on the attention weights while training.
 */
final class MultiHeadSelfAttention extends AbstractBlock {
    private final int model;
    private final int heads;
    private final float dropout;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear output;

    MultiHeadSelfAttention(int model, int heads, float dropout) {
        this.model = model;
        this.heads = heads;
        this.dropout = dropout;
        this.query = addChildBlock("query", Linear.builder().setUnits(model).build());
        this.key = addChildBlock("key", Linear.builder().setUnits(model).build());
        this.value = addChildBlock("value", Linear.builder().setUnits(model).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(model).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long tokens = x.getShape().get(1);
        int headSize = model / heads;
        NDArray q = split(query.forward(ps, inputs, training, params).singletonOrThrow(), tokens, headSize);
        NDArray k = split(key.forward(ps, inputs, training, params).singletonOrThrow(), tokens, headSize);
        NDArray v = split(value.forward(ps, inputs, training, params).singletonOrThrow(), tokens, headSize);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(headSize));
        NDArray weights = scores.softmax(-1);
        if (dropout > 0) weights = Dropout.dropout(weights, dropout, training).singletonOrThrow();
        NDArray merged = weights.matMul(v).transpose(0, 2, 1, 3).reshape(-1, tokens, model);
        return output.forward(ps, new NDList(merged), training, params);
    }

    /** (batch, tokens, d) -> (batch, heads, tokens, d / heads). */
    private NDArray split(NDArray a, long tokens, int headSize) {
        return a.reshape(-1, tokens, heads, headSize).transpose(0, 2, 1, 3);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Linear l : new Linear[] {query, key, value, output}) l.initialize(manager, dataType, inputShapes[0]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
