package dev.clm.jdbc;

import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.JobStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RetrainingType;
import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.Sql;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RetrainingJobStore} on the {@code retraining_jobs} table, with one running job per
 * clm schema across every process that uses it.
 *
 * <p>The job lock lives in the database and is held on a dedicated connection for as long as
 * the job runs: on PostgreSQL a session-level advisory lock (keyed by the schema name), on H2
 * a row lock on {@code clm_locks('retraining_job')} held by an open transaction. When the
 * holding process dies its connection closes and the database releases the lock, so a crash
 * never blocks retraining for good. The job row records the session holding the lock
 * ({@code lock_session}: the PostgreSQL backend pid, the H2 session id); a RUNNING row whose
 * session no longer holds the lock belongs to a process that died, and any reader — {@link
 * #running()}, {@link #find}, {@link #recent}, {@link ClmDatabase} when it opens, the next
 * {@link #start} — marks it FAILED ("abandoned: owner process lost") at once, without taking the
 * lock (so a reader never makes a concurrent start fail). A second start while the lock is held
 * gets {@link JobAlreadyRunningException} naming the running job's id. This session lock is the
 * lease: there is no heartbeat to tune, and a process that is alive but stuck keeps its job
 * (the database cannot tell it from a slow one).
 *
 * <p>A running job occupies one pooled connection. Only the store instance that started a
 * job can complete or fail it; {@link #fail} releases the lock even when the row cannot be
 * written (the row is then found abandoned). Thread-safe; {@link #close()} fails and releases a
 * job still held.
 */
public final class JdbcRetrainingJobStore implements RetrainingJobStore, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRetrainingJobStore.class);
    private static final String H2_LOCK_ROW = "retraining_job";
    private static final String COLUMNS = "id, trigger_reason, retraining_type, models, status, started_at, finished_at, "
            + "models_trained, models_succeeded, error";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    /** How long a start that finds the lock taken waits for the holder's job row (or for a momentary probe to end). */
    private static final long WINNER_ROW_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final DataSource dataSource;
    private final Jdbc jdbc;
    private final Dialect dialect;
    private final Clock clock;
    private final long advisoryKey;
    private final String owner;

    private Connection lockConnection;
    private String heldJobId;

    /**
     * @param dataSource a migrated clm schema
     * @param dialect    the database's dialect ({@link Dialect#detect})
     * @param clock      source of start and finish times
     */
    public JdbcRetrainingJobStore(DataSource dataSource, Dialect dialect, Clock clock) {
        if (dialect == null) throw new IllegalArgumentException("dialect must not be null");
        if (clock == null) throw new IllegalArgumentException("clock must not be null");
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
        this.dialect = dialect;
        this.clock = clock;
        this.advisoryKey = dialect == Dialect.POSTGRESQL ? advisoryKey(currentSchema()) : 0L;
        String host = System.getenv("HOSTNAME");
        this.owner = "pid " + ProcessHandle.current().pid() + "@" + (host == null || host.isBlank() ? "localhost" : host);
    }

    /** The PostgreSQL advisory lock key of the job lock in {@code schema}. */
    static long advisoryKey(String schema) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(("clm.retraining_job:" + schema).getBytes(StandardCharsets.UTF_8));
            long k = 0;
            for (int i = 0; i < 8; i++) k = (k << 8) | (d[i] & 0xFF);
            return k;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The advisory lock key this store uses (PostgreSQL only; 0 on H2). */
    long advisoryKey() {
        return advisoryKey;
    }

    @Override
    public synchronized RetrainingJob start(String trigger, RetrainingType retrainingType, List<ModelType> models) {
        if (heldJobId != null) throw new JobAlreadyRunningException(heldJobId);
        Instant now = Sql.micros(clock.instant());
        RetrainingJob job = new RetrainingJob(newId(now), trigger, retrainingType, models, JobStatus.RUNNING, now, null, 0, 0, null);
        Connection lock = lockOrNameTheHolder();
        try {
            long session = sessionOf(lock);
            jdbc.inTransaction("start retraining job " + job.id(), c -> {
                abandonStaleJobs(c, now);
                insert(c, job, session);
                return null;
            });
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
        lockConnection = lock;
        heldJobId = job.id();
        LOG.info("retraining job {} started ({}, {}, {}) by {}", job.id(), trigger, retrainingType, models, owner);
        return job;
    }

    @Override
    public synchronized RetrainingJob complete(String jobId, int modelsTrained, int modelsSucceeded) {
        return finish(jobId, JobStatus.COMPLETED, modelsTrained, modelsSucceeded, null);
    }

    /** Marks the job FAILED and releases the lock; the lock is released even if the row cannot be written. */
    @Override
    public synchronized RetrainingJob fail(String jobId, String error) {
        try {
            return finish(jobId, JobStatus.FAILED, -1, -1, error == null || error.isBlank() ? "unknown error" : error);
        } finally {
            if (jobId != null && jobId.equals(heldJobId)) releaseHeld();
        }
    }

    private RetrainingJob finish(String jobId, JobStatus status, int trained, int succeeded, String error) {
        RetrainingJob job = readJob(jobId).orElseThrow(() -> new IllegalArgumentException("unknown retraining job id '" + jobId + "'"));
        if (job.status() != JobStatus.RUNNING) {
            if (jobId.equals(heldJobId)) {
                releaseHeld(); // our lock session was lost and another process marked the job; nothing of it is ours any more
                throw new IllegalStateException("retraining job '" + jobId + "' lost its database lock while running and was marked "
                        + job.status() + " (" + job.error() + ")");
            }
            throw new IllegalStateException("retraining job '" + jobId + "' is already " + job.status() + "; expected RUNNING");
        }
        if (!jobId.equals(heldJobId)) {
            throw new IllegalStateException("retraining job '" + jobId + "' is run by another store or process; only the store that "
                    + "started it can finish it");
        }
        Instant now = Sql.micros(clock.instant());
        Instant finishedAt = now.isBefore(job.startedAt()) ? job.startedAt() : now;
        RetrainingJob done = new RetrainingJob(job.id(), job.trigger(), job.retrainingType(), job.models(), status, job.startedAt(),
                finishedAt, trained < 0 ? job.modelsTrained() : trained, succeeded < 0 ? job.modelsSucceeded() : succeeded, error);
        jdbc.inTransaction("finish retraining job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE retraining_jobs SET status = ?, finished_at = ?, duration_seconds = ?, "
                    + "models_trained = ?, models_succeeded = ?, error = ? WHERE id = ? AND status = 'RUNNING'")) {
                ps.setString(1, status.name());
                Sql.setInstant(ps, 2, finishedAt);
                ps.setDouble(3, done.durationSeconds());
                ps.setInt(4, done.modelsTrained());
                ps.setInt(5, done.modelsSucceeded());
                ps.setString(6, error);
                ps.setString(7, jobId);
                if (ps.executeUpdate() != 1) throw new IllegalStateException("retraining job '" + jobId + "' was finished concurrently");
            }
            return null;
        });
        releaseHeld();
        LOG.info("retraining job {} {} after {} s", jobId, status, done.durationSeconds());
        return done;
    }

    private void releaseHeld() {
        Connection lock = lockConnection;
        lockConnection = null;
        heldJobId = null;
        release(lock);
    }

    /** The job; a RUNNING job whose process died is marked FAILED first. */
    @Override
    public Optional<RetrainingJob> find(String jobId) {
        Optional<RetrainingJob> job = readJob(jobId);
        if (job.isPresent() && isForeignRunning(job.get()) && reapAbandoned() > 0) return readJob(jobId);
        return job;
    }

    private boolean isForeignRunning(RetrainingJob job) {
        return job.status() == JobStatus.RUNNING && !job.id().equals(heldJobId());
    }

    private synchronized String heldJobId() {
        return heldJobId;
    }

    private Optional<RetrainingJob> readJob(String jobId) {
        if (jobId == null) return Optional.empty();
        return jdbc.read("find retraining job " + jobId, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM retraining_jobs WHERE id = ?")) {
                ps.setString(1, jobId);
                List<RetrainingJob> found = all(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /** The newest jobs; RUNNING jobs whose process died are marked FAILED first. */
    @Override
    public List<RetrainingJob> recent(int limit) {
        List<RetrainingJob> jobs = readRecent(limit);
        if (jobs.stream().anyMatch(this::isForeignRunning) && reapAbandoned() > 0) return readRecent(limit);
        return jobs;
    }

    private List<RetrainingJob> readRecent(int limit) {
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        return jdbc.read("recent retraining jobs", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM retraining_jobs "
                    + "ORDER BY started_at DESC, seq DESC LIMIT ?")) {
                ps.setInt(1, limit);
                return all(ps);
            }
        });
    }

    /**
     * The running job: this store's own, or the one of the process holding the database lock.
     * A RUNNING row left by a dead process is marked FAILED, not reported.
     */
    @Override
    public synchronized Optional<RetrainingJob> running() {
        if (heldJobId != null) return readJob(heldJobId);
        reapAbandoned();
        return newestRunning().flatMap(this::readJob);
    }

    /**
     * Marks FAILED every RUNNING job whose database session no longer holds the job lock (its
     * process died or lost its connection) and returns how many.
     *
     * <p>PostgreSQL: a row is alive while its session ({@code lock_session}) holds the advisory
     * lock in {@code pg_locks}; no lock is taken, so this never gets in the way of a concurrent
     * {@link #start} (a job's row is written only after its session holds the lock, and the lock
     * is released only after the row is finished). H2 (one process per file database; session
     * ids restart with the database): if the lock row can be taken, no job is running and every
     * RUNNING row is abandoned; a start racing this momentary probe may be refused once.
     */
    public int reapAbandoned() {
        int n;
        if (dialect == Dialect.POSTGRESQL) {
            n = markAbandoned("EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                    + "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                    + "AND l.classid::bigint = ? AND l.objid::bigint = ? "
                    + "AND (retraining_jobs.lock_session IS NULL OR l.pid = retraining_jobs.lock_session))");
        } else {
            Connection probe = tryLock();
            if (probe == null) return 0; // a job is running (maybe ours)
            try {
                n = markAbandoned("FALSE");
            } finally {
                release(probe);
            }
        }
        if (n > 0) LOG.warn("marked {} abandoned retraining job(s) FAILED: their process no longer holds the job lock", n);
        return n;
    }

    private int markAbandoned(String alive) {
        Instant now = Sql.micros(clock.instant());
        return jdbc.inTransaction("mark abandoned retraining jobs", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE retraining_jobs SET status = 'FAILED', "
                    + "finished_at = CASE WHEN started_at > ? THEN started_at ELSE ? END, "
                    + "error = CAST(? AS VARCHAR(64)) || owner || CAST(? AS VARCHAR(256)) "
                    + "WHERE status = 'RUNNING' AND NOT " + alive)) {
                Sql.setInstant(ps, 1, now);
                Sql.setInstant(ps, 2, now);
                ps.setString(3, "abandoned: owner process lost (");
                ps.setString(4, " no longer holds the job lock; found by " + owner + ")");
                if (dialect == Dialect.POSTGRESQL) {
                    ps.setLong(5, advisoryKey >>> 32);
                    ps.setLong(6, advisoryKey & 0xFFFFFFFFL);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** The id of the database session of {@code c}: the PostgreSQL backend pid, the H2 session id. */
    private long sessionOf(Connection c) {
        try (PreparedStatement ps = c.prepareStatement(dialect == Dialect.POSTGRESQL ? "SELECT pg_backend_pid()" : "SELECT SESSION_ID()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw Jdbc.failure("reading the session id of the retraining job lock", e);
        }
    }

    /** Fails and releases a job this store still holds (the process is shutting down). */
    @Override
    public synchronized void close() {
        if (heldJobId == null) return;
        try {
            finish(heldJobId, JobStatus.FAILED, -1, -1, "job store closed while the job was running");
        } catch (RuntimeException e) {
            LOG.warn("could not record the end of retraining job {} on close: {}", heldJobId, e.getMessage());
            Connection lock = lockConnection;
            lockConnection = null;
            heldJobId = null;
            release(lock);
        }
    }

    /** Takes the job lock on a new connection, or returns null if another session holds it. */
    private Connection tryLock() {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            boolean acquired;
            if (dialect == Dialect.POSTGRESQL) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
                    ps.setLong(1, advisoryKey);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        acquired = rs.getBoolean(1);
                    }
                }
            } else {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT lock_name FROM clm_locks WHERE lock_name = ? FOR UPDATE SKIP LOCKED")) {
                    ps.setString(1, H2_LOCK_ROW);
                    try (ResultSet rs = ps.executeQuery()) {
                        acquired = rs.next();
                    }
                }
            }
            if (acquired) return c;
            release(c);
            return null;
        } catch (SQLException e) {
            if (c != null) release(c);
            throw Jdbc.failure("taking the retraining job lock", e);
        }
    }

    private void release(Connection c) {
        if (c == null) return;
        try {
            if (dialect == Dialect.POSTGRESQL) {
                try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                    ps.execute();
                }
            } else if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // The connection is broken, so the database has dropped the session and its lock.
            LOG.warn("releasing the retraining job lock: {}", e.getMessage());
        } finally {
            try {
                c.close();
            } catch (SQLException ignored) {
                // nothing left to release
            }
        }
    }

    /**
     * Takes the job lock, or throws {@link JobAlreadyRunningException} naming the job that holds
     * it. The holder commits its RUNNING row right after taking the lock, and {@link #running()}
     * elsewhere may hold the lock for a moment without any job: while the lock is taken but no
     * RUNNING row is visible, retry briefly instead of refusing.
     */
    private Connection lockOrNameTheHolder() {
        long deadline = System.nanoTime() + WINNER_ROW_WAIT_NANOS;
        while (true) {
            Connection lock = tryLock();
            if (lock != null) return lock;
            Optional<String> holder = newestRunning();
            if (holder.isPresent()) throw new JobAlreadyRunningException(holder.get());
            if (System.nanoTime() > deadline) throw new JobAlreadyRunningException("unknown");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private Optional<String> newestRunning() {
        return jdbc.read("find the running retraining job", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM retraining_jobs WHERE status = 'RUNNING' "
                    + "ORDER BY started_at DESC, seq DESC LIMIT 1");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        });
    }

    /** RUNNING rows while we hold the lock belong to processes that died holding it. */
    private void abandonStaleJobs(Connection c, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE retraining_jobs SET status = 'FAILED', finished_at = ?, error = ? "
                + "WHERE status = 'RUNNING' AND started_at <= ?")) {
            Sql.setInstant(ps, 1, now);
            ps.setString(2, "abandoned: the process running it died or lost its database connection (found by " + owner + ")");
            Sql.setInstant(ps, 3, now);
            int n = ps.executeUpdate();
            if (n > 0) LOG.warn("marked {} abandoned retraining job(s) FAILED", n);
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE retraining_jobs SET status = 'FAILED', finished_at = started_at, error = ? "
                + "WHERE status = 'RUNNING'")) {
            // Rows stamped after our (possibly skewed) clock's now: keep finished_at >= started_at.
            ps.setString(1, "abandoned: the process running it died or lost its database connection (found by " + owner + ")");
            ps.executeUpdate();
        }
    }

    private void insert(Connection c, RetrainingJob job, long session) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO retraining_jobs (id, trigger_reason, retraining_type, models, status, "
                + "started_at, models_trained, models_succeeded, owner, lock_session) VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, ?)")) {
            ps.setString(1, job.id());
            ps.setString(2, job.trigger());
            ps.setString(3, job.retrainingType().name());
            ps.setString(4, joinModels(job.models()));
            ps.setString(5, JobStatus.RUNNING.name());
            Sql.setInstant(ps, 6, job.startedAt());
            ps.setString(7, owner);
            ps.setLong(8, session);
            ps.executeUpdate();
        }
    }

    private String currentSchema() {
        return jdbc.read("read the current schema", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT current_schema()"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static String newId(Instant now) {
        return "job-" + ID_TIME.format(now) + "-" + String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    private static String joinModels(List<ModelType> models) {
        StringBuilder sb = new StringBuilder();
        for (ModelType m : models) {
            if (sb.length() > 0) sb.append(',');
            sb.append(m.name()); // names cannot contain ',' (validated by ModelType)
        }
        return sb.toString();
    }

    private static List<ModelType> splitModels(String s) {
        List<ModelType> out = new ArrayList<>();
        if (s == null || s.isEmpty()) return out;
        for (String n : s.split(",")) out.add(ModelType.of(n));
        return out;
    }

    private static List<RetrainingJob> all(PreparedStatement ps) throws SQLException {
        List<RetrainingJob> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new RetrainingJob(rs.getString("id"), rs.getString("trigger_reason"),
                        RetrainingType.valueOf(rs.getString("retraining_type")), splitModels(rs.getString("models")),
                        JobStatus.valueOf(rs.getString("status")), Sql.getInstant(rs, "started_at"), Sql.getInstant(rs, "finished_at"),
                        rs.getInt("models_trained"), rs.getInt("models_succeeded"), rs.getString("error")));
            }
        }
        return List.copyOf(out);
    }
}
