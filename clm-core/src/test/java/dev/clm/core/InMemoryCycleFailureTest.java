package dev.clm.core;

import dev.clm.api.ModelRegistry;
import dev.clm.api.RetrainingJobStore;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.store.InMemoryRetrainingJobStore;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;

@DisplayName("cycle failures with the in-memory registry and job store")
class InMemoryCycleFailureTest extends CycleFailureContract {
    @Override
    protected ModelRegistry newRegistry(Clock clock) {
        return new InMemoryModelRegistry(clock);
    }

    @Override
    protected RetrainingJobStore newJobStore(Clock clock) {
        return new InMemoryRetrainingJobStore(clock);
    }
}
