package dev.clm.api;

import java.time.Instant;
import java.util.Map;

/**
 * Everything recorded about one model version; the model bytes themselves live in the
 * registry's artifact store, identified by {@code checksum} (SHA-256, lower-case hex).
 *
 * @param trainingRange   time span of the rows the model was trained on
 * @param dataPoints      number of training rows
 * @param metrics         evaluation metrics (finite values)
 * @param featureConfig   the feature engineer's configuration, so a loaded model is fed the same features
 * @param trainingParams  trainer parameters, including the seed
 * @param provenance      trainer, library/clm/Java/OS versions and the like
 * @param parentVersion   version this one was warm-started from (INCREMENTAL), or null
 * @param format          serialized format name ({@link TrainedModel#format()})
 * @param promotedAt      when it last became ACTIVE, or null
 * @param retiredAt       when it last left ACTIVE, or null
 */
public record ModelArtifact(ModelType type, String version, ModelStatus status, Instant trainedAt,
                            TimeRange trainingRange, long dataPoints, Map<String, Double> metrics,
                            Map<String, String> featureConfig, Map<String, String> trainingParams,
                            Map<String, String> provenance, String parentVersion, String checksum, long sizeBytes,
                            String format, Instant promotedAt, Instant retiredAt) {

    public ModelArtifact {
        Checks.notNull(type, "type");
        Checks.safeName(version, "version");
        Checks.notNull(status, "status");
        Checks.notNull(trainedAt, "trainedAt");
        Checks.notNull(trainingRange, "trainingRange");
        Checks.nonNegative(dataPoints, "dataPoints");
        metrics = Checks.finiteValues(metrics == null ? Map.of() : metrics, "metrics");
        featureConfig = Checks.copy(featureConfig == null ? Map.of() : featureConfig, "featureConfig");
        trainingParams = Checks.copy(trainingParams == null ? Map.of() : trainingParams, "trainingParams");
        provenance = Checks.copy(provenance == null ? Map.of() : provenance, "provenance");
        if (parentVersion != null) Checks.safeName(parentVersion, "parentVersion");
        if (checksum == null || !checksum.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("checksum must be 64 lower-case hex characters (SHA-256), was '" + checksum + "'");
        }
        Checks.nonNegative(sizeBytes, "sizeBytes");
        Checks.notBlank(format, "format");
    }

    public ModelArtifact withStatus(ModelStatus newStatus) {
        return new ModelArtifact(type, version, newStatus, trainedAt, trainingRange, dataPoints, metrics, featureConfig,
                trainingParams, provenance, parentVersion, checksum, sizeBytes, format, promotedAt, retiredAt);
    }

    public ModelArtifact withPromotedAt(Instant at) {
        return new ModelArtifact(type, version, ModelStatus.ACTIVE, trainedAt, trainingRange, dataPoints, metrics,
                featureConfig, trainingParams, provenance, parentVersion, checksum, sizeBytes, format, at, retiredAt);
    }

    public ModelArtifact withRetiredAt(Instant at) {
        return new ModelArtifact(type, version, ModelStatus.RETIRED, trainedAt, trainingRange, dataPoints, metrics,
                featureConfig, trainingParams, provenance, parentVersion, checksum, sizeBytes, format, promotedAt, at);
    }

    public ModelArtifact withMetrics(Map<String, Double> newMetrics) {
        return new ModelArtifact(type, version, status, trainedAt, trainingRange, dataPoints, newMetrics, featureConfig,
                trainingParams, provenance, parentVersion, checksum, sizeBytes, format, promotedAt, retiredAt);
    }
}
