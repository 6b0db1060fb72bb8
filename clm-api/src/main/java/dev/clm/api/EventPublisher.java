package dev.clm.api;

import java.util.Map;
import java.util.function.Consumer;

/**
 * Topic-based events. A failing listener never fails the publisher or other listeners.
 * Patterns are exact topics or a prefix ending in {@code .*} (for example {@code learning.*}).
 */
public interface EventPublisher {

    /** Publishes an event; returns without waiting for listeners if delivery is asynchronous. */
    void publish(String topic, Map<String, Object> payload);

    /** Subscribes {@code listener} to topics matching {@code topicPattern}. */
    Subscription subscribe(String topicPattern, Consumer<ClmEvent> listener);

    /** Whether anyone listens to {@code topic}; lets callers skip building payloads nobody reads. */
    boolean hasSubscribers(String topic);
}
