package dev.clm.models.nhits;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import dev.clm.models.djl.Interpolation;

/**
 * One N-HiTS block (Challu et al., 2023, section 3): multi-rate input sampling by max-pooling
 * with kernel {@code k}, an MLP producing coarse backcast and forecast coefficients
 * {@code theta_b} ({@code ceil(L / r)} knots) and {@code theta_f} ({@code ceil(H / r)} knots)
 * for the expressiveness ratio 1/r, and hierarchical interpolation of both to full length.
 *
 * <p>Input {@code (batch, L)}; output {@code [backcast (batch, L), forecast (batch, H)]}.
 * Not thread safe during training; forward in inference is safe (DJL blocks are read-only then).
 */
final class NHitsBasisBlock extends AbstractBlock {
    private final int inputSize;
    private final int horizon;
    private final int poolKernel;
    private final int pooledSize;
    private final int backcastKnots;
    private final int forecastKnots;
    private final float[] backcastInterpolation;
    private final float[] forecastInterpolation;
    private final SequentialBlock mlp;

    NHitsBasisBlock(int inputSize, int horizon, int poolKernel, int downsample, int hidden, int layers, float dropout) {
        this.inputSize = inputSize;
        this.horizon = horizon;
        this.poolKernel = poolKernel;
        this.pooledSize = ceilDiv(inputSize, poolKernel);
        this.backcastKnots = Math.max(1, ceilDiv(inputSize, downsample));
        this.forecastKnots = Math.max(1, ceilDiv(horizon, downsample));
        this.backcastInterpolation = Interpolation.linearMatrix(backcastKnots, inputSize);
        this.forecastInterpolation = Interpolation.linearMatrix(forecastKnots, horizon);
        SequentialBlock seq = new SequentialBlock();
        for (int i = 0; i < layers; i++) {
            seq.add(Linear.builder().setUnits(hidden).build());
            seq.add(Activation.reluBlock());
            if (dropout > 0) seq.add(Dropout.builder().optRate(dropout).build());
        }
        Linear coefficients = Linear.builder().setUnits(backcastKnots + forecastKnots).build();
        // Start every block at zero output: the prediction sums H coherent forecast points over
        // all blocks, so even small random coefficients start it several label-sds off. The
        // hidden layers stay random, so the first gradient step breaks the zero symmetry.
        coefficients.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
        seq.add(coefficients);
        this.mlp = addChildBlock("mlp", seq);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray pooled = x;
        if (poolKernel > 1) {
            pooled = Pool.maxPool1d(x.expandDims(1), new Shape(poolKernel), new Shape(poolKernel), new Shape(0), true).squeeze(1);
        }
        NDArray theta = mlp.forward(ps, new NDList(pooled), training, params).singletonOrThrow();
        NDManager m = x.getManager();
        NDArray backcast = theta.get(":, :{}", backcastKnots)
                .matMul(m.create(backcastInterpolation, new Shape(backcastKnots, inputSize)));
        NDArray forecast = theta.get(":, {}:", backcastKnots)
                .matMul(m.create(forecastInterpolation, new Shape(forecastKnots, horizon)));
        return new NDList(backcast, forecast);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        mlp.initialize(manager, dataType, new Shape(inputShapes[0].get(0), pooledSize));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {new Shape(batch, inputSize), new Shape(batch, horizon)};
    }
}
