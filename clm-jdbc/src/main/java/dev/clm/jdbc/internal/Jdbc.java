package dev.clm.jdbc.internal;

import dev.clm.jdbc.ClmStorageException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs units of work on pooled connections: autocommit reads, and transactions that commit
 * on success and roll back on any exception. SQL errors become {@link ClmStorageException}
 * naming the operation; clm's own exceptions pass through unchanged. Thread-safe.
 */
public final class Jdbc {
    /** A unit of work on one connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        if (dataSource == null) throw new IllegalArgumentException("dataSource must not be null");
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} on a connection in autocommit mode. */
    public <T> T read(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    /** Runs {@code work} in one transaction (READ COMMITTED). */
    public <T> T inTransaction(String operation, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c, autoCommit);
            }
        } catch (SQLException e) {
            throw failure(operation, e);
        }
    }

    public static ClmStorageException failure(String operation, SQLException e) {
        return new ClmStorageException(operation + " failed: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
    }

    public static void rollbackQuietly(Connection c, Throwable primary) {
        try {
            c.rollback();
        } catch (SQLException r) {
            // The connection may be gone (that is often why we roll back); the database then
            // aborts the transaction itself. Keep the original failure as the one reported.
            primary.addSuppressed(r);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            if (!c.isClosed()) c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // A broken connection is discarded by the pool; nothing to restore.
        }
    }
}
