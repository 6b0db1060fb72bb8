package dev.clm.events;

import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.PromotionResult;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the events of a promotion that has already happened: {@code learning.model.promoted},
 * {@code learning.model.updated} and, when a version was replaced, {@code learning.model.retired}.
 * A publisher that throws is logged and ignored: the promotion is committed and must not be
 * reported as failed. Re-promoting the active version publishes nothing.
 */
public final class PromotionEvents {
    private static final Logger LOG = LoggerFactory.getLogger(PromotionEvents.class);

    private PromotionEvents() {}

    public static void publish(EventPublisher events, PromotionResult r) {
        if (r.oldVersion() != null && r.oldVersion().equals(r.newVersion())) return;
        Map<String, Object> payload = new HashMap<>();
        payload.put("modelType", r.type().name());
        payload.put("oldVersion", r.oldVersion() == null ? "" : r.oldVersion());
        payload.put("newVersion", r.newVersion());
        payload.put("reason", r.reason());
        publishQuietly(events, EventTopics.MODEL_PROMOTED, payload);
        publishQuietly(events, EventTopics.MODEL_UPDATED, payload);
        if (r.oldVersion() != null) {
            publishQuietly(events, EventTopics.MODEL_RETIRED, Map.of("modelType", r.type().name(), "version", r.oldVersion()));
        }
    }

    private static void publishQuietly(EventPublisher events, String topic, Map<String, Object> payload) {
        try {
            events.publish(topic, payload);
        } catch (RuntimeException e) {
            LOG.warn("publishing {} failed; the promotion stands", topic, e);
        }
    }
}
