package dev.clm.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/** The databases clm-jdbc speaks: PostgreSQL (production) and H2 in PostgreSQL mode (embedded default). */
public enum Dialect {
    POSTGRESQL("db/clm/postgresql"),
    H2("db/clm/h2");

    private final String migrationLocation;

    Dialect(String migrationLocation) {
        this.migrationLocation = migrationLocation;
    }

    /** Classpath folder of this dialect's Flyway scripts. */
    public String migrationLocation() {
        return migrationLocation;
    }

    /** The dialect of the database behind {@code dataSource}, from the driver's product name. */
    public static Dialect detect(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return of(c);
        } catch (SQLException e) {
            throw new ClmStorageException("cannot connect to the database to detect its dialect: " + e.getMessage(), e);
        }
    }

    static Dialect of(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) return POSTGRESQL;
        if (p.equals("h2")) return H2;
        throw new ClmStorageException("unsupported database '" + product + "'; expected PostgreSQL or H2");
    }
}
