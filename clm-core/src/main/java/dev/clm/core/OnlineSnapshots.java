package dev.clm.core;

import dev.clm.api.Checksums;
import dev.clm.api.ClmEvent;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.context.ClmContext;
import dev.clm.online.OnlineLearner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Registers a live online learner's state as a CANDIDATE version (see {@link ContinuousLearningManager#registerOnlineSnapshot}). */
final class OnlineSnapshots {
    private OnlineSnapshots() {}

    static ModelArtifact register(ClmContext ctx, ModelType type, OnlineLearner learner, TimeRange dataSeen, String parentVersion) {
        Objects.requireNonNull(dataSeen, "dataSeen");
        var features = ctx.featureEngineer();
        var registry = ctx.registry();
        if (!learner.featureNames().equals(features.featureNames())) {
            throw new IllegalArgumentException("learner features " + learner.featureNames() + " differ from the feature engineer's "
                    + features.featureNames());
        }
        if (parentVersion != null) registry.require(type, parentVersion);
        byte[] bytes = learner.snapshot();
        OnlineLearner saved = OnlineLearner.fromSnapshot(bytes); // what the bytes hold, even if the learner moved on since
        Map<String, String> provenance = new LinkedHashMap<>();
        String format;
        try (TrainedModel check = ctx.trainer().load(type, bytes)) { // refuse bytes this manager could not load later
            provenance.putAll(check.provenance());
            format = check.format();
        }
        provenance.put("clm_version", ClmVersion.VERSION);
        provenance.put("java_version", System.getProperty("java.version"));
        provenance.put("source", "live online learner snapshot");
        String version = VersionNames.next(registry, type, ctx.clock().instant());
        ModelArtifact artifact = registry.save(new ModelArtifact(type, version, ModelStatus.CANDIDATE, ctx.clock().instant(), dataSeen,
                saved.updates(), Map.of(), features.config(), saved.config().toParams(), provenance, parentVersion,
                Checksums.sha256Hex(bytes), bytes.length, format, null, null), bytes);
        ctx.events().publish(new ClmEvent.ModelRegistered(ctx.clock().instant(), type, version, parentVersion));
        return artifact;
    }
}
