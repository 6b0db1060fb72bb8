package dev.clm.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One test database of its own: a uniquely named H2 in-memory (or file) database, or a
 * uniquely named schema on the PostgreSQL test server that {@link #close()} drops. Several
 * {@link ClmDatabase}s (pools) can be opened on it, standing for several processes.
 */
final class TestDb implements AutoCloseable {
    final String url;
    final String schema;
    final Path dir;
    private final List<ClmDatabase> opened = new ArrayList<>();

    private TestDb(String url, String schema, Path dir) {
        this.url = url;
        this.schema = schema;
        this.dir = dir;
    }

    static TestDb h2Memory() {
        return new TestDb("jdbc:h2:mem:clm_" + suffix(), null, tempDir());
    }

    static TestDb h2File() {
        Path dir = tempDir();
        return new TestDb("jdbc:h2:file:" + dir.resolve("db").resolve("clm"), null, dir);
    }

    static TestDb postgres() {
        return new TestDb(Pg.url(), "clm_t_" + suffix(), tempDir());
    }

    boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    Path artifacts() {
        return dir.resolve("artifacts");
    }

    ClmDatabase open(Clock clock) {
        return open(clock, 4);
    }

    ClmDatabase open(Clock clock, int poolSize) {
        ClmDatabase.Builder b = ClmDatabase.builder().jdbcUrl(url).clock(clock).artifactDirectory(artifacts()).maxPoolSize(poolSize)
                .poolName("clm-test-" + opened.size());
        if (schema != null) b.schema(schema);
        ClmDatabase db = b.open();
        synchronized (opened) {
            opened.add(db);
        }
        return db;
    }

    @Override
    public void close() throws SQLException {
        synchronized (opened) {
            for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
            opened.clear();
        }
        if (schema != null) {
            try (Connection c = Pg.connect(); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE"); // generated name, never user input
            }
        }
        deleteRecursively(dir);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("clm-jdbc-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
