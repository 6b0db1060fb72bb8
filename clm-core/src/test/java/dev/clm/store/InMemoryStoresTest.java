package dev.clm.store;

import dev.clm.api.DriftEventStore;
import dev.clm.api.PerformanceLogStore;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RlVersionStore;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.contract.DriftEventStoreContract;
import dev.clm.api.contract.MutableClock;
import dev.clm.api.contract.PerformanceLogStoreContract;
import dev.clm.api.contract.RetrainingJobStoreContract;
import dev.clm.api.contract.RlVersionStoreContract;
import dev.clm.api.contract.ShadowResultStoreContract;
import org.junit.jupiter.api.Nested;

/** The in-memory stores pass the clm-api store contracts. */
class InMemoryStoresTest {
    @Nested
    class Jobs extends RetrainingJobStoreContract {
        @Override
        protected RetrainingJobStore createStore(MutableClock clock) {
            return new InMemoryRetrainingJobStore(clock);
        }
    }

    @Nested
    class Shadow extends ShadowResultStoreContract {
        @Override
        protected ShadowResultStore createStore() {
            return new InMemoryShadowResultStore();
        }
    }

    @Nested
    class Drift extends DriftEventStoreContract {
        @Override
        protected DriftEventStore createStore() {
            return new InMemoryDriftEventStore();
        }
    }

    @Nested
    class Performance extends PerformanceLogStoreContract {
        @Override
        protected PerformanceLogStore createStore() {
            return new InMemoryPerformanceLogStore();
        }
    }

    @Nested
    class Rl extends RlVersionStoreContract {
        @Override
        protected RlVersionStore createStore() {
            return new InMemoryRlVersionStore();
        }
    }
}
