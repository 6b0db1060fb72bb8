package dev.clm.metrics;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelType;
import dev.clm.api.Subscription;
import dev.clm.core.MetricNames;
import java.time.Duration;
import java.util.List;

/**
 * Feeds {@link ClmMetrics} from the manager's events, so every path (scheduled, manual, the
 * engine calling the manager directly) is counted once: {@code learning.model.registered}
 * counts a successful retrain with its training time (the version's {@code training_seconds}
 * metric), {@code learning.model.promoted} a promotion, {@code learning.retraining.failed} a
 * failure of stage "cycle". Drift events are counted by the drift monitor. Thread-safe.
 */
public final class EventMetrics implements AutoCloseable {
    private final ClmMetrics metrics;
    private final ModelRegistry registry;
    private final List<Subscription> subscriptions;

    public EventMetrics(EventPublisher events, ModelRegistry registry, ClmMetrics metrics) {
        this.metrics = metrics;
        this.registry = registry;
        this.subscriptions = List.of(
                events.subscribe(EventTopics.MODEL_REGISTERED, this::registered),
                events.subscribe(EventTopics.MODEL_PROMOTED, e -> metrics.promotion(type(e))),
                events.subscribe(EventTopics.RETRAINING_FAILED, e -> metrics.failure(null, "cycle")));
    }

    private void registered(ClmEvent e) {
        ModelType type = type(e);
        double seconds = registry.find(type, String.valueOf(e.payload().get("version")))
                .map(ModelArtifact::metrics).map(m -> m.getOrDefault(MetricNames.TRAINING_SECONDS, 0.0)).orElse(0.0);
        metrics.retrain(type, true, Duration.ofNanos((long) (seconds * 1e9)));
    }

    private static ModelType type(ClmEvent e) {
        return ModelType.of(String.valueOf(e.payload().get("modelType")));
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::cancel);
    }
}
