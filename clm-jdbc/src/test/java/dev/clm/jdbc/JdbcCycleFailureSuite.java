package dev.clm.jdbc;

import dev.clm.api.Checksums;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingJobStore;
import dev.clm.core.CycleFailureContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;

/**
 * The cycle failure contract on the JDBC registry and job store: the job row and the database
 * lock, a second pool standing for another process, and artifacts damaged on disk.
 */
abstract class JdbcCycleFailureSuite extends CycleFailureContract {
    private TestDb testDb;
    private ClmDatabase db;

    abstract TestDb newDatabase();

    @Override
    protected ModelRegistry newRegistry(Clock clock) {
        testDb = newDatabase();
        db = testDb.open(clock);
        return db.registry();
    }

    @Override
    protected RetrainingJobStore newJobStore(Clock clock) {
        return db.retrainingJobs();
    }

    @Override
    protected RetrainingJobStore otherProcessJobStore() {
        return testDb.open(clock).retrainingJobs();
    }

    /** Flips the bytes of the artifact file, as a damaged disk would: the registry's checksum check refuses it. */
    @Override
    protected void corrupt(ModelType type, String version) {
        ModelArtifact a = db.registry().require(type, version);
        Path file = db.artifactStore().root().resolve(FileArtifactStore.relativePath(type, version, a.checksum()));
        try {
            byte[] bytes = Files.readAllBytes(file);
            for (int i = 0; i < bytes.length; i++) bytes[i] ^= 0x5A;
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (Checksums.sha256Hex(bytes(file)).equals(a.checksum())) throw new AssertionError("not corrupted");
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        if (testDb != null) testDb.close();
    }
}
