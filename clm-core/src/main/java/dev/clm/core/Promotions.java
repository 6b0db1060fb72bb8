package dev.clm.core;

import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.PromotionResult;
import java.util.HashMap;
import java.util.Map;

/** Publishes the events of a promotion. */
final class Promotions {
    private Promotions() {}

    static void publish(EventPublisher events, PromotionResult r) {
        if (r.oldVersion() != null && r.oldVersion().equals(r.newVersion())) return;
        Map<String, Object> payload = new HashMap<>();
        payload.put("modelType", r.type().name());
        payload.put("oldVersion", r.oldVersion() == null ? "" : r.oldVersion());
        payload.put("newVersion", r.newVersion());
        payload.put("reason", r.reason());
        events.publish(EventTopics.MODEL_PROMOTED, payload);
        events.publish(EventTopics.MODEL_UPDATED, payload);
        if (r.oldVersion() != null) {
            events.publish(EventTopics.MODEL_RETIRED, Map.of("modelType", r.type().name(), "version", r.oldVersion()));
        }
    }
}
