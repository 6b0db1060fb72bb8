package dev.clm.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The retention routines of the H2 schema ({@code CREATE ALIAS} in V3__retention.sql): H2 has
 * no procedural SQL, so the same two routines PostgreSQL defines in PL/pgSQL are Java
 * functions here. H2 passes the calling session's connection; they run in its transaction.
 */
public final class H2Retention {
    private H2Retention() {}

    /** Deletes shadow samples older than {@code retentionDays} before {@code now}; returns how many. */
    public static long purgeShadowResults(Connection c, OffsetDateTime now, int retentionDays) throws SQLException {
        requireDays(retentionDays);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM shadow_test_results WHERE signal_time < ?")) {
            ps.setObject(1, now.minusDays(retentionDays));
            return ps.executeUpdate();
        }
    }

    /** Marks versions RETIRED for longer than {@code retentionDays} as archived; returns how many. */
    public static long archiveRetiredModels(Connection c, OffsetDateTime now, int retentionDays) throws SQLException {
        requireDays(retentionDays);
        try (PreparedStatement ps = c.prepareStatement("UPDATE model_registry SET archived_at = ? "
                + "WHERE status = 'RETIRED' AND archived_at IS NULL AND retired_at < ?")) {
            ps.setObject(1, now);
            ps.setObject(2, now.minusDays(retentionDays));
            return ps.executeUpdate();
        }
    }

    private static void requireDays(int retentionDays) throws SQLException {
        if (retentionDays < 0) throw new SQLException("retention days must be >= 0, was " + retentionDays, "22023");
    }
}
