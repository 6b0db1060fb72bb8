package dev.clm.events;

import dev.clm.api.EventPublisher;
import dev.clm.api.contract.EventPublisherContract;
import dev.clm.api.contract.MutableClock;

class InProcessEventBusContractTest extends EventPublisherContract {
    @Override
    protected EventPublisher createPublisher(MutableClock clock) {
        return new InProcessEventBus(clock);
    }
}
