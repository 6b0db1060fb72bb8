package dev.clm.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ClmEvent;
import dev.clm.api.Subscription;
import dev.clm.api.contract.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InProcessEventBusTest {
    private final InProcessEventBus bus = new InProcessEventBus(MutableClock.at("2026-01-01T00:00:00Z"));

    @Test
    void exactAndWildcardSubscriptionsReceiveMatchingTopics() {
        List<String> exact = new ArrayList<>();
        List<String> wildcard = new ArrayList<>();
        bus.subscribe("learning.model.promoted", e -> exact.add(e.topic()));
        bus.subscribe("learning.*", e -> wildcard.add(e.topic()));
        bus.publish("learning.model.promoted", Map.of("modelType", "xgboost"));
        bus.publish("learning.drift.detected", Map.of());
        bus.publish("regime.changed", Map.of());
        assertThat(exact).containsExactly("learning.model.promoted");
        assertThat(wildcard).containsExactly("learning.model.promoted", "learning.drift.detected");
    }

    @Test
    void failingListenerDoesNotStopOthersOrThePublisher() {
        List<ClmEvent> got = new ArrayList<>();
        bus.subscribe("a.b", e -> { throw new IllegalStateException("listener bug"); });
        bus.subscribe("a.b", got::add);
        bus.publish("a.b", Map.of("k", 1));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).payload()).containsEntry("k", 1);
        assertThat(bus.listenerFailures()).isEqualTo(1);
    }

    @Test
    void cancelledSubscriptionStopsDelivery() {
        List<String> got = new ArrayList<>();
        Subscription s = bus.subscribe("x.*", e -> got.add(e.topic()));
        assertThat(bus.hasSubscribers("x.y")).isTrue();
        s.cancel();
        bus.publish("x.y", Map.of());
        assertThat(got).isEmpty();
        assertThat(bus.hasSubscribers("x.y")).isFalse();
    }

    @Test
    void asyncBusDeliversOffThePublisherThreadInOrderAndSurvivesFailingListeners() throws Exception {
        try (InProcessEventBus async = InProcessEventBus.async(MutableClock.at("2026-01-01T00:00:00Z"))) {
            List<String> got = java.util.Collections.synchronizedList(new ArrayList<>());
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            Thread publisher = Thread.currentThread();
            async.subscribe("learning.*", e -> { throw new IllegalStateException("listener bug"); });
            async.subscribe("learning.*", e -> {
                if (Thread.currentThread() == publisher) throw new AssertionError("delivered on the publisher thread");
                got.add((String) e.payload().get("n"));
                if (got.size() == 100) done.countDown();
            });
            for (int i = 0; i < 100; i++) async.publish("learning.drift.detected", Map.of("n", Integer.toString(i)));
            assertThat(done.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) expected.add(Integer.toString(i));
            assertThat(got).containsExactlyElementsOf(expected);
            assertThat(async.listenerFailures()).isEqualTo(100);
        }
    }
}
