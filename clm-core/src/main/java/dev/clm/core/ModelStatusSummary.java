package dev.clm.core;

import dev.clm.api.ModelType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of {@link ContinuousLearningManager#getModelStatusSummary()}.
 *
 * @param activeVersion   null when no version is active
 * @param activeSince     when the active version was promoted, or null
 * @param activeTrainedAt when the active version was trained, or null
 * @param activeAge       age of the active version (now - trainedAt), or null
 * @param shadowVersions  versions in SHADOW, newest first
 * @param versions        number of versions ever registered
 * @param activeMetrics   evaluation metrics of the active version (empty if none)
 */
public record ModelStatusSummary(ModelType type, String activeVersion, Instant activeSince, Instant activeTrainedAt,
                                 Duration activeAge, List<String> shadowVersions, int versions,
                                 Map<String, Double> activeMetrics) {
}
