package dev.clm.models.djl;

import dev.clm.api.Checksums;
import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.nhits.NHitsTrainer;
import dev.clm.models.patchtst.PatchTstTrainer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One small, fixed-seed PatchTST fit and one N-HiTS fit on fixed synthetic data, and the SHA-256
 * of each model's {@code serialize()} bytes. {@link CrossJvmDeterminismTest} runs it in its own
 * JVM and in a forked one; as a main it prints one {@code SHA256 <type> <hex>} line per model
 * (and the PyTorch thread counts, which decide the bits).
 */
public final class CrossJvmFit {
    static final String PREFIX = "SHA256 ";
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;
    private static final int LAGS = 32;

    private CrossJvmFit() {}

    /** Model type name to the SHA-256 of its serialized bytes; every model is closed before this returns. */
    static Map<String, String> fit() {
        Dataset train = ReturnSeriesDatasets.planted(1200, LAGS, 1, T0);
        Dataset validation = ReturnSeriesDatasets.planted(300, LAGS, 2, T0 + 1200 * HOUR);
        Map<String, String> out = new LinkedHashMap<>();
        out.put(ModelType.PATCHTST.name(), sha256(new PatchTstTrainer(), ModelType.PATCHTST, train, validation,
                params("input_size", Integer.toString(LAGS), "patch_length", "8", "stride", "4", "d_model", "16", "heads", "2",
                        "layers", "1", "ff_size", "32", "epochs", "3", "batch_size", "64", "seed", "17",
                        // three epochs are a determinism probe, not a forecaster: do not fail on skill
                        "max_validation_mse_ratio", "100")));
        out.put(ModelType.NHITS.name(), sha256(new NHitsTrainer(), ModelType.NHITS, train, validation,
                params("input_size", Integer.toString(LAGS), "horizon", "12", "hidden_size", "32", "pool_kernel_sizes", "4,2,1",
                        "freq_downsample", "6,3,1", "epochs", "3", "batch_size", "64", "seed", "17",
                        "max_validation_mse_ratio", "100")));
        return out;
    }

    private static Map<String, String> params(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private static String sha256(DjlSequenceTrainer trainer, ModelType type, Dataset train, Dataset validation,
                                 Map<String, String> params) {
        DjlSequenceModel model = (DjlSequenceModel) trainer.train(type, train, validation, params);
        try (model) {
            return Checksums.sha256Hex(model.serialize());
        } finally {
            if (model.isOpen()) throw new IllegalStateException(type + " model still holds native memory after close()");
        }
    }

    public static void main(String[] args) {
        Map<String, String> shas = fit();
        System.out.println("THREADS intra=" + ai.djl.pytorch.jni.JniUtils.getNumThreads()
                + " interop=" + ai.djl.pytorch.jni.JniUtils.getNumInteropThreads());
        shas.forEach((type, sha) -> System.out.println(PREFIX + type + " " + sha));
    }
}
