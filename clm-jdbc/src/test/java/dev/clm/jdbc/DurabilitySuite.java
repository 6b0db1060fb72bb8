package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ArtifactIntegrityException;
import dev.clm.api.Checksums;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RetrainingType;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Proofs that the JDBC registry and job store lose nothing under concurrency and crashes; subclasses pick the database. */
abstract class DurabilitySuite {
    static final ModelType TYPE = ModelType.XGBOOST;

    abstract TestDb newDatabase();

    /** A database the child JVM and this JVM can open one after the other (a file database for H2). */
    abstract TestDb newSharedDatabase();

    static byte[] bytesOf(String version) {
        return ("model-bytes-of-" + version).getBytes(StandardCharsets.UTF_8);
    }

    static ModelArtifact candidate(String version, Instant t) {
        byte[] b = bytesOf(version);
        return new ModelArtifact(TYPE, version, ModelStatus.CANDIDATE, t, new TimeRange(t.minus(Duration.ofDays(30)), t), 10,
                Map.of("rmse", 0.1), Map.of(), Map.of(), Map.of(), null, Checksums.sha256Hex(b), b.length, "test-bytes", null, null);
    }

    static int activeRows(DataSource ds, ModelType type) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM model_registry WHERE model_type = ? AND status = 'ACTIVE'")) {
            ps.setString(1, type.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    @Timeout(240)
    @DisplayName("8 threads x 2 pools, 500 promotions: never two ACTIVE rows, never an ACTIVE artifact that fails its checksum")
    void promotionStormKeepsOneLoadableActive() throws Exception {
        try (TestDb t = newDatabase()) {
            MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
            ClmDatabase a = t.open(clock, 10);
            ClmDatabase b = t.open(clock, 10);
            int versions = 40;
            Set<String> broken = Set.of("p3", "p11", "p19", "p27", "p33", "p38");
            for (int i = 0; i < versions; i++) {
                clock.advance(Duration.ofSeconds(1));
                a.registry().save(candidate("p" + i, clock.instant()), bytesOf("p" + i));
            }
            for (String v : broken) {
                Path file = a.artifactStore().root().resolve(FileArtifactStore.relativePath(TYPE, v, Checksums.sha256Hex(bytesOf(v))));
                if (v.equals("p3") || v.equals("p27")) Files.delete(file);
                else Files.write(file, "tampered".getBytes(StandardCharsets.UTF_8));
            }
            ModelRegistry[] registries = {a.registry(), b.registry()};
            int total = 500;
            AtomicInteger issued = new AtomicInteger();
            AtomicInteger promoted = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
            AtomicBoolean done = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(17);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 16; w++) {
                ModelRegistry r = registries[w % 2];
                Random rnd = new Random(w);
                workers.add(pool.submit(() -> {
                    go.await();
                    while (issued.getAndIncrement() < total) {
                        String v = "p" + rnd.nextInt(versions);
                        try {
                            r.promote(TYPE, v, "storm");
                            if (broken.contains(v)) violations.add("broken version " + v + " was promoted");
                            promoted.incrementAndGet();
                        } catch (ArtifactIntegrityException e) {
                            if (!broken.contains(v)) violations.add("intact version " + v + " refused: " + e.getMessage());
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            Future<Integer> checker = pool.submit(() -> {
                int checks = 0;
                go.await();
                while (!done.get()) {
                    int n = activeRows(a.dataSource(), TYPE);
                    if (n > 1) violations.add(n + " ACTIVE rows");
                    a.registry().getActive(TYPE).ifPresent(act -> {
                        if (broken.contains(act.version())) violations.add("ACTIVE " + act.version() + " has a broken artifact");
                    });
                    checks++;
                }
                return checks;
            });
            go.countDown();
            for (Future<?> f : workers) f.get(200, TimeUnit.SECONDS);
            done.set(true);
            int checks = checker.get(30, TimeUnit.SECONDS);
            pool.shutdown();

            assertThat(violations).isEmpty();
            assertThat(promoted.get() + refused.get()).isEqualTo(total);
            assertThat(refused.get()).as("broken versions were tried and refused").isPositive();
            assertThat(checks).isPositive();
            assertThat(activeRows(a.dataSource(), TYPE)).isEqualTo(1);
            ModelArtifact active = b.registry().getActive(TYPE).orElseThrow();
            assertThat(b.registry().loadBytes(TYPE, active.version())).isEqualTo(bytesOf(active.version()));
            for (String v : broken) assertThat(a.registry().require(TYPE, v).status()).isEqualTo(ModelStatus.CANDIDATE);
        }
    }

    @Test
    @DisplayName("the database itself refuses a second ACTIVE row of a type, whatever the client does")
    void databaseRefusesASecondActiveRow() throws Exception {
        try (TestDb t = newDatabase()) {
            MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
            ClmDatabase db = t.open(clock);
            db.registry().save(candidate("v1", clock.instant()), bytesOf("v1"));
            db.registry().save(candidate("v2", clock.instant()), bytesOf("v2"));
            db.registry().promote(TYPE, "v1", "first");
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.executeUpdate("UPDATE model_registry SET status = 'ACTIVE' WHERE version = 'v2'"))
                        .isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            }
            assertThat(db.registry().getActive(TYPE).orElseThrow().version()).isEqualTo("v1");
        }
    }

    @Test
    @DisplayName("a corrupted or missing artifact is a typed error on load and on promotion, and ACTIVE stays as it was")
    void corruptedArtifactsAreRefused() throws Exception {
        try (TestDb t = newDatabase()) {
            MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
            ClmDatabase db = t.open(clock);
            ModelRegistry r = db.registry();
            r.save(candidate("v1", clock.instant()), bytesOf("v1"));
            r.promote(TYPE, "v1", "first");
            r.save(candidate("v2", clock.instant()), bytesOf("v2"));
            Path v2 = db.artifactStore().root().resolve(FileArtifactStore.relativePath(TYPE, "v2", Checksums.sha256Hex(bytesOf("v2"))));
            Files.write(v2, "flipped bits".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> r.loadBytes(TYPE, "v2")).isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("v2")
                    .hasMessageContaining("hashes to");
            assertThatThrownBy(() -> r.promote(TYPE, "v2", "should fail")).isInstanceOf(ArtifactIntegrityException.class);
            Files.delete(v2);
            assertThatThrownBy(() -> r.loadBytes(TYPE, "v2")).isInstanceOf(ArtifactIntegrityException.class).hasMessageContaining("missing");
            assertThat(r.getActive(TYPE).orElseThrow().version()).isEqualTo("v1");
            assertThat(r.require(TYPE, "v2").status()).isEqualTo(ModelStatus.CANDIDATE);
            // No temporary files are left behind by successful writes.
            try (var files = Files.walk(db.artifactStore().root())) {
                assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
            }
        }
    }

    @Test
    @Timeout(240)
    @DisplayName("a process SIGKILLed while registering and promoting leaves a consistent registry whose ACTIVE artifact loads")
    void sigkilledProcessLeavesConsistentRegistry() throws Exception {
        try (TestDb t = newSharedDatabase()) {
            // Create the schema once before the children race for it.
            try (ClmDatabase first = openShared(t)) {
                assertThat(first.registry().modelTypes()).isEmpty();
            }
            for (int round = 0; round < 2; round++) {
                List<String> promotedLines;
                try (ChildJvm child = new ChildJvm(t.dir.resolve("child-" + round + ".log"), "registry", t.url,
                        t.schema == null ? "-" : t.schema, t.artifacts().toString(), "r" + round)) {
                    promotedLines = child.awaitLines(l -> l.startsWith("promoted "), 12 + 5 * round, 120);
                    child.kill();
                }
                try (ClmDatabase db = openShared(t)) {
                    ModelRegistry r = db.registry();
                    assertThat(activeRows(db.dataSource(), TYPE)).isEqualTo(1);
                    ModelArtifact active = r.getActive(TYPE).orElseThrow();
                    assertThat(Checksums.sha256Hex(r.loadBytes(TYPE, active.version()))).isEqualTo(expectedChecksum(active.version()));
                    // Bytes are written before the row: every recorded version loads.
                    List<ModelArtifact> all = r.history(TYPE, 10_000);
                    for (ModelArtifact m : all) {
                        assertThat(Checksums.sha256Hex(r.loadBytes(TYPE, m.version()))).isEqualTo(expectedChecksum(m.version()));
                    }
                    // Nothing the child saw committed is lost: every version it reported promoted was promoted.
                    for (String line : promotedLines) {
                        String v = line.substring("promoted ".length());
                        assertThat(r.find(TYPE, v)).as("version %s reported promoted before the kill", v).get()
                                .satisfies(m -> assertThat(m.promotedAt()).isNotNull());
                    }
                    // And the registry keeps working.
                    String next = "after-kill-" + round;
                    r.save(candidate(next, Instant.now()), bytesOf(next));
                    assertThat(r.promote(TYPE, next, "after the crash").oldVersion()).isEqualTo(active.version());
                    assertThat(r.getActive(TYPE).orElseThrow().version()).isEqualTo(next);
                }
            }
        }
    }

    private static String expectedChecksum(String version) {
        return Checksums.sha256Hex(version.startsWith("after-kill") ? bytesOf(version) : CrashChild.payload(version));
    }

    private static ClmDatabase openShared(TestDb t) {
        ClmDatabase.Builder b = ClmDatabase.builder().jdbcUrl(t.url).artifactDirectory(t.artifacts()).maxPoolSize(2);
        if (t.schema != null) b.schema(t.schema);
        return b.open();
    }

    @Test
    @Timeout(120)
    @DisplayName("two pools starting a retraining job at once: exactly one runs, the other is told the running job's id")
    void twoPoolsStartingAJobAtOnce() throws Exception {
        try (TestDb t = newDatabase()) {
            MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
            RetrainingJobStore[] stores = {t.open(clock).retrainingJobs(), t.open(clock).retrainingJobs()};
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 10; round++) {
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Object>> results = new ArrayList<>();
                    for (RetrainingJobStore s : stores) {
                        results.add(pool.submit(() -> {
                            go.await();
                            try {
                                return s.start("MANUAL", RetrainingType.FULL, List.of(TYPE));
                            } catch (JobAlreadyRunningException e) {
                                return e;
                            }
                        }));
                    }
                    go.countDown();
                    Object r0 = results.get(0).get(60, TimeUnit.SECONDS);
                    Object r1 = results.get(1).get(60, TimeUnit.SECONDS);
                    assertThat(List.of(r0, r1)).filteredOn(o -> o instanceof RetrainingJob).hasSize(1);
                    int winner = r0 instanceof RetrainingJob ? 0 : 1;
                    RetrainingJob job = (RetrainingJob) (winner == 0 ? r0 : r1);
                    JobAlreadyRunningException refused = (JobAlreadyRunningException) (winner == 0 ? r1 : r0);
                    assertThat(refused.runningJobId()).isEqualTo(job.id());
                    assertThat(stores[1 - winner].running()).map(RetrainingJob::id).contains(job.id());
                    clock.advance(Duration.ofMinutes(1));
                    stores[winner].complete(job.id(), 1, 1);
                    assertThat(stores[1 - winner].running()).isEmpty();
                }
                assertThat(stores[0].recent(100)).hasSize(10).allMatch(j -> j.finishedAt() != null);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @Timeout(180)
    @DisplayName("a job whose process was SIGKILLed is abandoned: the lock is free again and the next start marks it FAILED")
    void jobOfAKilledProcessIsAbandoned() throws Exception {
        try (TestDb t = newSharedDatabase()) {
            try (ClmDatabase first = openShared(t)) {
                assertThat(first.retrainingJobs().running()).isEmpty();
            }
            String childJob;
            try (ChildJvm child = new ChildJvm(t.dir.resolve("job-child.log"), "job", t.url, t.schema == null ? "-" : t.schema,
                    t.artifacts().toString(), "-")) {
                childJob = child.awaitLines(l -> l.startsWith("job "), 1, 120).get(0).substring("job ".length());
                whileChildHoldsTheJob(t, childJob);
                child.kill();
            }
            awaitLockReleasedByDeadProcess(t);
            try (ClmDatabase db = openShared(t)) {
                RetrainingJob next = db.retrainingJobs().start("TIME", RetrainingType.FULL, List.of(TYPE));
                RetrainingJob abandoned = db.retrainingJobs().find(childJob).orElseThrow();
                assertThat(abandoned.status()).isEqualTo(dev.clm.api.JobStatus.FAILED);
                assertThat(abandoned.error()).contains("abandoned");
                assertThat(db.retrainingJobs().running()).map(RetrainingJob::id).contains(next.id());
                db.retrainingJobs().complete(next.id(), 1, 1);
            }
        }
    }

    @Test
    @Timeout(180)
    @DisplayName("a cycle whose process was SIGKILLed mid-training is FAILED as soon as anyone looks, and the next cycle runs")
    void cycleOfAKilledProcessIsFailedAtOnce() throws Exception {
        try (TestDb t = newSharedDatabase()) {
            try (ClmDatabase first = openShared(t)) {
                assertThat(first.retrainingJobs().running()).isEmpty();
            }
            String childJob;
            try (ChildJvm child = new ChildJvm(t.dir.resolve("cycle-child.log"), "cycle", t.url, t.schema == null ? "-" : t.schema,
                    t.artifacts().toString(), "-")) {
                child.awaitLines(l -> l.equals("training"), 1, 120);
                childJob = whileChildRunsACycle(t);
                child.kill();
            }
            awaitLockReleasedByDeadProcess(t);
            try (ClmDatabase db = openShared(t)) {
                // no new job was started: reading the job is enough to find its process gone
                RetrainingJob abandoned = childJob != null ? db.retrainingJobs().find(childJob).orElseThrow()
                        : db.retrainingJobs().recent(1).get(0);
                assertThat(abandoned.status()).isEqualTo(dev.clm.api.JobStatus.FAILED);
                assertThat(abandoned.error()).contains("abandoned: owner process lost", "pid ");
                assertThat(abandoned.finishedAt()).isNotNull();
                assertThat(db.retrainingJobs().running()).isEmpty();
                RetrainingJob next = db.retrainingJobs().start("TIME", RetrainingType.FULL, List.of(TYPE));
                db.retrainingJobs().complete(next.id(), 1, 1);
                assertThat(db.retrainingJobs().find(abandoned.id()).orElseThrow().error()).isEqualTo(abandoned.error());
            }
        }
    }

    @Test
    @DisplayName("a job store never wedges: fail() releases the lock even when the row cannot be written, and a job finished "
            + "elsewhere after its lock was lost is let go")
    void jobStoreNeverWedges() throws Exception {
        try (TestDb t = newDatabase()) {
            MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
            ClmDatabase db = t.open(clock);
            RetrainingJobStore jobs = db.retrainingJobs();
            RetrainingJob job = jobs.start("MANUAL", RetrainingType.FULL, List.of(TYPE));
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE retraining_jobs ADD CONSTRAINT no_boom_ck CHECK (error IS NULL OR error <> 'boom')");
            }
            assertThatThrownBy(() -> jobs.fail(job.id(), "boom")).isInstanceOf(ClmStorageException.class);
            // the lock is free again: the row is found abandoned by the next reader, and a new job starts
            assertThat(jobs.running()).isEmpty();
            RetrainingJob abandoned = jobs.find(job.id()).orElseThrow();
            assertThat(abandoned.status()).isEqualTo(dev.clm.api.JobStatus.FAILED);
            assertThat(abandoned.error()).contains("abandoned: owner process lost");
            RetrainingJob next = jobs.start("MANUAL", RetrainingType.FULL, List.of(TYPE));

            // another process marked our job while our lock session was gone: completing it says so and lets it go
            try (Connection c = db.dataSource().getConnection();
                 PreparedStatement ps = c.prepareStatement("UPDATE retraining_jobs SET status = 'FAILED', finished_at = started_at, "
                         + "error = 'abandoned: owner process lost (test)' WHERE id = ?")) {
                ps.setString(1, next.id());
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
            assertThatThrownBy(() -> jobs.complete(next.id(), 1, 1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lost its database lock");
            RetrainingJob third = jobs.start("MANUAL", RetrainingType.FULL, List.of(TYPE));
            jobs.complete(third.id(), 1, 1);
            assertThat(jobs.running()).isEmpty();
        }
    }

    /**
     * Checks made while a child process runs a cycle; returns the child's job id if it can be
     * seen from here (only where two processes can share the database), else null.
     */
    String whileChildRunsACycle(TestDb t) throws Exception {
        return null;
    }

    /** Checks made while the child process holds the job (only where two processes can share the database). */
    void whileChildHoldsTheJob(TestDb t, String childJob) throws Exception {
        // An embedded H2 file database is opened by one process at a time: nothing to check concurrently.
    }

    /** Waits (bounded) until the database has noticed the child's death and released its lock. */
    void awaitLockReleasedByDeadProcess(TestDb t) throws Exception {
        // H2: the lock died with the process that had the database open.
    }
}
