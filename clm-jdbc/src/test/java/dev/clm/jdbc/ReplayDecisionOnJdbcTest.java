package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Checksums;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import dev.clm.shadow.ReplayDecisions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("a replay decision is kept in model_registry.metrics across a restart")
class ReplayDecisionOnJdbcTest {
    static final ModelType T = ModelType.LIGHTGBM;

    static void decidedOnceAcrossARestart(TestDb db) {
        MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
        AtomicInteger calls = new AtomicInteger();
        ShadowTestResult first;
        try (ClmDatabase clm = db.open(clock)) {
            save(clm, "a1", clock.instant());
            clm.registry().promote(T, "a1", "initial");
            save(clm, "s1", clock.instant());
            clm.registry().updateStatus(T, "s1", ModelStatus.SHADOW);
            first = new ReplayDecisions(clm.registry(), 100).decide(clm.registry().require(T, "s1"),
                    clm.registry().getActive(T).orElseThrow(), () -> {
                        calls.incrementAndGet();
                        return new ShadowTestResult(T, "s1", "a1", 250, 0.0091, 0.0102, 0.57, 0.53, 0.08, 0.41, 1e-4, 2e-3,
                                ShadowDecision.PROMOTE, "significantly better", TimeRange.ofEpochMillis(1_000, 9_000),
                                Map.of("improvement", 0.107, "dm_p_value", 0.0123, "active_mean_loss", 0.0102), clock.instant());
                    });
        }
        clock.advance(Duration.ofHours(3));
        try (ClmDatabase clm = db.open(clock)) {
            ShadowTestResult again = new ReplayDecisions(clm.registry(), 100).decide(clm.registry().require(T, "s1"),
                    clm.registry().getActive(T).orElseThrow(), () -> {
                        calls.incrementAndGet();
                        throw new AssertionError("a decided replay-only shadow must not be tested again");
                    });
            assertThat(calls).hasValue(1);
            assertThat(again.decision()).isEqualTo(ShadowDecision.PROMOTE);
            assertThat(again.samples()).isEqualTo(first.samples());
            assertThat(again.candidateMae()).isEqualTo(first.candidateMae());
            assertThat(again.testedAt()).isEqualTo(first.testedAt());
            assertThat(again.statistics()).containsEntry("dm_p_value", 0.0123).containsEntry("improvement", 0.107);
            assertThat(again.window()).isEqualTo(first.window());
        }
    }

    static void save(ClmDatabase clm, String version, Instant t) {
        byte[] b = ("bytes-" + version).getBytes(StandardCharsets.UTF_8);
        clm.registry().save(new ModelArtifact(T, version, ModelStatus.CANDIDATE, t, new TimeRange(t.minus(Duration.ofDays(30)), t), 1000,
                Map.of("mae", 0.01), Map.of(), Map.of(), Map.of(), null, Checksums.sha256Hex(b), b.length, "test", null, null), b);
    }

    @Test
    @DisplayName("H2 file database")
    void h2() throws Exception {
        try (TestDb db = TestDb.h2File()) {
            decidedOnceAcrossARestart(db);
        }
    }

    @Nested
    @RequiresPostgres
    @DisplayName("PostgreSQL")
    class Postgres {
        @Test
        void postgres() throws Exception {
            try (TestDb db = TestDb.postgres()) {
                decidedOnceAcrossARestart(db);
            }
        }
    }
}
