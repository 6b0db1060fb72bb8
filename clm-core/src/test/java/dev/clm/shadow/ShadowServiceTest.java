package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Checksums;
import dev.clm.api.ClmEvent;
import dev.clm.api.EventTopics;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.metrics.ClmMetrics;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.store.InMemoryShadowResultStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The live path end to end: record, review hourly, promote / reject, roll back. */
class ShadowServiceTest {
    static final ModelType T = ModelType.XGBOOST;
    static final int PER_HOUR = 50;
    final MutableClock clock = MutableClock.at("2026-02-01T00:00:00Z");
    final InMemoryModelRegistry registry = new InMemoryModelRegistry(clock);
    final InMemoryShadowResultStore store = new InMemoryShadowResultStore();
    final InProcessEventBus bus = new InProcessEventBus(clock);
    final List<ClmEvent> events = new CopyOnWriteArrayList<>();
    ShadowService service;

    ShadowService service(ShadowPolicyConfig policy) {
        // the versions' bytes are placeholders: the promoter's verification is the manager's concern, tested there
        Promoter promoter = new Promoter(registry, bus, clock, policy, ClmMetrics.noop(), artifact -> { });
        service = new ShadowService(registry, store, bus, clock, policy, ShadowRecorderConfig.defaults().withFirstSampleId(1), promoter);
        return service;
    }

    static ShadowPolicyConfig live() {
        return ShadowPolicyConfig.defaults().withMinImprovement(0).withMinSamples(1000).withForecastHorizon(1).withRollbackWindowSamples(500);
    }

    @BeforeEach
    void setUp() {
        bus.subscribe("learning.*", events::add);
        save("a1");
        registry.promote(T, "a1", "initial");
        save("s1");
        registry.updateStatus(T, "s1", ModelStatus.SHADOW);
    }

    @AfterEach
    void tearDown() {
        if (service != null) service.close();
    }

    void save(String version) {
        clock.advance(Duration.ofMinutes(1));
        byte[] b = ("bytes-" + version).getBytes(StandardCharsets.UTF_8);
        Instant t = clock.instant();
        registry.save(new ModelArtifact(T, version, ModelStatus.CANDIDATE, t, new TimeRange(t.minus(Duration.ofDays(30)), t), 1000,
                Map.of(), Map.of(), Map.of(), Map.of(), null, Checksums.sha256Hex(b), b.length, "test", null, null), b);
    }

