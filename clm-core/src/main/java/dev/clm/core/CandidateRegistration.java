package dev.clm.core;

import dev.clm.api.Checksums;
import dev.clm.api.ClmEvent;
import dev.clm.api.Dataset;
import dev.clm.api.EvaluationResult;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.context.ClmContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves a cycle's trained candidate as a CANDIDATE version: its bytes and checksum, its metrics on
 * the evaluation rows, its provenance (library and runtime, retraining type, cadence, sample
 * weights, split sizes, walk-forward folds) and its training range (first training row to the last
 * label training or early stopping saw), then publishes {@code learning.model.registered}.
 */
final class CandidateRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(CandidateRegistration.class);

    private final ClmContext ctx;
    private final Map<ModelType, TrainingCadence> cadences;

    CandidateRegistration(ClmContext ctx, Map<ModelType, TrainingCadence> cadences) {
        this.ctx = ctx;
        this.cadences = cadences;
    }

    /** Saves {@code model} trained on {@code trainRows} (of {@code split}) and judged on {@code evalRows}; returns the stored version. */
    ModelArtifact register(ModelType type, TrainedModel model, Dataset trainRows, DatasetSplitter.Split split,
                           EvaluationResult eval, EvaluationResult zero, Map<String, String> typeParams, String parent, Duration trainTime,
                           RetrainingType kind, Dataset evalRows, int walkForwardFolds) {
        byte[] bytes = model.serialize();
        String version = VersionNames.next(ctx.registry(), type, ctx.clock().instant());
        Map<String, Double> metrics = new LinkedHashMap<>(MetricNames.of(eval));
        metrics.put(MetricNames.TRAINING_SECONDS, trainTime.toNanos() / 1e9);
        if (zero.mae() > 0) metrics.put(MetricNames.MAE_VS_ZERO, eval.mae() / zero.mae());
        Map<String, String> provenance = new HashMap<>(model.provenance());
        provenance.put("clm_version", ClmVersion.VERSION);
        provenance.put("java_version", System.getProperty("java.version"));
        provenance.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        provenance.put("retraining_type", kind.name());
        TrainingCadence cadence = cadences.get(type);
        if (cadence != null) {
            provenance.put("cadence.base_type", cadence.baseType().name());
            provenance.put("cadence.interval", cadence.interval().toString());
            provenance.put("cadence.lookback", cadence.lookback().toString());
        }
        if (trainRows.weights() != null || split.validation().weights() != null) {
            boolean used = ctx.trainer().supportsSampleWeights(type);
            provenance.put("sample_weights", used ? "used" : "ignored");
            if (!used && !"ignored".equals(model.provenance().get("sample_weights"))) {
                LOG.warn("the trainer of {} does not support sample weights; the weights of its {} training rows were ignored", type,
                        trainRows.rows());
            }
        }
        provenance.put("validation_rows", Integer.toString(split.validation().rows()));
        provenance.put("test_rows", Integer.toString(split.test().rows()));
        provenance.put("evaluation_rows", Integer.toString(evalRows.rows()));
        provenance.put("walk_forward_folds", Integer.toString(walkForwardFolds));
        // Training range: first training row up to the last label that training (incl. early stopping) saw.
        long lastSeen = split.validation().rows() > 0
                ? split.validation().labelEndTimestamps()[split.validation().rows() - 1]
                : trainRows.labelEndTimestamps()[trainRows.rows() - 1];
        TimeRange range = TimeRange.ofEpochMillis(trainRows.timestamps()[0], Math.max(lastSeen, trainRows.timestamps()[0]));
        ModelArtifact a = new ModelArtifact(type, version, ModelStatus.CANDIDATE, ctx.clock().instant(), range, trainRows.rows(),
                metrics, ctx.featureEngineer().config(), typeParams, provenance, parent, Checksums.sha256Hex(bytes), bytes.length,
                model.format(), null, null);
        ModelArtifact saved = ctx.registry().save(a, bytes);
        ctx.events().publish(new ClmEvent.ModelRegistered(ctx.clock().instant(), type, version, parent));
        return saved;
    }
}
