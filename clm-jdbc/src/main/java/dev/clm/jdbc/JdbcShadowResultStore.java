package dev.clm.jdbc;

import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelType;
import dev.clm.api.Names;
import dev.clm.api.ShadowOutcome;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import dev.clm.jdbc.internal.BinaryCopyWriter;
import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.Sql;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * {@link ShadowResultStore} on the {@code shadow_test_results} table.
 *
 * <p>On PostgreSQL a batch is streamed with {@code COPY ... FROM STDIN (FORMAT binary)} through
 * PgJDBC's copy API: no SQL parsing per row and no text formatting or parsing of numbers and
 * timestamps, several times faster than batched INSERTs; on H2 it is one JDBC batch in one
 * transaction. Either way a batch is all or nothing: a duplicate sample id rejects the whole
 * batch. A batch the database refuses as data (SQLState class 22 or 23: a value too long or out
 * of range, a timestamp out of range) throws {@link InvalidDataException} naming the row (index in
 * the batch; on PostgreSQL also the column) when the database reports it, a duplicate id
 * {@link IllegalArgumentException}; an outage throws {@link ClmStorageException}. Outcomes are
 * filled in later with one batched UPDATE per call. NaN (no outcome yet) is stored as NULL.
 * Thread-safe.
 */
public final class JdbcShadowResultStore implements ShadowResultStore {
    private static final String INSERT_COLUMNS = "sample_id, model_type, shadow_version, active_version, symbol, signal_time, "
            + "active_prediction, shadow_prediction, realised_return, pnl";
    /** Bytes buffered before a chunk is handed to COPY. */
    private static final int COPY_CHUNK = 1 << 16;
    /** PostgreSQL's context line of a COPY error: {@code COPY shadow_test_results, line 3, column symbol}. */
    private static final Pattern COPY_WHERE = Pattern.compile("line (\\d+)(?:, column (\\w+))?");

    private final Jdbc jdbc;
    private final Dialect dialect;

    public JdbcShadowResultStore(DataSource dataSource, Dialect dialect) {
        if (dialect == null) throw new IllegalArgumentException("dialect must not be null");
        this.jdbc = new Jdbc(dataSource);
        this.dialect = dialect;
    }

    @Override
    public void insertBatch(List<ShadowSample> samples) {
        if (samples == null) throw new IllegalArgumentException("samples must not be null");
        if (samples.isEmpty()) return;
        requireDistinctIds(samples);
        try {
            jdbc.inTransaction("insert " + samples.size() + " shadow samples", c -> {
                if (dialect == Dialect.POSTGRESQL) copy(c, samples);
                else batchInsert(c, samples);
                return null;
            });
        } catch (ClmStorageException e) {
            if (e.getCause() instanceof SQLException s && Sql.isUniqueViolation(s)) {
                throw new IllegalArgumentException("a shadow sample id of the batch is already stored; ids must be new; nothing of the "
                        + "batch was stored (" + s.getMessage() + ")", e);
            }
            if (e.getCause() instanceof SQLException s && Sql.isDataRefusal(s)) throw refused(samples, s, e);
            throw e;
        }
    }

    /**
     * The database refused a row as data: name the row (index in the batch) and column when the
     * database says which (PostgreSQL's COPY context, the JDBC batch's update counts on H2).
     */
    private static InvalidDataException refused(List<ShadowSample> samples, SQLException s, ClmStorageException e) {
        String symbol = null, field = null;
        long row = -1;
        if (s instanceof RowRefused r && r.index < samples.size()) {
            row = r.index;
            symbol = samples.get(r.index).symbol();
        } else if (s instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            Matcher where = m.getWhere() == null ? null : COPY_WHERE.matcher(m.getWhere());
            if (where != null && where.find()) {
                int line = Integer.parseInt(where.group(1)); // 1-based data row of the COPY
                if (line >= 1 && line <= samples.size()) {
                    row = line - 1;
                    symbol = samples.get(line - 1).symbol();
                }
                field = where.group(2);
            }
        }
        InvalidDataException refused = new InvalidDataException(symbol, row, field, "the database refused a shadow sample of the batch of "
                + samples.size() + " (SQLState " + s.getSQLState() + ": " + s.getMessage() + "); nothing of the batch was stored");
        refused.initCause(e);
        return refused;
    }

