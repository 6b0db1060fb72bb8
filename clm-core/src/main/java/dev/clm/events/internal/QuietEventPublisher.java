package dev.clm.events.internal;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.Subscription;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher the library publishes through: a publisher (or a synchronous listener) that
 * throws is logged and ignored, so a notification can never fail the cycle or promotion that
 * produced it; {@link #publish(String, java.util.function.Supplier)} builds no event for a
 * topic nobody listens to. Thread-safe.
 */
public final class QuietEventPublisher implements EventPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(QuietEventPublisher.class);

    private final EventPublisher delegate;

    public QuietEventPublisher(EventPublisher delegate) {
        if (delegate == null) throw new IllegalArgumentException("delegate must not be null");
        this.delegate = delegate instanceof QuietEventPublisher q ? q.delegate : delegate;
    }

    @Override
    public void publish(ClmEvent event) {
        try {
            delegate.publish(event);
        } catch (RuntimeException e) {
            LOG.warn("publishing {} failed; ignored (a notification never fails the work it reports)", event.topic(), e);
        }
    }

    /** Publishes the event {@code build} makes, building it only if someone listens to {@code topic}. */
    public void publish(String topic, java.util.function.Supplier<? extends ClmEvent> build) {
        if (hasSubscribers(topic)) publish(build.get());
    }

    @Override
    public Subscription subscribe(String topicPattern, Consumer<ClmEvent> listener) {
        return delegate.subscribe(topicPattern, listener);
    }

    @Override
    public boolean hasSubscribers(String topic) {
        try {
            return delegate.hasSubscribers(topic);
        } catch (RuntimeException e) {
            LOG.warn("hasSubscribers({}) failed; treated as true", topic, e);
            return true;
        }
    }
}
