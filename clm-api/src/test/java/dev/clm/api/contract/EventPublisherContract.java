package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ClmEvent;
import dev.clm.api.ModelType;
import java.time.Instant;
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
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        p.publish(new ClmEvent.ModelPromoted(now, ModelType.XGBOOST, null, "v1", "first"));
        p.publish(new ClmEvent.RetrainingFailed(now, "job-1", "no data", 0.5));
        p.publish(new ClmEvent.RegimeChanged(now, "RANGE", null));
        awaitDelivery(p);
        assertThat(exact).containsExactly("learning.model.promoted");
        assertThat(all).containsExactlyInAnyOrder("learning.model.promoted", "learning.retraining.failed");
    }

    @Test
    void aFailingListenerNeverStopsOthersOrThePublisher() throws Exception {
        EventPublisher p = createPublisher(MutableClock.at("2026-01-01T00:00:00Z"));
        CountDownLatch got = new CountDownLatch(1);
        p.subscribe("learning.model.retired", e -> { throw new IllegalStateException("listener bug"); });
        p.subscribe("learning.model.retired", e -> got.countDown());
        p.publish(new ClmEvent.ModelRetired(Instant.parse("2026-01-01T00:00:00Z"), ModelType.XGBOOST, "v1"));
        awaitDelivery(p);
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void payloadAndTimestampArrive() throws Exception {
        MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
        EventPublisher p = createPublisher(clock);
        List<ClmEvent> got = new CopyOnWriteArrayList<>();
        p.subscribe("learning.retraining.completed", got::add);
        p.publish(new ClmEvent.RetrainingCompleted(clock.instant(), "job-1", 2, 1, 3.5));
        awaitDelivery(p);
        assertThat(got).singleElement().satisfies(e -> {
            assertThat(e).isInstanceOfSatisfying(ClmEvent.RetrainingCompleted.class, c -> assertThat(c.modelsSucceeded()).isEqualTo(1));
            assertThat(e.payload()).containsEntry("modelsTrained", 2).containsEntry("jobId", "job-1");
            assertThat(e.timestamp()).isEqualTo(clock.instant());
        });
    }

    @Test
    void cancelStopsDeliveryAndHasSubscribersFollows() throws Exception {
        EventPublisher p = createPublisher(MutableClock.at("2026-01-01T00:00:00Z"));
        List<String> got = new CopyOnWriteArrayList<>();
        Subscription s = p.subscribe("learning.model.*", e -> got.add(e.topic()));
        assertThat(p.hasSubscribers("learning.model.retired")).isTrue();
        assertThat(p.hasSubscribers("learning.drift.detected")).isFalse();
        s.cancel();
        p.publish(new ClmEvent.ModelRetired(Instant.parse("2026-01-01T00:00:00Z"), ModelType.XGBOOST, "v1"));
        awaitDelivery(p);
        assertThat(got).isEmpty();
        assertThat(p.hasSubscribers("learning.model.retired")).isFalse();
    }
}
