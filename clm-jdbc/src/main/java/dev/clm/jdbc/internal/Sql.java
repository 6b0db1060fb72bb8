package dev.clm.jdbc.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Conversions between Java values and SQL columns shared by the JDBC stores. Not for users. */
public final class Sql {
    /** SQLState of a unique or primary key violation (PostgreSQL and H2 alike). */
    public static final String UNIQUE_VIOLATION = "23505";

    private Sql() {}

    /** Both databases store microseconds; truncating first makes what is read back equal what was written. */
    public static Instant micros(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MICROS);
    }

    public static void setInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (t == null) ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        else ps.setObject(index, OffsetDateTime.ofInstant(micros(t), ZoneOffset.UTC));
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** NaN ("unknown") is stored as NULL, so SQL aggregates skip it. */
    public static void setDoubleOrNull(PreparedStatement ps, int index, double v) throws SQLException {
        if (Double.isNaN(v)) ps.setNull(index, Types.DOUBLE);
        else ps.setDouble(index, v);
    }

    public static double getDoubleOrNaN(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    /** True if {@code e} or an exception chained to it is a unique-key violation. */
    public static boolean isUniqueViolation(SQLException e) {
        return hasState(e, UNIQUE_VIOLATION);
    }

    /**
     * True if {@code e} or an exception chained to it is a data exception (SQLState class 22: a
     * value too long, out of range, a character the encoding refuses) or an integrity constraint
     * violation (class 23): the rows are at fault, not the database.
     */
    public static boolean isDataRefusal(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    String state = n.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) return true;
                }
            }
            if (t.getCause() == t) break;
        }
        return false;
    }

    /** True if {@code e} or any exception chained to it (causes and next exceptions) has {@code sqlState}. */
    public static boolean hasState(SQLException e, String sqlState) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException n = s; n != null; n = n.getNextException()) {
                    if (sqlState.equals(n.getSQLState())) return true;
                }
            }
            if (t.getCause() == t) break;
        }
        return false;
    }
}
