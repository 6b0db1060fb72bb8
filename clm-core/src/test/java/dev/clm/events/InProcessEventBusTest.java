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
}