    /**
     * Null entries, timestamps out of {@link ShadowSample#isSaneTimestamp range} and ids repeated
     * within the batch are refused before anything is written. The
     * recorder's batches come in increasing id order, checked in one pass without boxing; other
     * batches are checked on a sorted copy of the ids.
     */
    private static void requireDistinctIds(List<ShadowSample> samples) {
        long previous = Long.MIN_VALUE;
        boolean increasing = true;
        for (int i = 0; i < samples.size(); i++) {
            ShadowSample s = samples.get(i);
            if (s == null) throw new IllegalArgumentException("samples[" + i + "] is null");
            if (!ShadowSample.isSaneTimestamp(s.timestampMillis())) {
                throw new InvalidDataException(s.symbol(), i, "signal_time", ShadowSample.timestampRule(s.timestampMillis())
                        + "; nothing of the batch was stored");
            }
            if (i > 0 && s.sampleId() <= previous) increasing = false;
            previous = s.sampleId();
        }
        if (increasing) return;
        long[] ids = new long[samples.size()];
        for (int i = 0; i < ids.length; i++) ids[i] = samples.get(i).sampleId();
        Arrays.sort(ids);
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] == ids[i - 1]) {
                throw new IllegalArgumentException("shadow sample id " + ids[i] + " appears twice in the batch; ids must be new");
            }
        }
    }

    private static void copy(Connection c, List<ShadowSample> samples) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY shadow_test_results (" + INSERT_COLUMNS + ") FROM STDIN (FORMAT binary)");
        try {
            BinaryCopyWriter w = new BinaryCopyWriter(in, COPY_CHUNK);
            w.header();
            for (ShadowSample s : samples) {
                w.startRow(10);
                w.int8(s.sampleId());
                w.text(s.modelType().name());
                w.text(s.shadowVersion());
                w.text(s.activeVersion());
                w.text(s.symbol());
                w.timestamptzMillis(s.timestampMillis());
                w.float8(s.activePrediction());
                w.float8(s.shadowPrediction());
                w.float8OrNull(s.realisedReturn());
                w.float8OrNull(s.pnl());
            }
            w.trailer();
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    private static void batchInsert(Connection c, List<ShadowSample> samples) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shadow_test_results (" + INSERT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            int pending = 0, chunkStart = 0;
            for (ShadowSample s : samples) {
                ps.setLong(1, s.sampleId());
                ps.setString(2, s.modelType().name());
                ps.setString(3, s.shadowVersion());
                ps.setString(4, s.activeVersion());
                ps.setString(5, s.symbol());
                Sql.setInstant(ps, 6, Instant.ofEpochMilli(s.timestampMillis()));
                ps.setDouble(7, s.activePrediction());
                ps.setDouble(8, s.shadowPrediction());
                Sql.setDoubleOrNull(ps, 9, s.realisedReturn());
                Sql.setDoubleOrNull(ps, 10, s.pnl());
                ps.addBatch();
                if (++pending == 1000) {
                    executeBatch(ps, chunkStart);
                    chunkStart += pending;
                    pending = 0;
                }
            }
            if (pending > 0) executeBatch(ps, chunkStart);
        }
    }

    /** Executes a JDBC batch; a failure says which row of the whole batch failed (from the update counts). */
    private static void executeBatch(PreparedStatement ps, int chunkStart) throws SQLException {
        try {
            ps.executeBatch();
        } catch (BatchUpdateException b) {
            int[] counts = b.getUpdateCounts();
            int failed = counts == null ? -1 : counts.length; // a driver that stops at the failing row
            for (int i = 0; counts != null && i < counts.length; i++) {
                if (counts[i] == Statement.EXECUTE_FAILED) {
                    failed = i;
                    break;
                }
            }
            if (failed < 0) throw b;
            throw new RowRefused(chunkStart + failed, b);
        }
    }

    /** A batch failure at a known row; keeps the driver's SQLState and exception chain. */
    private static final class RowRefused extends SQLException {
        final int index;

        RowRefused(int index, BatchUpdateException cause) {
            super("row " + index + " of the batch: " + cause.getMessage(), cause.getSQLState(), cause.getErrorCode(), cause);
            this.index = index;
        }
    }

    @Override
    public int recordOutcomes(List<ShadowOutcome> outcomes) {
        if (outcomes == null) throw new IllegalArgumentException("outcomes must not be null");
        if (outcomes.isEmpty()) return 0;
        return jdbc.inTransaction("record " + outcomes.size() + " shadow outcomes", c -> {
            int updated = 0;
            try (PreparedStatement ps = c.prepareStatement("UPDATE shadow_test_results SET realised_return = ?, pnl = ? WHERE sample_id = ?")) {
                for (ShadowOutcome o : outcomes) {
                    if (o == null) throw new IllegalArgumentException("outcomes must not contain null");
                    ps.setDouble(1, o.realisedReturn());
                    Sql.setDoubleOrNull(ps, 2, o.pnl());
                    ps.setLong(3, o.sampleId());
                    ps.addBatch();
                }
                for (int n : ps.executeBatch()) {
                    if (n > 0) updated += n;
                }
            }
            return updated;
        });
    }

    @Override
    public List<ShadowSample> samples(ModelType type, String shadowVersion) {
        if (type == null) throw new IllegalArgumentException("model type must not be null");
        Names.requireName(shadowVersion, "shadowVersion");
        return jdbc.read("read shadow samples of " + type + " " + shadowVersion, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + INSERT_COLUMNS + " FROM shadow_test_results "
                    + "WHERE model_type = ? AND shadow_version = ? ORDER BY sample_id")) {
                ps.setString(1, type.name());
                ps.setString(2, shadowVersion);
                List<ShadowSample> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ShadowSample(rs.getLong("sample_id"), ModelType.of(rs.getString("model_type")),
                                rs.getString("shadow_version"), rs.getString("active_version"), rs.getString("symbol"),
                                Sql.getInstant(rs, "signal_time").toEpochMilli(), rs.getDouble("active_prediction"),
                                rs.getDouble("shadow_prediction"), Sql.getDoubleOrNaN(rs, "realised_return"),
                                Sql.getDoubleOrNaN(rs, "pnl")));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long count(ModelType type, String shadowVersion) {
        if (type == null) throw new IllegalArgumentException("model type must not be null");
        Names.requireName(shadowVersion, "shadowVersion");
        return jdbc.read("count shadow samples of " + type + " " + shadowVersion, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT COUNT(*) FROM shadow_test_results WHERE model_type = ? AND shadow_version = ?")) {
                ps.setString(1, type.name());
                ps.setString(2, shadowVersion);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public int deleteOlderThan(Instant cutoff) {
        if (cutoff == null) throw new IllegalArgumentException("cutoff must not be null");
        return jdbc.inTransaction("delete shadow samples before " + cutoff, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM shadow_test_results WHERE signal_time < ?")) {
                Sql.setInstant(ps, 1, cutoff);
                return ps.executeUpdate();
            }
        });
    }
}
