package dev.clm.events;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.contract.EventPublisherContract;
import dev.clm.api.contract.MutableClock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;

/** The asynchronous bus honours the EventPublisher contract. */
@DisplayName("InProcessEventBus.async honours the EventPublisher contract")
class AsyncEventBusContractTest extends EventPublisherContract {
    @Override
    protected EventPublisher createPublisher(MutableClock clock) {
        return InProcessEventBus.async(clock);
    }

    /** Delivery is in publication order, so once a marker published last arrives, everything before it has. */
    @Override
    protected void awaitDelivery(EventPublisher publisher) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        String marker = "await-delivery-" + System.nanoTime();
        var s = publisher.subscribe(ClmEvent.RegimeChanged.class, e -> { if (marker.equals(e.regime())) done.countDown(); });
        publisher.publish(new ClmEvent.RegimeChanged(java.time.Instant.EPOCH, marker, null));
        if (!done.await(30, TimeUnit.SECONDS)) throw new AssertionError("async bus delivered nothing within 30 s");
        s.cancel();
    }
}
