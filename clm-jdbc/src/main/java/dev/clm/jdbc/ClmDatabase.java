package dev.clm.jdbc;

import dev.clm.core.ClmStores;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.clm.api.BarSeries;
import dev.clm.api.DriftEventStore;
import dev.clm.api.ModelRegistry;
import dev.clm.api.PerformanceLogStore;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RlVersionStore;
import dev.clm.api.ShadowResultStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of clm-jdbc: connects (HikariCP pool), migrates the clm schema (Flyway) and
 * hands out the registry and the stores, all on one database.
 *
 * <pre>{@code
 * try (ClmDatabase db = ClmDatabase.open()) {                     // embedded H2 under ./clm-data
 *     ModelRegistry registry = db.registry();
 * }
 * ClmDatabase pg = ClmDatabase.builder()
 *         .jdbcUrl("jdbc:postgresql://db:5432/trading?user=clm")
 *         .schema("clm").artifactDirectory(Path.of("/srv/clm/artifacts")).open();
 * }</pre>
 *
 * <p>With no URL and no DataSource it uses an embedded H2 file database
 * {@code <dataDirectory>/clm} (H2 in PostgreSQL mode; one process at a time) and artifacts in
 * {@code <dataDirectory>/artifacts}; the default data directory is {@code ./clm-data}.
 * PostgreSQL is the production target. Thread-safe; {@link #close()} fails a retraining job
 * still running here and closes the pool if this object created it.
 */
public final class ClmDatabase implements AutoCloseable, ClmStores {
    private static final Logger LOG = LoggerFactory.getLogger(ClmDatabase.class);

    /** Default data directory of the embedded database and the artifacts. */
    public static final Path DEFAULT_DATA_DIRECTORY = dev.clm.config.StorageSettings.DEFAULT_DATA_DIRECTORY;
    /**
     * URL options clm needs on H2 (appended to an H2 URL that sets no MODE): PostgreSQL
     * compatibility, and WRITE_DELAY=0 so that a commit reaches the file before the call
     * returns (H2's default keeps up to 500 ms of commits in memory, which a killed process loses).
     */
    public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    /** Default maximum number of pooled connections (a running retraining job holds one). */
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final HikariDataSource ownedPool;
    private final Dialect dialect;
    private final String schema;
    private final Clock clock;
    private final FileArtifactStore artifacts;
    private final JdbcModelRegistry registry;
    private final JdbcRetrainingJobStore jobs;
    private final JdbcShadowResultStore shadowResults;
    private final JdbcDriftEventStore driftEvents;
    private final JdbcPerformanceLogStore performanceLogs;
    private final JdbcRlVersionStore rlVersions;
    private final JdbcRetention retention;

    private ClmDatabase(Builder b) {
        Path dataDir = b.dataDirectory.toAbsolutePath().normalize();
        HikariDataSource pool = null;
        DataSource ds = b.dataSource;
        try {
            if (ds == null) {
                pool = createPool(b, dataDir);
                ds = pool;
            }
            this.dataSource = ds;
            this.ownedPool = pool;
            this.dialect = Dialect.detect(ds);
            this.schema = b.schema;
            this.clock = b.clock;
            migrate(ds, dialect, b.schema);
            this.artifacts = new FileArtifactStore(b.artifactDirectory != null ? b.artifactDirectory : dataDir.resolve("artifacts"));
            this.registry = new JdbcModelRegistry(ds, artifacts, clock);
            this.jobs = new JdbcRetrainingJobStore(ds, dialect, clock);
            this.shadowResults = new JdbcShadowResultStore(ds, dialect);
            this.driftEvents = new JdbcDriftEventStore(ds);
            this.performanceLogs = new JdbcPerformanceLogStore(ds);
            this.rlVersions = new JdbcRlVersionStore(ds);
            this.retention = new JdbcRetention(ds, clock);
            jobs.reapAbandoned(); // a job left RUNNING by a process that died is FAILED as soon as anyone opens the database
        } catch (RuntimeException e) {
            if (pool != null) pool.close();
            throw e;
        }
    }

    /**
     * The database of the process's configuration ({@code ConfigLoader.fromEnvironment()}:
     * {@code storage.jdbc-url} / {@code CLM_STORAGE_JDBC_URL}, {@code storage.data-directory}):
     * by default the embedded H2 database under ./clm-data; system clock.
     */
    public static ClmDatabase open() {
        return open(dev.clm.config.ConfigLoader.fromEnvironment());
    }

    /** The database of the {@code storage} section of {@code config}: its JDBC URL, or the embedded H2 database under its data directory. */
    public static ClmDatabase open(dev.clm.config.ClmConfig config) {
        dev.clm.config.StorageSettings storage = config.storage();
        Builder b = builder().dataDirectory(storage.dataDirectory());
        if (!storage.embedded()) b.jdbcUrl(storage.jdbcUrl());
        return b.open();
    }

    /** The database at {@code jdbcUrl} (PostgreSQL or H2), system clock, artifacts under ./clm-data/artifacts. */
    public static ClmDatabase open(String jdbcUrl) {
        return builder().jdbcUrl(jdbcUrl).open();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static HikariDataSource createPool(Builder b, Path dataDir) {
        HikariConfig config = new HikariConfig();
        String url = b.jdbcUrl;
        if (url == null) {
            url = "jdbc:h2:file:" + dataDir.resolve("clm") + H2_OPTIONS;
            config.setUsername("sa");
            config.setPassword("");
        } else if (url.startsWith("jdbc:h2:") && !url.toUpperCase(java.util.Locale.ROOT).contains(";MODE=")) {
            url = url + H2_OPTIONS;
        }
        config.setJdbcUrl(url);
        if (b.username != null) config.setUsername(b.username);
        if (b.password != null) config.setPassword(b.password);
        if (b.schema != null) config.setSchema(b.schema);
        config.setMaximumPoolSize(b.maxPoolSize);
        config.setMinimumIdle(Math.min(2, b.maxPoolSize));
        config.setConnectionTimeout(b.connectionTimeoutMillis);
        config.setPoolName(b.poolName);
        if (url.startsWith("jdbc:postgresql:")) {
            // Lets operators (and the tests) tell clm's sessions apart in pg_stat_activity.
            config.addDataSourceProperty("ApplicationName", b.poolName);
        }
        config.setInitializationFailTimeout(b.connectionTimeoutMillis);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ClmStorageException("cannot connect to " + redact(url) + ": " + e.getMessage(), e);
        }
    }

    private static void migrate(DataSource ds, Dialect dialect, String schema) {
        var config = Flyway.configure(ClmDatabase.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:" + dialect.migrationLocation())
                .failOnMissingLocations(true)
                .cleanDisabled(true);
        if (schema != null) config = config.schemas(schema).defaultSchema(schema).createSchemas(true);
        try {
            MigrateResult r = config.load().migrate();
            if (r.migrationsExecuted > 0) {
                LOG.info("clm schema migrated to version {} ({} migration(s), {})", r.targetSchemaVersion, r.migrationsExecuted, dialect);
            }
        } catch (FlywayException e) {
            throw new ClmStorageException("migrating the clm schema (" + dialect + (schema == null ? "" : ", schema " + schema)
                    + ") failed: " + e.getMessage(), e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public Dialect dialect() { return dialect; }

    /** The pool (or the DataSource given to the builder). */
    public DataSource dataSource() { return dataSource; }

    /** The schema clm's tables live in, or null for the connection's default schema. */
    public String schema() { return schema; }

    public Clock clock() { return clock; }

    public FileArtifactStore artifactStore() { return artifacts; }

    public ModelRegistry registry() { return registry; }

    public RetrainingJobStore retrainingJobs() { return jobs; }

    public ShadowResultStore shadowResults() { return shadowResults; }

    public DriftEventStore driftEvents() { return driftEvents; }

    public PerformanceLogStore performanceLogs() { return performanceLogs; }

    public RlVersionStore rlVersions() { return rlVersions; }

    public JdbcRetention retention() { return retention; }

    /**
     * Reads every symbol of the {@value JdbcDataClient#DEFAULT_TABLE} table; the engine writes its
     * bars there with {@link JdbcDataClient#writeBars(BarSeries)}.
     */
    public JdbcDataClient dataClient() {
        return new JdbcDataClient(dataSource, clock);
    }

    /** Reads {@code symbols} (empty: all) from {@code table}, a table or view with the documented OHLCV columns. */
    public JdbcDataClient dataClient(String table, List<String> symbols) {
        return new JdbcDataClient(dataSource, clock, table, symbols);
    }

    @Override
    public void close() {
        try {
            jobs.close();
        } finally {
            if (ownedPool != null) ownedPool.close();
        }
    }

    /** Options of {@link ClmDatabase}; every one has a default. Not thread-safe. */
    public static final class Builder {
        private String jdbcUrl;
        private String username;
        private String password;
        private DataSource dataSource;
        private Path dataDirectory = DEFAULT_DATA_DIRECTORY;
        private Path artifactDirectory;
        private String schema;
        private Clock clock = Clock.systemUTC();
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private long connectionTimeoutMillis = 10_000;
        private String poolName = "clm";

        private Builder() {}

        /** JDBC URL of a PostgreSQL or H2 database (default: embedded H2 under the data directory). */
        public Builder jdbcUrl(String url) {
            if (url == null || !(url.startsWith("jdbc:postgresql:") || url.startsWith("jdbc:h2:"))) {
                throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql: or jdbc:h2:, was '" + url + "'");
            }
            this.jdbcUrl = url;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * Use this DataSource instead of building a pool (it stays owned by the caller). Its
         * connections must already use the intended schema; {@link #schema} cannot be combined.
         */
        public Builder dataSource(DataSource dataSource) {
            if (dataSource == null) throw new IllegalArgumentException("dataSource must not be null");
            this.dataSource = dataSource;
            return this;
        }

        /** Directory of the embedded database and the default artifact directory (default ./clm-data). */
        public Builder dataDirectory(Path dir) {
            if (dir == null) throw new IllegalArgumentException("dataDirectory must not be null");
            this.dataDirectory = dir;
            return this;
        }

        /** Where model bytes are stored (default {@code <dataDirectory>/artifacts}); shared by every process of one database. */
        public Builder artifactDirectory(Path dir) {
            if (dir == null) throw new IllegalArgumentException("artifactDirectory must not be null");
            this.artifactDirectory = dir;
            return this;
        }

        /** Schema for clm's tables, created if missing (lower-case letters, digits, '_'; default: the connection's). */
        public Builder schema(String schema) {
            if (schema == null || !SCHEMA.matcher(schema).matches()) {
                throw new IllegalArgumentException("schema must match " + SCHEMA.pattern() + ", was '" + schema + "'");
            }
            this.schema = schema;
            return this;
        }

        /** Clock for every timestamp clm writes (default the UTC system clock). */
        public Builder clock(Clock clock) {
            if (clock == null) throw new IllegalArgumentException("clock must not be null");
            this.clock = clock;
            return this;
        }

        /** Maximum pooled connections, 2..1000 (default 8). */
        public Builder maxPoolSize(int size) {
            if (size < 2 || size > 1000) throw new IllegalArgumentException("maxPoolSize must be in [2, 1000], was " + size);
            this.maxPoolSize = size;
            return this;
        }

        /** How long to wait for a connection, in milliseconds, >= 250 (default 10,000). */
        public Builder connectionTimeoutMillis(long millis) {
            if (millis < 250) throw new IllegalArgumentException("connectionTimeoutMillis must be >= 250, was " + millis);
            this.connectionTimeoutMillis = millis;
            return this;
        }

        /** Name of the pool's threads and metrics (default "clm"). */
        public Builder poolName(String name) {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("poolName must not be blank");
            this.poolName = name;
            return this;
        }

        /** Connects, migrates and builds the registry and stores. */
        public ClmDatabase open() {
            if (dataSource != null && (jdbcUrl != null || username != null || password != null)) {
                throw new IllegalArgumentException("give either a dataSource or a jdbcUrl (with username/password), not both");
            }
            if (dataSource != null && schema != null) {
                throw new IllegalArgumentException("schema cannot be combined with dataSource: configure the schema on the DataSource "
                        + "(for example currentSchema=... in a PostgreSQL URL)");
            }
            return new ClmDatabase(this);
        }
    }
}
