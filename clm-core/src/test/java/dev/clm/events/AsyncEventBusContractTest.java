package dev.clm.events;

import dev.clm.api.EventPublisher;
import dev.clm.api.contract.EventPublisherContract;
import dev.clm.api.contract.MutableClock;
import java.util.Map;
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
        var s = publisher.subscribe("contract.await-delivery", e -> done.countDown());
        publisher.publish("contract.await-delivery", Map.of());
        if (!done.await(30, TimeUnit.SECONDS)) throw new AssertionError("async bus delivered nothing within 30 s");
        s.cancel();
    }
}
