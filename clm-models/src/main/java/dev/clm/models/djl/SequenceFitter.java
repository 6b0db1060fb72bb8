package dev.clm.models.djl;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ResolvedParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch Adam training of a {@link SequenceArchitecture} on standardized windows with
 * early stopping on the validation MSE; returns the best epoch's weights. The starting weights
 * are epoch 0 of a warm start, kept unless an epoch beats them; random weights are no model, so a
 * fresh fit keeps only trained epochs. An epoch whose validation MSE is NaN or infinite is never
 * kept. The fit fails ({@link ModelTrainingException} with the reason) when no kept weights have a
 * finite validation MSE, or when the best is not below the zero-return forecast's MSE on the same
 * validation rows (times {@code max_validation_mse_ratio}, default 1): a network that cannot beat
 * predicting no move is garbage, not a model.
 *
 * <p>Reproducible: the PyTorch generator is seeded and batches are shuffled with a
 * {@link SplittableRandom} of the same seed; the process-wide {@link DjlRuntime#trainingLock()}
 * is held for the whole fit. All native memory (model, trainer, batches) is freed on return.
 */
final class SequenceFitter {
    private static final Logger LOG = LoggerFactory.getLogger(SequenceFitter.class);
    private static final int EVAL_CHUNK = 4096;

    /** Outcome of a fit. {@code bestValidationMse} is in standardized label units. */
    record Result(byte[] weights, int epochsRun, double initialValidationMse, double bestValidationMse) {}

    /** Standardized rows: {@code x} is {@code rows x inputSize}, {@code y} one label per row. */
    record Matrix(float[] x, float[] y, int rows, int inputSize) {}

    private SequenceFitter() {}

    static Result fit(SequenceArchitecture arch, ResolvedParams p, Matrix train, Matrix validation, byte[] initialWeights) {
        int epochs = p.intValue(TrainingParams.EPOCHS);
        if (epochs == 0 && initialWeights != null) {
            return new Result(initialWeights, 0, Double.NaN, Double.NaN);
        }
        ReentrantLock lock = DjlRuntime.trainingLock();
        lock.lock();
        try {
            return fitLocked(arch, p, train, validation, initialWeights, epochs);
        } catch (IOException | MalformedModelException e) {
            throw new ModelTrainingException(arch.type(), null, "training failed: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private static Result fitLocked(SequenceArchitecture arch, ResolvedParams p, Matrix train, Matrix validation,
                                    byte[] initialWeights, int epochs) throws IOException, MalformedModelException {
        int seed = p.intValue(TrainingParams.SEED);
        int batch = Math.min(p.intValue(TrainingParams.BATCH_SIZE), train.rows());
        int patience = p.intValue(TrainingParams.PATIENCE);
        DjlRuntime.engine().setRandomSeed(seed);
        Block block = arch.build(p);
        try (Model model = Model.newInstance(arch.type().name(), Device.cpu(), DjlRuntime.ENGINE)) {
            if (initialWeights != null) {
                block.loadParameters(model.getNDManager(), new DataInputStream(new ByteArrayInputStream(initialWeights)));
            } else {
                // Initialize here, with the blocks' own initializers: the Trainer would impose
                // its default initializer on every weight, and skips parameters already set.
                block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(batch, train.inputSize()));
            }
            model.setBlock(block);
            Optimizer adam = Optimizer.adam()
                    .optLearningRateTracker(Tracker.fixed((float) p.doubleValue(TrainingParams.LEARNING_RATE)))
                    .optWeightDecays((float) p.doubleValue(TrainingParams.WEIGHT_DECAY))
                    .optClipGrad((float) p.doubleValue(TrainingParams.GRAD_CLIP))
                    .build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam)
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batch, train.inputSize()));
                double initial = validationMse(trainer, validation);
                byte[] best = weights(block);
                // a warm start's weights are epoch 0; random weights never are
                BestEpoch bestEpoch = new BestEpoch(initialWeights != null ? initial : Double.NaN);
                int sinceBest = 0;
                int epochsRun = 0;
                SplittableRandom rnd = new SplittableRandom(seed);
                int[] order = identity(train.rows());
                float[] bx = new float[batch * train.inputSize()];
                float[] by = new float[batch];
                for (int epoch = 0; epoch < epochs; epoch++) {
                    shuffle(order, rnd);
                    for (int start = 0; start < train.rows(); start += batch) {
                        int n = Math.min(batch, train.rows() - start);
                        step(trainer, train, order, start, n, bx, by);
                    }
                    epochsRun++;
                    double mse = validationMse(trainer, validation);
                    LOG.debug("{} epoch {}: validation mse {} (best {})", arch.type(), epoch + 1, mse, bestEpoch.mse());
                    if (bestEpoch.offer(mse)) {
                        best = weights(block);
                        sinceBest = 0;
                    } else if (++sinceBest >= patience) {
                        break;
                    }
                }
                String failure = bestEpoch.failure(zeroForecastMse(validation) * p.doubleValue(TrainingParams.MAX_VALIDATION_MSE_RATIO), epochsRun);
                if (failure != null) throw new ModelTrainingException(arch.type(), "training failed: " + failure);
                return new Result(best, epochsRun, initial, bestEpoch.mse());
            }
        }
    }

    private static void step(Trainer trainer, Matrix train, int[] order, int start, int n, float[] bx, float[] by) {
        int len = train.inputSize();
        for (int i = 0; i < n; i++) {
            int r = order[start + i];
            System.arraycopy(train.x(), r * len, bx, i * len, len);
            by[i] = train.y()[r];
        }
        try (NDManager m = trainer.getManager().newSubManager()) {
            NDArray x = n == bx.length / len ? m.create(bx, new Shape(n, len)) : m.create(java.util.Arrays.copyOf(bx, n * len), new Shape(n, len));
            NDArray y = m.create(n == by.length ? by : java.util.Arrays.copyOf(by, n), new Shape(n, 1));
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
                NDArray loss = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
                gc.backward(loss);
            }
            trainer.step();
        }
    }

    /**
     * Which epoch's weights to keep: the lowest finite validation MSE (NaN and infinity never
     * win), starting from the warm start's MSE, or from nothing for a fresh fit. Not thread-safe.
     */
    static final class BestEpoch {
        private double mse;

        /** @param starting the starting weights' validation MSE, NaN when they are not a model (random init) */
        BestEpoch(double starting) {
            this.mse = Double.isFinite(starting) ? starting : Double.POSITIVE_INFINITY;
        }

        /** Whether an epoch with this validation MSE becomes the best. */
        boolean offer(double epochMse) {
            if (!Double.isFinite(epochMse) || !(epochMse < mse)) return false;
            mse = epochMse;
            return true;
        }

        double mse() {
            return mse;
        }

        /** Why the fit is not a model (null when it is): no finite epoch, or no better than the zero forecast. */
        String failure(double zeroMse, int epochsRun) {
            if (!Double.isFinite(mse)) {
                return "the validation MSE was NaN or infinite at every one of " + epochsRun + " epochs; no usable weights";
            }
            if (!(mse < zeroMse)) {
                return String.format(java.util.Locale.ROOT, "the best validation MSE %.6g (standardized units, %d epochs run) is not "
                        + "below the zero-return forecast's %.6g on the same rows; the network has no skill to offer", mse, epochsRun, zeroMse);
            }
            return null;
        }
    }

    /** Mean squared error of the zero-return forecast (standardized units: a zero return scales to zero). */
    static double zeroForecastMse(Matrix data) {
        double s = 0;
        for (int i = 0; i < data.rows(); i++) s += (double) data.y()[i] * data.y()[i];
        return s / data.rows();
    }

    /** Mean squared error (standardized units) of the current weights on {@code data}. */
    private static double validationMse(Trainer trainer, Matrix data) {
        double sse = 0;
        int len = data.inputSize();
        for (int start = 0; start < data.rows(); start += EVAL_CHUNK) {
            int n = Math.min(EVAL_CHUNK, data.rows() - start);
            try (NDManager m = trainer.getManager().newSubManager()) {
                float[] xs = java.util.Arrays.copyOfRange(data.x(), start * len, (start + n) * len);
                NDArray pred = trainer.evaluate(new NDList(m.create(xs, new Shape(n, len)))).singletonOrThrow();
                float[] p = pred.toFloatArray();
                for (int i = 0; i < n; i++) {
                    double e = p[i] - data.y()[start + i];
                    sse += e * e;
                }
            }
        }
        return sse / data.rows();
    }

    static byte[] weights(Block block) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            block.saveParameters(out);
        }
        return bos.toByteArray();
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
