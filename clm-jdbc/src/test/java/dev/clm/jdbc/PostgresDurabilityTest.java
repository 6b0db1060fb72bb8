package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingType;
import dev.clm.api.contract.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@RequiresPostgres
@DisplayName("durability proofs on PostgreSQL")
class PostgresDurabilityTest extends DurabilitySuite {
    @Override
    TestDb newDatabase() {
        return TestDb.postgres();
    }

    @Override
    TestDb newSharedDatabase() {
        return TestDb.postgres();
    }

    @Override
    void whileChildHoldsTheJob(TestDb t, String childJob) {
        try (ClmDatabase db = t.open(MutableClock.at("2026-04-01T00:00:00Z"))) {
            assertThatThrownBy(() -> db.retrainingJobs().start("MANUAL", RetrainingType.FULL, List.of(TYPE)))
                    .isInstanceOfSatisfying(JobAlreadyRunningException.class, e -> assertThat(e.runningJobId()).isEqualTo(childJob))
                    .hasMessageContaining(childJob);
            assertThat(db.retrainingJobs().running()).map(RetrainingJob::id).contains(childJob);
        }
    }

    @Override
    String whileChildRunsACycle(TestDb t) {
        try (ClmDatabase db = t.open(MutableClock.at("2026-04-01T00:00:00Z"))) {
            RetrainingJob running = db.retrainingJobs().running().orElseThrow();
            assertThat(db.retrainingJobs().find(running.id()).orElseThrow().status()).isEqualTo(dev.clm.api.JobStatus.RUNNING);
            assertThat(db.retrainingJobs().recent(5)).extracting(RetrainingJob::id).contains(running.id());
            assertThatThrownBy(() -> db.retrainingJobs().start("MANUAL", RetrainingType.FULL, List.of(TYPE)))
                    .isInstanceOfSatisfying(JobAlreadyRunningException.class, e -> assertThat(e.runningJobId()).isEqualTo(running.id()));
            assertThat(db.retrainingJobs().running()).map(RetrainingJob::id).contains(running.id());
            return running.id();
        }
    }

    @Override
    void awaitLockReleasedByDeadProcess(TestDb t) throws Exception {
        // The server ends the dead client's session when it sees the closed socket; block on the
        // lock itself (bounded by statement_timeout) instead of polling.
        try (Connection c = Pg.connect(); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = '20s'");
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_lock(?), pg_advisory_unlock(?)")) {
                long key = JdbcRetrainingJobStore.advisoryKey(t.schema);
                ps.setLong(1, key);
                ps.setLong(2, key);
                ps.execute();
            }
        }
    }

    @Test
    @Timeout(120)
    @DisplayName("a connection killed in the middle of a promotion leaves the previous state; the next promotion succeeds")
    void connectionKilledMidPromotion() throws Exception {
        try (TestDb t = newDatabase()) {
            MutableClock clock = MutableClock.at("2026-04-01T00:00:00Z");
            ClmDatabase db = t.open(clock);
            ModelRegistry r = db.registry();
            r.save(candidate("v1", clock.instant()), bytesOf("v1"));
            r.promote(TYPE, "v1", "first");
            clock.advance(Duration.ofHours(1));
            r.save(candidate("v2", clock.instant()), bytesOf("v2"));
            r.updateStatus(TYPE, "v2", ModelStatus.SHADOW);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try (Connection blocker = Pg.connect(); Statement s = blocker.createStatement()) {
                s.execute("SET search_path TO " + t.schema);
                blocker.setAutoCommit(false);
                // Hold v2's row: the promotion retires v1, then waits to activate v2 - mid-transaction.
                s.executeQuery("SELECT version FROM model_registry WHERE model_type = 'xgboost' AND version = 'v2' FOR UPDATE").close();
                Future<PromotionResult> promotion = pool.submit(() -> r.promote(TYPE, "v2", "to be killed"));
                // An autocommit observer: inside a transaction pg_stat_activity would stay a frozen snapshot.
                try (Connection observer = Pg.connect()) {
                    int pid = awaitBlockedActivation(observer);
                    try (PreparedStatement kill = observer.prepareStatement("SELECT pg_terminate_backend(?)")) {
                        kill.setInt(1, pid);
                        try (ResultSet rs = kill.executeQuery()) {
                            rs.next();
                            assertThat(rs.getBoolean(1)).isTrue();
                        }
                    }
                }
                assertThatThrownBy(() -> promotion.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(ClmStorageException.class).cause().hasMessageContaining("promote(xgboost, v2)");
                blocker.rollback();
            } finally {
                pool.shutdownNow();
            }
            assertThat(r.getActive(TYPE).orElseThrow().version()).isEqualTo("v1");
            assertThat(r.require(TYPE, "v1").retiredAt()).isNull();
            assertThat(r.require(TYPE, "v2").status()).isEqualTo(ModelStatus.SHADOW);
            assertThat(activeRows(db.dataSource(), TYPE)).isEqualTo(1);

            PromotionResult next = r.promote(TYPE, "v2", "retry");
            assertThat(next.oldVersion()).isEqualTo("v1");
            assertThat(r.getActive(TYPE).orElseThrow().version()).isEqualTo("v2");
            assertThat(r.require(TYPE, "v1").status()).isEqualTo(ModelStatus.RETIRED);
        }
    }

    /** The pid of the session waiting to set v2 ACTIVE (bounded wait: the other session is a separate server process). */
    private static int awaitBlockedActivation(Connection observer) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (PreparedStatement ps = observer.prepareStatement("SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND query LIKE 'UPDATE model_registry SET status = ''ACTIVE''%' AND pid <> pg_backend_pid()")) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return rs.getInt(1);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        throw new AssertionError("the promotion never reached the activation step");
    }
}
