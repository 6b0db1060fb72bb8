package dev.clm.registry;

import dev.clm.api.ModelRegistry;
import dev.clm.api.contract.ModelRegistryContract;
import dev.clm.api.contract.MutableClock;

class InMemoryModelRegistryTest extends ModelRegistryContract {
    @Override
    protected ModelRegistry createRegistry(MutableClock clock) {
        return new InMemoryModelRegistry(clock);
    }
}
