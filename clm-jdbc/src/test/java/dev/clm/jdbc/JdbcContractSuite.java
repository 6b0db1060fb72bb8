package dev.clm.jdbc;

import dev.clm.api.DriftEventStore;
import dev.clm.api.ModelRegistry;
import dev.clm.api.PerformanceLogStore;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RlVersionStore;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.contract.DriftEventStoreContract;
import dev.clm.api.contract.ModelRegistryContract;
import dev.clm.api.contract.MutableClock;
import dev.clm.api.contract.PerformanceLogStoreContract;
import dev.clm.api.contract.RetrainingJobStoreContract;
import dev.clm.api.contract.RlVersionStoreContract;
import dev.clm.api.contract.ShadowResultStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/** The clm-api contracts, run against a fresh database per test; subclasses pick the database. */
abstract class JdbcContractSuite {
    private TestDb db;

    /** A new, empty database of the backend under test. */
    abstract TestDb newDatabase();

    ClmDatabase fresh(java.time.Clock clock) {
        db = newDatabase();
        return db.open(clock);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (db != null) db.close();
        db = null;
    }

    @Nested
    class Registry extends ModelRegistryContract {
        @Override
        protected ModelRegistry createRegistry(MutableClock clock) {
            return fresh(clock).registry();
        }
    }

    @Nested
    class Jobs extends RetrainingJobStoreContract {
        @Override
        protected RetrainingJobStore createStore(MutableClock clock) {
            return fresh(clock).retrainingJobs();
        }
    }

    @Nested
    class Shadow extends ShadowResultStoreContract {
        @Override
        protected ShadowResultStore createStore() {
            return fresh(MutableClock.at("2026-01-01T00:00:00Z")).shadowResults();
        }
    }

    @Nested
    class Drift extends DriftEventStoreContract {
        @Override
        protected DriftEventStore createStore() {
            return fresh(MutableClock.at("2026-01-01T00:00:00Z")).driftEvents();
        }
    }

    @Nested
    class Performance extends PerformanceLogStoreContract {
        @Override
        protected PerformanceLogStore createStore() {
            return fresh(MutableClock.at("2026-01-01T00:00:00Z")).performanceLogs();
        }
    }

    @Nested
    class Rl extends RlVersionStoreContract {
        @Override
        protected RlVersionStore createStore() {
            return fresh(MutableClock.at("2026-01-01T00:00:00Z")).rlVersions();
        }
    }
}
