package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.Subscription;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link EventPublisher} must have. Delivery may be asynchronous: subclasses
 * implement {@link #awaitDelivery(EventPublisher)} to wait until published events reached
 * their listeners.
 */
public abstract class EventPublisherContract {
    protected abstract EventPublisher createPublisher(MutableClock clock);

    /** Blocks until everything published so far was delivered (no-op for synchronous delivery). */
    protected void awaitDelivery(EventPublisher publisher) throws InterruptedException {}

    @Test
    void exactAndWildcardTopics() throws Exception {
        EventPublisher p = createPublisher(MutableClock.at("2026-01-01T00:00:00Z"));
        List<String> exact = new CopyOnWriteArrayList<>(), all = new CopyOnWriteArrayList<>();
        p.subscribe("learning.model.promoted", e -> exact.add(e.topic()));
        p.subscribe("learning.*", e -> all.add(e.topic()));
        p.publish("learning.model.promoted", Map.of("modelType", "xgboost"));
        p.publish("learning.drift.detected", Map.of());
        p.publish("regime.changed", Map.of());
        awaitDelivery(p);
        assertThat(exact).containsExactly("learning.model.promoted");
        assertThat(all).containsExactlyInAnyOrder("learning.model.promoted", "learning.drift.detected");
    }

    @Test
    void aFailingListenerNeverStopsOthersOrThePublisher() throws Exception {
        EventPublisher p = createPublisher(MutableClock.at("2026-01-01T00:00:00Z"));
        CountDownLatch got = new CountDownLatch(1);
        p.subscribe("a.b", e -> { throw new IllegalStateException("listener bug"); });
        p.subscribe("a.b", e -> got.countDown());
        p.publish("a.b", Map.of());
        awaitDelivery(p);
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void payloadAndTimestampArrive() throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        EventPublisher p = createPublisher(clock);
        List<ClmEvent> got = new CopyOnWriteArrayList<>();
        p.subscribe("x.y", got::add);
        p.publish("x.y", Map.of("k", 42));
        awaitDelivery(p);
        assertThat(got).singleElement().satisfies(e -> {
            assertThat(e.payload()).containsEntry("k", 42);
            assertThat(e.timestamp()).isEqualTo(clock.instant());
        });
    }

    @Test
    void cancelStopsDeliveryAndHasSubscribersFollows() throws Exception {
        EventPublisher p = createPublisher(MutableClock.at("2026-01-01T00:00:00Z"));
        List<String> got = new CopyOnWriteArrayList<>();
        Subscription s = p.subscribe("x.*", e -> got.add(e.topic()));
        assertThat(p.hasSubscribers("x.z")).isTrue();
        assertThat(p.hasSubscribers("y.z")).isFalse();
        s.cancel();
        p.publish("x.z", Map.of());
        awaitDelivery(p);
        assertThat(got).isEmpty();
        assertThat(p.hasSubscribers("x.z")).isFalse();
    }
}
