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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

/**
 * The clm-api contracts on a database of their own per suite class (migrated once), emptied
 * before every test so each test starts from an empty store, as the contracts require.
 * Subclasses pick the database.
 */
abstract class JdbcContractSuite {
    private static final Map<Class<?>, TestDb> DATABASES = new ConcurrentHashMap<>();
    private static final Map<Class<?>, ClmDatabase> OPENED = new ConcurrentHashMap<>();
    private static final String[] TABLES = {"shadow_test_results", "rl_versions", "drift_events", "model_performance_logs",
            "retraining_jobs", "model_registry", "clm_ohlcv_bars"};

    private final List<JdbcRetrainingJobStore> jobStores = new ArrayList<>();

    /** A new, empty database of the backend under test. */
    abstract TestDb newDatabase();

    private ClmDatabase shared() {
        return OPENED.computeIfAbsent(getClass(), c -> {
            TestDb t = newDatabase();
            DATABASES.put(c, t);
            return t.open(MutableClock.at("2026-01-01T00:00:00Z"), 6);
        });
    }

    /** The suite's database, emptied. */
    private DataSource empty() {
        ClmDatabase db = shared();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) s.executeUpdate("DELETE FROM " + table); // constant names
            s.executeUpdate("DELETE FROM clm_locks WHERE lock_name <> 'retraining_job'");
        } catch (SQLException e) {
            throw new IllegalStateException("emptying the test database failed", e);
        }
        TestDb.deleteRecursively(db.artifactStore().root());
        return db.dataSource();
    }

    @AfterEach
    void releaseJobLocks() {
        for (JdbcRetrainingJobStore s : jobStores) s.close();
        jobStores.clear();
    }

    @AfterAll
    static void dropDatabases() throws Exception {
        for (TestDb t : DATABASES.values()) t.close();
        DATABASES.clear();
        OPENED.clear();
    }

    @Nested
    class Registry extends ModelRegistryContract {
        @Override
        protected ModelRegistry createRegistry(MutableClock clock) {
            DataSource ds = empty();
            return new JdbcModelRegistry(ds, new FileArtifactStore(shared().artifactStore().root()), clock);
        }
    }

    @Nested
    class Jobs extends RetrainingJobStoreContract {
        @Override
        protected RetrainingJobStore createStore(MutableClock clock) {
            JdbcRetrainingJobStore s = new JdbcRetrainingJobStore(empty(), shared().dialect(), clock);
            jobStores.add(s);
            return s;
        }
    }

    @Nested
    class Shadow extends ShadowResultStoreContract {
        @Override
        protected ShadowResultStore createStore() {
            return new JdbcShadowResultStore(empty(), shared().dialect());
        }
    }

    @Nested
    class Drift extends DriftEventStoreContract {
        @Override
        protected DriftEventStore createStore() {
            return new JdbcDriftEventStore(empty());
        }
    }

    @Nested
    class Performance extends PerformanceLogStoreContract {
        @Override
        protected PerformanceLogStore createStore() {
            return new JdbcPerformanceLogStore(empty());
        }
    }

    @Nested
    class Rl extends RlVersionStoreContract {
        @Override
        protected RlVersionStore createStore() {
            return new JdbcRlVersionStore(empty());
        }
    }
}
