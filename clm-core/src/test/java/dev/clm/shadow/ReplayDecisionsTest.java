package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Checksums;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import dev.clm.registry.InMemoryModelRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A replay-only shadow is decided once, the decision is kept in the registry and later looks act on it. */
class ReplayDecisionsTest {
    static final ModelType T = ModelType.XGBOOST;
    /** Replay horizon: the decision is taken on the first window with at least 300 rows. */
    static final ShadowPolicyConfig REPLAY = ShadowPolicyConfig.defaults().withMinImprovement(0).withMinSamples(300).withForecastHorizon(1);
    static final int ROWS_PER_HOUR = 40, WINDOW_ROWS = 480, HOURS = 48;

    final MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
    final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    final ShadowEvaluator evaluator = new ShadowEvaluator(REPLAY, clock);

    @BeforeEach
    void activeVersion() {
        save("a1", ModelStatus.CANDIDATE);
        registry.promote(T, "a1", "initial");
    }

    ModelArtifact save(String version, ModelStatus status) {
        byte[] b = ("bytes-" + version).getBytes(StandardCharsets.UTF_8);
        Instant t = clock.instant();
        registry.save(new ModelArtifact(T, version, ModelStatus.CANDIDATE, t, new TimeRange(t.minus(Duration.ofDays(30)), t), 1000,
                Map.of("mae", 0.01), Map.of(), Map.of(), Map.of(), null, Checksums.sha256Hex(b), b.length, "test", null, null), b);
        return status == ModelStatus.CANDIDATE ? registry.require(T, version) : registry.updateStatus(T, version, status);
    }

    ModelArtifact active() {
        return registry.getActive(T).orElse(null);
    }

    /** The newest window at {@code hour}: up to {@value #WINDOW_ROWS} rows of an equal-skill (A/A) stream, sliding by the hour. */
    static PairedForecasts newestWindow(PairedForecasts stream, int hour) {
        int end = Math.min(stream.size(), hour * ROWS_PER_HOUR), start = Math.max(0, end - WINDOW_ROWS);
        return new PairedForecasts(Arrays.copyOfRange(stream.active(), start, end), Arrays.copyOfRange(stream.shadow(), start, end),
                Arrays.copyOfRange(stream.realised(), start, end), Arrays.copyOfRange(stream.timestampsMillis(), start, end), 1);
    }

    ShadowTestResult replay(String shadow, PairedForecasts stream, int hour) {
        return evaluator.evaluateReplay(T, shadow, "a1", newestWindow(stream, hour), 0);
    }

    @Nested
    @DisplayName("false promotions under hourly looks")
    class HourlyLooks {
        static final int SHADOWS = 400;

        @Test
        void anAaReplayShadowLookedAtHourlyIsPromotedAtMostAsOftenAsOneLookAllows() {
            ReplayDecisions ledger = new ReplayDecisions(registry, REPLAY.minSamples());
            int viaLedger = 0, singleLook = 0, naive = 0;
            long tests = 0;
            for (int i = 0; i < SHADOWS; i++) {
                String v = "s" + i;
                save(v, ModelStatus.SHADOW);
                PairedForecasts stream = TradeSimulator.trades(HOURS * ROWS_PER_HOUR, 0.55, 0.55, 0.5, 90_000 + i);
                AtomicInteger calls = new AtomicInteger();
                ShadowTestResult last = null;
                boolean naivePromoted = false, firstDecisiveSeen = false;
                for (int hour = 1; hour <= HOURS; hour++) {
                    if (hour == HOURS / 2) ledger = new ReplayDecisions(registry, REPLAY.minSamples()); // a restart
                    int h = hour;
                    last = ledger.decide(registry.require(T, v), active(), () -> {
                        calls.incrementAndGet();
                        return replay(v, stream, h);
                    });
                    // What re-testing every hour and acting on the first PROMOTE would do (no recorded decision).
                    ShadowTestResult fresh = replay(v, stream, hour);
                    if (!firstDecisiveSeen && fresh.decision() != ShadowDecision.CONTINUE_TESTING) {
                        firstDecisiveSeen = true;
                        if (fresh.recommendPromotion()) singleLook++;
                    }
                    naivePromoted |= fresh.recommendPromotion();
                }
                if (last.recommendPromotion()) viaLedger++;
                if (naivePromoted) naive++;
                tests += calls.get();
                // Tested until the first window with 300 rows (hour 8), never after it.
                assertThat(calls.get()).isEqualTo(REPLAY.minSamples() / ROWS_PER_HOUR + 1);
                assertThat(last.statistics()).containsEntry(ReplayDecisions.RECORDED, 1.0);
            }
            double rate = viaLedger / (double) SHADOWS, naiveRate = naive / (double) SHADOWS;
            System.out.printf("replay-only A/A shadows looked at hourly for %d h: promoted %.3f with one recorded decision "
                    + "(%.3f at a single look), %.3f when re-tested every hour; %d replays in all%n", HOURS, rate,
                    singleLook / (double) SHADOWS, naiveRate, tests);
            assertThat(viaLedger).isEqualTo(singleLook);
            assertThat(rate).isLessThanOrEqualTo(0.05);
            assertThat(naiveRate).isGreaterThan(0.05).isGreaterThan(2 * rate);
        }
    }