    /** Records the trades as the engine would (prediction, then outcome), reviewing every hour; returns the reviews. */
    List<ShadowService.ShadowReview> trade(String shadow, String active, PairedForecasts p, long t0) {
        List<ShadowService.ShadowReview> reviews = new java.util.ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            long id = service.recordPrediction(shadow, active, "BTCUSDT", t0 + i * 60_000L, p.active()[i], p.shadow()[i]);
            service.recordOutcome(id, p.realised()[i], p.realised()[i] * Math.signum(p.active()[i]));
            if ((i + 1) % PER_HOUR == 0) {
                clock.advance(Duration.ofHours(1));
                reviews.add(service.reviewShadows(T));
            }
        }
        return reviews;
    }

    @Nested
    @DisplayName("reference scenario through the live path (1,000 trades)")
    class Reference {
        @Test
        void winrate055Vs062IsPromotedAtTheHorizonAndNotBefore() {
            service(live());
            List<ShadowService.ShadowReview> reviews = trade("s1", "a1", TradeSimulator.trades(1000, 0.55, 0.62, 0.3, 1), 0);
            for (int h = 0; h < reviews.size() - 1; h++) {
                assertThat(reviews.get(h).results().get(0).decision()).isEqualTo(ShadowDecision.CONTINUE_TESTING);
                assertThat(reviews.get(h).promotion()).isNull();
            }
            ShadowService.ShadowReview last = reviews.get(reviews.size() - 1);
            assertThat(last.promotion()).as(last.results().toString()).isNotNull();
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("s1");
            assertThat(registry.require(T, "a1").status()).isEqualTo(ModelStatus.RETIRED);
            assertThat(events).extracting(ClmEvent::topic).contains(EventTopics.MODEL_PROMOTED, EventTopics.MODEL_UPDATED);
            ShadowTestResult r = last.results().get(0);
            assertThat(r.samples()).isEqualTo(1000);
            assertThat(r.statistics()).containsKeys("loss_vs_active_statistic", "loss_p_value", "hit_test_p_value", "active_sharpe",
                    "shadow_max_drawdown", "active_mean_pnl");
            assertThat(service.rollbackMonitor().isWatching(T)).isTrue();
        }

        @Test
        void equalSkillIsNotPromotedAndTheShadowIsRejectedAtTheHorizon() {
            service(live());
            List<ShadowService.ShadowReview> reviews = trade("s1", "a1", TradeSimulator.trades(1000, 0.55, 0.55, 0.3, 2), 0);
            assertThat(reviews).allMatch(r -> r.promotion() == null);
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("a1");
            assertThat(registry.require(T, "s1").status()).isEqualTo(ModelStatus.REJECTED);
        }

        @Test
        void aWorseShadowIsRejected() {
            service(live());
            List<ShadowService.ShadowReview> reviews = trade("s1", "a1", TradeSimulator.trades(1000, 0.62, 0.55, 0.3, 3), 0);
            ShadowService.ShadowReview last = reviews.get(reviews.size() - 1);
            assertThat(last.results().get(0).decision()).isEqualTo(ShadowDecision.REJECT);
            assertThat(last.rejected()).containsKey("s1");
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("a1");
        }
    }

    @Test
    @DisplayName("two shadows better than active: the better one wins at alpha/2, the other is REJECTED")
    void theBestSignificantShadowWins() {
        save("s2");
        registry.updateStatus(T, "s2", ModelStatus.SHADOW);
        service(live());
        PairedForecasts good = TradeSimulator.trades(1000, 0.55, 0.62, 0.3, 11);
        PairedForecasts better = TradeSimulator.trades(1000, 0.55, 0.68, 0.3, 11);
        for (int i = 0; i < 1000; i++) {
            long t = i * 60_000L;
            long id1 = service.recordPrediction("s1", "a1", "ETH", t, good.active()[i], good.shadow()[i]);
            long id2 = service.recordPrediction("s2", "a1", "ETH", t, good.active()[i], better.shadow()[i]);
            service.recordOutcome(id1, good.realised()[i], 0.0);
            service.recordOutcome(id2, good.realised()[i], 0.0);
        }
        // the two shadows saw different realised returns in this simulation; only the ranking matters here
        ShadowService.ShadowReview r = service.reviewShadows(T);
        assertThat(r.results()).allSatisfy(x -> assertThat(x.statistics().get("alpha")).isEqualTo(0.025));
        assertThat(r.promotion()).isNotNull();
        assertThat(r.promotion().newVersion()).isEqualTo("s2");
        assertThat(registry.require(T, "s1").status()).isEqualTo(ModelStatus.REJECTED);
        assertThat(r.rejected().get("s1")).contains("another shadow");
    }

    @Nested
    @DisplayName("auto-promotion switch and manual promotion")
    class Manual {
        @Test
        void withAutoPromotionOffARecommendationIsPublishedAndManualPromotionActsOnIt() {
            service(live().withAutoPromote(false));
            trade("s1", "a1", TradeSimulator.trades(1000, 0.55, 0.62, 0.3, 1), 0);
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("a1");
            assertThat(events).extracting(ClmEvent::topic).contains(EventTopics.SHADOW_PROMOTION_RECOMMENDED);
            PromotionResult p = service.promoteLiveShadow(T, false);
            assertThat(p.newVersion()).isEqualTo("s1");
            assertThat(p.oldVersion()).isEqualTo("a1");
        }

        @Test
        void manualPromotionHonoursTheChecksUnlessForced() {
            service(live());
            PairedForecasts p = TradeSimulator.trades(300, 0.55, 0.62, 0.3, 5);
            for (int i = 0; i < p.size(); i++) {
                long id = service.recordPrediction("s1", "a1", "SOL", i, p.active()[i], p.shadow()[i]);
                service.recordOutcome(id, p.realised()[i], 0.0);
            }
            assertThatThrownBy(() -> service.promoteLiveShadow(T, false))
                    .isInstanceOf(ShadowPromotionRefusedException.class).hasMessageContaining("s1").hasMessageContaining("300 of 1000");
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("a1");
            PromotionResult forced = service.promoteLiveShadow(T, true);
            assertThat(forced.newVersion()).isEqualTo("s1");
            assertThat(forced.reason()).startsWith("forced manual promotion");
        }

        @Test
        void evaluateShadowFindsTheTypeAndCountsOnlySamplesAgainstTheCurrentActive() {
            service(live());
            service.recordPrediction("s1", "a1", "BTC", 1, 0.01, 0.02);
            long stale = service.recordPrediction("s1", "a0", "BTC", 2, 0.01, 0.02);
            service.recordOutcome("BTC", 1, 0.01, 0.0);
            service.recordOutcome(stale, 0.01, 0.0);
            ShadowTestResult r = service.evaluateShadow("s1");
            assertThat(r.modelType()).isEqualTo(T);
            assertThat(r.samples()).isEqualTo(1);
            assertThat(r.decision()).isEqualTo(ShadowDecision.CONTINUE_TESTING);
        }
    }

    @Nested
    @DisplayName("automatic rollback")
    class Rollback {
        /** Promotes s1 on the reference scenario, then trades with s1 ACTIVE and a new shadow s2 recording. */
        void promoteThenTrade(double newActiveWinRate, long seed) {
            trade("s1", "a1", TradeSimulator.trades(1000, 0.55, 0.62, 0.3, 1), 0);
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("s1");
            save("s2");
            registry.updateStatus(T, "s2", ModelStatus.SHADOW);
            PairedForecasts after = TradeSimulator.trades(500, newActiveWinRate, 0.55, 0.3, seed);
            for (int i = 0; i < after.size(); i++) {
                long ts = 10_000_000_000L + i * 60_000L;
                service.recordPrediction("s2", "s1", "BTCUSDT", ts, after.active()[i], after.shadow()[i]);
                service.recordOutcome("BTCUSDT", ts, after.realised()[i], 0.0);
            }
            service.recorder().flush();
        }

        @Test
        void anInjectedDegradationRollsBackToThePreviousVersion() {
            service(live());
            promoteThenTrade(0.38, 21);
            RollbackMonitor.RollbackDecision d = service.rollbackMonitor().decision(T).orElseThrow();
            assertThat(d.state()).as(d.reason()).isEqualTo(RollbackMonitor.WatchState.ROLLED_BACK);
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("a1");
            assertThat(registry.require(T, "s1").status()).isEqualTo(ModelStatus.RETIRED);
            ClmEvent e = events.stream().filter(x -> x.topic().equals(EventTopics.MODEL_ROLLED_BACK)).findFirst().orElseThrow();
            assertThat(e.payload()).containsEntry("fromVersion", "s1").containsEntry("toVersion", "a1");
        }

        @Test
        void anAaRunAfterPromotionDoesNotRollBack() {
            service(live());
            promoteThenTrade(0.62, 22);
            RollbackMonitor.RollbackDecision d = service.rollbackMonitor().decision(T).orElseThrow();
            assertThat(d.state()).as(d.reason()).isEqualTo(RollbackMonitor.WatchState.PASSED);
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("s1");
            assertThat(events).extracting(ClmEvent::topic).doesNotContain(EventTopics.MODEL_ROLLED_BACK);
        }

        @Test
        void withAutoRollbackOffADegradationIsReportedButNothingChanges() {
            service(live().withAutoRollback(false));
            promoteThenTrade(0.38, 21);
            assertThat(service.rollbackMonitor().decision(T).orElseThrow().state())
                    .isEqualTo(RollbackMonitor.WatchState.DEGRADED_NOT_ROLLED_BACK);
            assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("s1");
            assertThat(events).extracting(ClmEvent::topic).contains(EventTopics.MODEL_PERFORMANCE_DEGRADED);
        }
    }
}
