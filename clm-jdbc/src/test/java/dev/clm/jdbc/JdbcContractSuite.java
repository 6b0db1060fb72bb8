package dev.clm.jdbc;

import dev.clm.api.BarSeries;
import dev.clm.api.DataClient;
import dev.clm.api.DriftEventStore;
import dev.clm.api.ModelRegistry;
import dev.clm.api.PerformanceLogStore;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RlVersionStore;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.contract.DataClientContract;
import dev.clm.api.contract.DriftEventStoreContract;
import dev.clm.api.contract.ModelRegistryContract;
import dev.clm.api.contract.MutableClock;
import dev.clm.api.contract.PerformanceLogStoreContract;
import dev.clm.api.contract.RetrainingJobStoreContract;
import dev.clm.api.contract.RlVersionStoreContract;
import dev.clm.api.contract.ShadowResultStoreContract;
import dev.clm.data.SyntheticDataClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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

    @Nested
    class Data extends DataClientContract {
        static final Instant NOW = Instant.parse("2024-03-01T00:00:00Z");

        @Override
        protected Instant now() {
            return NOW;
        }

        /** 40 days of hourly bars of two synthetic symbols up to {@link #NOW}, read back through the JDBC client. */
        @Override
        protected DataClient createClient(MutableClock clock) {
            DataSource ds = empty();
            SyntheticDataClient source = new SyntheticDataClient(MutableClock.at("2024-03-01T00:00:00Z"), 5, List.of("SYNA", "SYNB"),
                    Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1));
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO clm_ohlcv_bars (symbol, open_time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (BarSeries b : source.loadTrainingData(NOW.minus(Duration.ofDays(40)), NOW).series()) {
                    for (int i = 0; i < b.size(); i++) {
                        ps.setString(1, b.symbol());
                        ps.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(b.timestamps()[i]), ZoneOffset.UTC));
                        ps.setDouble(3, b.open()[i]);
                        ps.setDouble(4, b.high()[i]);
                        ps.setDouble(5, b.low()[i]);
                        ps.setDouble(6, b.close()[i]);
                        ps.setDouble(7, b.volume()[i]);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            } catch (SQLException e) {
                throw new IllegalStateException("loading the test bars failed", e);
            }
            return new JdbcDataClient(ds, clock);
        }
    }
}