    @Nested
    @DisplayName("one look per shadow and active version")
    class OneLook {
        final ShadowPolicyConfig cfg = REPLAY;

        ShadowTestResult result(String shadow, String active, ShadowDecision d, long samples) {
            return new ShadowTestResult(T, shadow, active, samples, 0.009, 0.01, 0.6, 0.55, 0.1, 0.3, 0.0, 0.001, d, "scripted " + d,
                    TimeRange.ofEpochMillis(1_000, 2_000), Map.of("improvement", 0.1, "dm_p_value", 0.01, "active_mean_loss", 0.01),
                    clock.instant());
        }

        @Test
        void beforeTheHorizonNothingIsRecordedAndTheNextLookTestsAgain() {
            ModelArtifact s = save("s1", ModelStatus.SHADOW);
            ReplayDecisions ledger = new ReplayDecisions(registry, cfg.minSamples());
            AtomicInteger calls = new AtomicInteger();
            ShadowTestResult r = ledger.decide(s, active(), () -> {
                calls.incrementAndGet();
                return result("s1", "a1", ShadowDecision.CONTINUE_TESTING, 120);
            });
            assertThat(r.decision()).isEqualTo(ShadowDecision.CONTINUE_TESTING);
            assertThat(registry.require(T, "s1").metrics()).doesNotContainKey(ReplayDecisions.DECISION);
            ledger.decide(registry.require(T, "s1"), active(), () -> {
                calls.incrementAndGet();
                return result("s1", "a1", ShadowDecision.CONTINUE_TESTING, 200);
            });
            assertThat(calls).hasValue(2);
        }

        @Test
        void aPromoteIsRecordedKeptAcrossARestartAndNotTestedAgain() {
            save("s1", ModelStatus.SHADOW);
            AtomicInteger calls = new AtomicInteger();
            ShadowTestResult first = new ReplayDecisions(registry, cfg.minSamples()).decide(registry.require(T, "s1"), active(), () -> {
                calls.incrementAndGet();
                return result("s1", "a1", ShadowDecision.PROMOTE, 400);
            });
            assertThat(first.decision()).isEqualTo(ShadowDecision.PROMOTE);
            clock.advance(Duration.ofHours(5));
            ReplayDecisions restarted = new ReplayDecisions(registry, cfg.minSamples());
            ShadowTestResult again = restarted.decide(registry.require(T, "s1"), active(), () -> {
                calls.incrementAndGet();
                return result("s1", "a1", ShadowDecision.REJECT, 400);
            });
            assertThat(calls).hasValue(1);
            assertThat(again.decision()).isEqualTo(ShadowDecision.PROMOTE);
            assertThat(again.samples()).isEqualTo(400);
            assertThat(again.activeVersion()).isEqualTo("a1");
            assertThat(again.candidateMae()).isEqualTo(0.009);
            assertThat(again.testedAt()).isEqualTo(first.testedAt());
            assertThat(again.statistics()).containsEntry("active_mean_loss", 0.01).containsEntry(ReplayDecisions.RECORDED, 1.0);
            assertThat(again.reason()).contains("decided once by replay").contains("not re-tested");
            assertThat(registry.require(T, "s1").metrics()).containsEntry("mae", 0.01); // training metrics kept
        }

        @Test
        void aCustomTestersContinueTestingAtTheHorizonIsFinalAsReject() {
            save("s1", ModelStatus.SHADOW);
            ReplayDecisions ledger = new ReplayDecisions(registry, cfg.minSamples());
            ShadowTestResult r = ledger.decide(registry.require(T, "s1"), active(),
                    () -> result("s1", "a1", ShadowDecision.CONTINUE_TESTING, 300));
            assertThat(r.decision()).isEqualTo(ShadowDecision.REJECT);
            assertThat(r.reason()).contains("fixed horizon");
            assertThat(registry.require(T, "s1").metrics()).containsEntry(ReplayDecisions.DECISION, -1.0);
        }

        @Test
        void anotherActiveVersionGetsOneNewLook() {
            save("s1", ModelStatus.SHADOW);
            ReplayDecisions ledger = new ReplayDecisions(registry, cfg.minSamples());
            ledger.decide(registry.require(T, "s1"), active(), () -> result("s1", "a1", ShadowDecision.REJECT, 400));
            save("a2", ModelStatus.CANDIDATE);
            registry.promote(T, "a2", "another model");
            AtomicInteger calls = new AtomicInteger();
            ShadowTestResult r = ledger.decide(registry.require(T, "s1"), active(), () -> {
                calls.incrementAndGet();
                return result("s1", "a2", ShadowDecision.PROMOTE, 400);
            });
            assertThat(calls).hasValue(1);
            assertThat(r.decision()).isEqualTo(ShadowDecision.PROMOTE);
            assertThat(ledger.recorded(registry.require(T, "s1"), active())).get()
                    .satisfies(x -> assertThat(x.decision()).isEqualTo(ShadowDecision.PROMOTE));
            assertThat(ledger.recorded(registry.require(T, "s1"), null)).isEmpty();
        }
    }
}
