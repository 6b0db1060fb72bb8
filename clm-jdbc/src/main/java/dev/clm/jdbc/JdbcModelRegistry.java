package dev.clm.jdbc;

import dev.clm.api.ArtifactIntegrityException;
import dev.clm.api.Checksums;
import dev.clm.api.IllegalTransitionException;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.Names;
import dev.clm.api.PromotionResult;
import dev.clm.api.TimeRange;
import dev.clm.api.UnknownModelException;
import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.JsonMaps;
import dev.clm.jdbc.internal.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * {@link ModelRegistry} on the {@code model_registry} table, with model bytes in a
 * {@link FileArtifactStore}.
 *
 * <p>The database enforces "at most one ACTIVE version per model type" itself (a partial
 * unique index on PostgreSQL, a unique index on a generated column on H2), so the invariant
 * holds across threads, pools and processes even if a client misbehaves. Status changes of a
 * type are serialised by a row lock ({@code clm_locks}) taken inside the changing
 * transaction: a promotion is one transaction (new version ACTIVE with {@code promoted_at},
 * previous ACTIVE RETIRED with {@code retired_at}) and a connection that dies in the middle
 * leaves the previous state untouched. Before a version becomes ACTIVE its artifact file is
 * read and checked against the recorded SHA-256, so an ACTIVE row always points to loadable
 * bytes.
 *
 * <p>Reads are not cached: {@link #getActive} is one indexed query, so a promotion made by
 * another process is seen by the next call. Thread-safe.
 */
public final class JdbcModelRegistry implements ModelRegistry {
    private static final String COLUMNS = "model_type, version, status, trained_at, training_start, training_end, data_points, "
            + "metrics, feature_config, training_params, provenance, parent_version, checksum, size_bytes, format, promoted_at, "
            + "retired_at";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM model_registry ";
    private static final String NEWEST_FIRST = " ORDER BY trained_at DESC, version DESC";

    private final Jdbc jdbc;
    private final FileArtifactStore artifacts;
    private final Clock clock;
    private final Set<ModelType> lockRowsPresent = ConcurrentHashMap.newKeySet();

    /**
     * @param dataSource a migrated clm schema (see {@link ClmDatabase})
     * @param artifacts  where model bytes are written and read
     * @param clock      source of promoted/retired/created times
     */
    public JdbcModelRegistry(DataSource dataSource, FileArtifactStore artifacts, Clock clock) {
        if (artifacts == null) throw new IllegalArgumentException("artifacts must not be null");
        if (clock == null) throw new IllegalArgumentException("clock must not be null");
        this.jdbc = new Jdbc(dataSource);
        this.artifacts = artifacts;
        this.clock = clock;
    }

    @Override
    public Optional<ModelArtifact> getActive(ModelType type) {
        requireType(type);
        return jdbc.read("getActive(" + type + ")", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE model_type = ? AND status = 'ACTIVE'")) {
                ps.setString(1, type.name());
                return first(ps);
            }
        });
    }

    @Override
    public ModelArtifact save(ModelArtifact artifact, byte[] modelBytes) {
        if (artifact == null) throw new IllegalArgumentException("artifact must not be null");
        if (modelBytes == null) throw new IllegalArgumentException("modelBytes must not be null (version '" + artifact.version() + "')");
        if (artifact.status() != ModelStatus.CANDIDATE && artifact.status() != ModelStatus.SHADOW) {
            throw new IllegalArgumentException("a new version must be saved with status CANDIDATE or SHADOW, was " + artifact.status()
                    + " (model " + artifact.type() + " version '" + artifact.version() + "'); use promote() to activate it");
        }
        String actual = Checksums.sha256Hex(modelBytes);
        if (!actual.equals(artifact.checksum())) {
            throw new ArtifactIntegrityException(artifact.type(), artifact.version(),
                    "bytes hash to " + actual + ", artifact records " + artifact.checksum());
        }
        ModelType type = artifact.type();
        String version = artifact.version();
        if (find(type, version).isPresent()) throw duplicate(artifact);
        // Bytes first, row second: a crash in between leaves an unreferenced file, never a row
        // without its bytes.
        String path = artifacts.write(type, version, artifact.checksum(), modelBytes);
        ensureLockRow(type);
        ModelArtifact stored = truncated(artifact);
        try {
            jdbc.read("save(" + type + ", " + version + ")", c -> insert(c, stored, path));
        } catch (ClmStorageException e) {
            if (e.getCause() instanceof SQLException s && Sql.isUniqueViolation(s)) {
                // Lost a race with a concurrent save of the same version; the winner's bytes
                // live under their own checksum, so only a file of different bytes is ours to drop.
                Optional<ModelArtifact> winner = find(type, version);
                if (winner.isPresent() && !winner.get().checksum().equals(artifact.checksum())) {
                    artifacts.deleteUnreferenced(type, version, path);
                }
                throw duplicate(artifact);
            }
            throw e;
        }
        return stored;
    }

    private int insert(Connection c, ModelArtifact a, String path) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_registry (" + COLUMNS
                + ", artifact_path, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int i = 0;
            ps.setString(++i, a.type().name());
            ps.setString(++i, a.version());
            ps.setString(++i, a.status().name());
            Sql.setInstant(ps, ++i, a.trainedAt());
            Sql.setInstant(ps, ++i, a.trainingRange().start());
            Sql.setInstant(ps, ++i, a.trainingRange().end());
            ps.setLong(++i, a.dataPoints());
            ps.setString(++i, JsonMaps.write(a.metrics()));
            ps.setString(++i, JsonMaps.write(a.featureConfig()));
            ps.setString(++i, JsonMaps.write(a.trainingParams()));
            ps.setString(++i, JsonMaps.write(a.provenance()));
            ps.setString(++i, a.parentVersion());
            ps.setString(++i, a.checksum());
            ps.setLong(++i, a.sizeBytes());
            ps.setString(++i, a.format());
            Sql.setInstant(ps, ++i, a.promotedAt());
            Sql.setInstant(ps, ++i, a.retiredAt());
            ps.setString(++i, path);
            Sql.setInstant(ps, ++i, clock.instant());
            return ps.executeUpdate();
        }
    }

    @Override
    public byte[] loadBytes(ModelType type, String version) {
        requireKey(type, version);
        String[] located = jdbc.read("loadBytes(" + type + ", " + version + ")", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT artifact_path, checksum FROM model_registry WHERE model_type = ? AND version = ?")) {
                ps.setString(1, type.name());
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new String[] {rs.getString(1), rs.getString(2)} : null;
                }
            }
        });
        if (located == null) throw new UnknownModelException(type, version, "no such version in the registry");
        return artifacts.read(type, version, located[0], located[1]);
    }

    @Override
    public PromotionResult promote(ModelType type, String version, String reason) {
        requireKey(type, version);
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("reason must not be blank (promotion of " + type
                + " version '" + version + "')");
        ensureLockRow(type);
        return jdbc.inTransaction("promote(" + type + ", " + version + ")", c -> {
            lockType(c, type);
            ModelArtifact target = findIn(c, type, version).orElseThrow(
                    () -> new UnknownModelException(type, version, "no such version in the registry"));
            if (target.status() == ModelStatus.ACTIVE) {
                Instant since = target.promotedAt() == null ? clock.instant() : target.promotedAt();
                return new PromotionResult(type, version, version, since, reason);
            }
            if (!target.status().canTransitionTo(ModelStatus.ACTIVE)) {
                throw new IllegalTransitionException(type, version, target.status(), ModelStatus.ACTIVE);
            }
            // Never make a version ACTIVE whose bytes cannot be loaded.
            loadBytesIn(c, type, version);
            String old = activeVersionIn(c, type);
            Instant now = Sql.micros(clock.instant());
            if (old != null) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE model_registry SET status = 'RETIRED', retired_at = ? "
                        + "WHERE model_type = ? AND status = 'ACTIVE'")) {
                    Sql.setInstant(ps, 1, now);
                    ps.setString(2, type.name());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE model_registry SET status = 'ACTIVE', promoted_at = ?, "
                    + "archived_at = NULL, promotion_reason = ? WHERE model_type = ? AND version = ?")) {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, reason);
                ps.setString(3, type.name());
                ps.setString(4, version);
                ps.executeUpdate();
            }
            return new PromotionResult(type, old, version, now, reason);
        });
    }

    @Override
    public ModelArtifact retire(ModelType type, String version) {
        requireKey(type, version);
        ensureLockRow(type);
        return jdbc.inTransaction("retire(" + type + ", " + version + ")", c -> {
            lockType(c, type);
            ModelArtifact a = requireIn(c, type, version);
            if (a.status() != ModelStatus.ACTIVE) throw new IllegalTransitionException(type, version, a.status(), ModelStatus.RETIRED);
            Instant now = Sql.micros(clock.instant());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE model_registry SET status = 'RETIRED', retired_at = ? WHERE model_type = ? AND version = ?")) {
                Sql.setInstant(ps, 1, now);
                ps.setString(2, type.name());
                ps.setString(3, version);
                ps.executeUpdate();
            }
            return a.withRetiredAt(now);
        });
    }

    @Override
    public ModelArtifact updateStatus(ModelType type, String version, ModelStatus status) {
        requireKey(type, version);
        if (status == null) throw new IllegalArgumentException("status must not be null (model " + type + " version '" + version + "')");
        if (status == ModelStatus.ACTIVE) {
            throw new IllegalArgumentException("status ACTIVE is set only by promote() (model " + type + " version '" + version + "')");
        }
        if (status == ModelStatus.RETIRED) return retire(type, version);
        ensureLockRow(type);
        return jdbc.inTransaction("updateStatus(" + type + ", " + version + ", " + status + ")", c -> {
            lockType(c, type);
            ModelArtifact a = requireIn(c, type, version);
            if (!a.status().canTransitionTo(status)) throw new IllegalTransitionException(type, version, a.status(), status);
            try (PreparedStatement ps = c.prepareStatement("UPDATE model_registry SET status = ? WHERE model_type = ? AND version = ?")) {
                ps.setString(1, status.name());
                ps.setString(2, type.name());
                ps.setString(3, version);
                ps.executeUpdate();
            }
            return a.withStatus(status);
        });
    }

    @Override
    public ModelArtifact updateMetrics(ModelType type, String version, Map<String, Double> metrics) {
        requireKey(type, version);
        // Validates finiteness and nulls the same way a new artifact would.
        Map<String, Double> checked = requireFound(type, version).withMetrics(metrics).metrics();
        return jdbc.inTransaction("updateMetrics(" + type + ", " + version + ")", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE model_registry SET metrics = ? WHERE model_type = ? AND version = ?")) {
                ps.setString(1, JsonMaps.write(checked));
                ps.setString(2, type.name());
                ps.setString(3, version);
                if (ps.executeUpdate() == 0) throw new UnknownModelException(type, version, "no such version in the registry");
            }
            return requireIn(c, type, version);
        });
    }

    @Override
    public Optional<ModelArtifact> find(ModelType type, String version) {
        requireKey(type, version);
        return jdbc.read("find(" + type + ", " + version + ")", c -> findIn(c, type, version));
    }

    @Override
    public List<ModelArtifact> history(ModelType type, int limit) {
        requireType(type);
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        return jdbc.read("history(" + type + ")", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE model_type = ?" + NEWEST_FIRST + " LIMIT ?")) {
                ps.setString(1, type.name());
                ps.setInt(2, limit);
                return all(ps);
            }
        });
    }

    @Override
    public List<ModelArtifact> findByStatus(ModelType type, ModelStatus status) {
        requireType(type);
        if (status == null) throw new IllegalArgumentException("status must not be null");
        return jdbc.read("findByStatus(" + type + ", " + status + ")", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE model_type = ? AND status = ?" + NEWEST_FIRST)) {
                ps.setString(1, type.name());
                ps.setString(2, status.name());
                return all(ps);
            }
        });
    }

    @Override
    public Set<ModelType> modelTypes() {
        return jdbc.read("modelTypes()", c -> {
            Set<ModelType> out = new TreeSet<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT model_type FROM model_registry");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(ModelType.of(rs.getString(1)));
            }
            return Set.copyOf(out);
        });
    }

    private ModelArtifact requireFound(ModelType type, String version) {
        return find(type, version).orElseThrow(() -> new UnknownModelException(type, version, "no such version in the registry"));
    }

    private void loadBytesIn(Connection c, ModelType type, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT artifact_path, checksum FROM model_registry WHERE model_type = ? AND version = ?")) {
            ps.setString(1, type.name());
            ps.setString(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new UnknownModelException(type, version, "no such version in the registry");
                artifacts.read(type, version, rs.getString(1), rs.getString(2));
            }
        }
    }

    private static String activeVersionIn(Connection c, ModelType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT version FROM model_registry WHERE model_type = ? AND status = 'ACTIVE'")) {
            ps.setString(1, type.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Creates the type's lock row once (idempotent, safe under concurrency). */
    private void ensureLockRow(ModelType type) {
        if (lockRowsPresent.contains(type)) return;
        jdbc.read("create lock row for " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO clm_locks (lock_name) VALUES (?) ON CONFLICT DO NOTHING")) {
                ps.setString(1, lockName(type));
                return ps.executeUpdate();
            }
        });
        lockRowsPresent.add(type);
    }

    /** Serialises status changes of one type until the transaction ends (commit, rollback or a dead connection). */
    private static void lockType(Connection c, ModelType type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT lock_name FROM clm_locks WHERE lock_name = ? FOR UPDATE")) {
            ps.setString(1, lockName(type));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("lock row for model type " + type + " is missing from clm_locks");
            }
        }
    }

    private static String lockName(ModelType type) {
        return "model_type:" + type.name();
    }

    private ModelArtifact requireIn(Connection c, ModelType type, String version) throws SQLException {
        return findIn(c, type, version).orElseThrow(() -> new UnknownModelException(type, version, "no such version in the registry"));
    }

    private Optional<ModelArtifact> findIn(Connection c, ModelType type, String version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE model_type = ? AND version = ?")) {
            ps.setString(1, type.name());
            ps.setString(2, version);
            return first(ps);
        }
    }

    private static Optional<ModelArtifact> first(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static List<ModelArtifact> all(PreparedStatement ps) throws SQLException {
        List<ModelArtifact> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(map(rs));
        }
        return List.copyOf(out);
    }

    private static ModelArtifact map(ResultSet rs) throws SQLException {
        return new ModelArtifact(ModelType.of(rs.getString("model_type")), rs.getString("version"),
                ModelStatus.valueOf(rs.getString("status")), Sql.getInstant(rs, "trained_at"),
                new TimeRange(Sql.getInstant(rs, "training_start"), Sql.getInstant(rs, "training_end")), rs.getLong("data_points"),
                JsonMaps.readDoubles(rs.getString("metrics"), "metrics"),
                JsonMaps.readStrings(rs.getString("feature_config"), "feature_config"),
                JsonMaps.readStrings(rs.getString("training_params"), "training_params"),
                JsonMaps.readStrings(rs.getString("provenance"), "provenance"), rs.getString("parent_version"),
                rs.getString("checksum"), rs.getLong("size_bytes"), rs.getString("format"), Sql.getInstant(rs, "promoted_at"),
                Sql.getInstant(rs, "retired_at"));
    }

    private static ModelArtifact truncated(ModelArtifact a) {
        return new ModelArtifact(a.type(), a.version(), a.status(), Sql.micros(a.trainedAt()),
                new TimeRange(Sql.micros(a.trainingRange().start()), Sql.micros(a.trainingRange().end())), a.dataPoints(), a.metrics(),
                a.featureConfig(), a.trainingParams(), a.provenance(), a.parentVersion(), a.checksum(), a.sizeBytes(), a.format(),
                Sql.micros(a.promotedAt()), Sql.micros(a.retiredAt()));
    }

    private static IllegalArgumentException duplicate(ModelArtifact a) {
        return new IllegalArgumentException("model " + a.type() + " version '" + a.version() + "' already exists; versions are immutable");
    }

    private static void requireType(ModelType type) {
        if (type == null) throw new IllegalArgumentException("model type must not be null");
    }

    /** A version that breaks the name rule never reaches SQL (PostgreSQL refuses NUL with a storage error). */
    private static void requireKey(ModelType type, String version) {
        requireType(type);
        Names.requireName(version, "version");
    }
}
