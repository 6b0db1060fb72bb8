package dev.clm.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Where the PostgreSQL tests connect and whether they run: enabled by the system property
 * {@code clm.pg.tests=true} or the environment variable {@code CLM_PG_TESTS=true}; URL from
 * {@code clm.pg.url} (default the CI server). When enabled, an unreachable server fails the
 * tests instead of skipping them.
 */
final class Pg {
    static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    private Pg() {}

    static boolean enabled() {
        return "true".equalsIgnoreCase(System.getProperty("clm.pg.tests")) || "true".equalsIgnoreCase(System.getenv("CLM_PG_TESTS"));
    }

    static String url() {
        String url = System.getProperty("clm.pg.url");
        return url == null || url.isBlank() ? DEFAULT_URL : url;
    }

    /** A plain connection outside any pool (for administration and for killing other sessions). */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }
}
