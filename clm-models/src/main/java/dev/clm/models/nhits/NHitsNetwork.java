package dev.clm.models.nhits;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The N-HiTS network (Challu et al., 2023): stacks of {@link NHitsBasisBlock}s with doubly
 * residual connections. Each block removes its backcast from the input the next block sees
 * and adds its forecast to the total; stacks differ by pooling kernel and expressiveness
 * ratio, so early stacks model low-frequency structure and later ones the detail.
 *
 * <p>Input {@code (batch, L)} standardized returns, oldest first. Output {@code (batch, 1)}:
 * the mean of the {@code H}-point forecast path, trained against the standardized label (the
 * cumulative forward return). The path is thus the label's decomposition into H equal-weight
 * steps, supervised only through its aggregate, because the dataset carries the cumulative
 * label and not the per-bar future returns. (The mean rather than the sum keeps the gradient
 * of each interpolation knot independent of H.)
 */
final class NHitsNetwork extends AbstractBlock {
    private final List<NHitsBasisBlock> blocks = new ArrayList<>();

    NHitsNetwork(NHitsConfig c) {
        for (int s = 0; s < c.stacks(); s++) {
            for (int b = 0; b < c.blocksPerStack(); b++) {
                blocks.add(addChildBlock("stack" + s + "_block" + b, new NHitsBasisBlock(c.inputSize(), c.horizon(),
                        c.poolKernels()[s], c.downsample()[s], c.hiddenSize(), c.mlpLayers(), c.dropout())));
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray residual = inputs.singletonOrThrow();
        NDArray forecast = null;
        for (NHitsBasisBlock block : blocks) {
            NDList out = block.forward(ps, new NDList(residual), training, params);
            residual = residual.sub(out.get(0));
            forecast = forecast == null ? out.get(1) : forecast.add(out.get(1));
        }
        return new NDList(forecast.mean(new int[] {1}, true));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (NHitsBasisBlock block : blocks) block.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }
}
