package dev.clm.api;

import java.util.function.Consumer;

/**
 * Topic-based events ({@link ClmEvent}, topics in {@link EventTopics}). A failing listener
 * never fails the publisher or other listeners. Patterns are exact topics, a prefix ending in
 * {@code .*} (for example {@code learning.*}) or {@code *}. A publisher may forward events out
 * of the process (for example to a message broker) and deliver nothing in-process: clm's own
 * reactions never depend on subscriptions.
 */
public interface EventPublisher {

    /** Publishes an event; returns without waiting for listeners if delivery is asynchronous. */
    void publish(ClmEvent event);

    /** Subscribes {@code listener} to topics matching {@code topicPattern}. */
    Subscription subscribe(String topicPattern, Consumer<ClmEvent> listener);

    /** Subscribes {@code listener} to the events of one record type, e.g. {@code ClmEvent.ModelPromoted.class}. */
    default <E extends ClmEvent> Subscription subscribe(Class<E> type, Consumer<? super E> listener) {
        Checks.notNull(type, "type");
        Checks.notNull(listener, "listener");
        return subscribe("*", e -> {
            if (type.isInstance(e)) listener.accept(type.cast(e));
        });
    }

    /** Whether anyone listens to {@code topic}; lets callers skip building events nobody reads. */
    boolean hasSubscribers(String topic);
}
