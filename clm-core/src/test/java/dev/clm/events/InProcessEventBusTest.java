package dev.clm.events;

import dev.clm.api.ModelType;
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

    static final java.time.Instant NOW = java.time.Instant.parse("2026-01-01T00:00:00Z");

    static ClmEvent promoted() {
        return new ClmEvent.ModelPromoted(NOW, ModelType.XGBOOST, null, "v1", "first version");
    }

    static ClmEvent drift() {
        return new ClmEvent.DriftDetected(NOW, false, dev.clm.api.DriftType.FEATURE, dev.clm.api.DriftSeverity.LOW, null, "f0", 0.5, -0.3, 0.0,
                "LOG", java.util.List.of());
    }

    @Test
    void typedSubscriptionGetsFieldsOfItsRecordOnly() {
        List<String> versions = new ArrayList<>();
        bus.subscribe(ClmEvent.ModelPromoted.class, p -> versions.add(p.newVersion()));
        bus.publish(drift());
        bus.publish(promoted());
        assertThat(versions).containsExactly("v1");
    }

    @Test
    void exactAndWildcardSubscriptionsReceiveMatchingTopics() {
        List<String> exact = new ArrayList<>();
        List<String> wildcard = new ArrayList<>();
        bus.subscribe("learning.model.promoted", e -> exact.add(e.topic()));
        bus.subscribe("learning.*", e -> wildcard.add(e.topic()));
        bus.publish(promoted());
        bus.publish(drift());
        bus.publish(new ClmEvent.RegimeChanged(NOW, "RANGE", null));
        assertThat(exact).containsExactly("learning.model.promoted");
        assertThat(wildcard).containsExactly("learning.model.promoted", "learning.drift.detected");
    }

    @Test
    void failingListenerDoesNotStopOthersOrThePublisher() {
        List<ClmEvent> got = new ArrayList<>();
        bus.subscribe("learning.model.retired", e -> { throw new IllegalStateException("listener bug"); });
        bus.subscribe("learning.model.retired", got::add);
        bus.publish(new ClmEvent.ModelRetired(NOW, ModelType.XGBOOST, "v1"));
        assertThat(got).hasSize(1);
        assertThat(got.get(0).payload()).containsEntry("version", "v1");
        assertThat(bus.listenerFailures()).isEqualTo(1);
    }

    @Test
    void cancelledSubscriptionStopsDelivery() {
        List<String> got = new ArrayList<>();
        Subscription s = bus.subscribe("learning.model.*", e -> got.add(e.topic()));
        assertThat(bus.hasSubscribers("learning.model.promoted")).isTrue();
        s.cancel();
        bus.publish(promoted());
        assertThat(got).isEmpty();
        assertThat(bus.hasSubscribers("learning.model.promoted")).isFalse();
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
                got.add(((ClmEvent.RetrainingStarted) e).jobId());
                if (got.size() == 100) done.countDown();
            });
            for (int i = 0; i < 100; i++) async.publish(new ClmEvent.RetrainingStarted(NOW, Integer.toString(i), "MANUAL"));
            assertThat(done.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 100; i++) expected.add(Integer.toString(i));
            assertThat(got).containsExactlyElementsOf(expected);
            assertThat(async.listenerFailures()).isEqualTo(100);
        }
    }
}
