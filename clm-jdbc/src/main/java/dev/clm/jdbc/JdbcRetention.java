package dev.clm.jdbc;

import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Runs the schema's two retention routines: shadow results older than 90 days are deleted,
 * RETIRED model versions retired more than 180 days ago are archived (flagged with
 * {@code archived_at}; rows and artifact files are kept, versions are never deleted, and a
 * rollback to an archived version clears the flag).
 *
 * <p>The routines live in the database ({@code clm_purge_shadow_results(now, days)} and
 * {@code clm_archive_retired_models(now, days)}: PL/pgSQL functions on PostgreSQL, Java
 * functions registered with CREATE ALIAS on H2), so a database scheduler such as pg_cron can
 * run them too; this class calls them with the injected clock's now. Thread-safe.
 */
public final class JdbcRetention {
    /** Days shadow results are kept. */
    public static final int DEFAULT_SHADOW_RESULT_DAYS = 90;
    /** Days after retirement a model version is archived. */
    public static final int DEFAULT_RETIRED_MODEL_DAYS = 180;

    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcRetention(DataSource dataSource, Clock clock) {
        if (clock == null) throw new IllegalArgumentException("clock must not be null");
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    /** Deletes shadow results older than {@value #DEFAULT_SHADOW_RESULT_DAYS} days; returns how many. */
    public long purgeShadowResults() {
        return purgeShadowResults(DEFAULT_SHADOW_RESULT_DAYS);
    }

    /** Deletes shadow results older than {@code days} days (>= 0); returns how many. */
    public long purgeShadowResults(int days) {
        return call("clm_purge_shadow_results", days);
    }

    /** Archives versions retired more than {@value #DEFAULT_RETIRED_MODEL_DAYS} days ago; returns how many. */
    public long archiveRetiredModels() {
        return archiveRetiredModels(DEFAULT_RETIRED_MODEL_DAYS);
    }

    /** Archives versions retired more than {@code days} days (>= 0) ago; returns how many. */
    public long archiveRetiredModels(int days) {
        return call("clm_archive_retired_models", days);
    }

    private long call(String routine, int days) {
        if (days < 0) throw new IllegalArgumentException("retention days must be >= 0, was " + days);
        Instant now = clock.instant();
        // routine is one of two constants above, never user input.
        return jdbc.inTransaction(routine + "(" + now + ", " + days + ")", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + routine + "(?, ?)")) {
                Sql.setInstant(ps, 1, now);
                ps.setInt(2, days);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }
}
