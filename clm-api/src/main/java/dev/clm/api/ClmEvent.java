package dev.clm.api;

import java.time.Instant;
import java.util.Map;

/** Something that happened, on a dotted topic such as {@code learning.model.promoted}. */
public record ClmEvent(String topic, Instant timestamp, Map<String, Object> payload) {
    public ClmEvent {
        Checks.notBlank(topic, "topic");
        Checks.notNull(timestamp, "timestamp");
        payload = Checks.copy(payload == null ? Map.of() : payload, "payload");
    }
}
