package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Checksums;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.metrics.ClmMetrics;
import dev.clm.registry.InMemoryModelRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rates of the rollback watch over many simulated post-promotion windows. */
class RollbackMonitorTest {
    static final ModelType T = ModelType.LIGHTGBM;
    final MutableClock clock = MutableClock.at("2026-02-01T00:00:00Z");
    final ShadowPolicyConfig cfg = ShadowPolicyConfig.defaults().withMinImprovement(0).withForecastHorizon(1).withRollbackWindowSamples(500).withMinSamples(1000);

    InMemoryModelRegistry registryWith(String old, String fresh) {
        InMemoryModelRegistry r = new InMemoryModelRegistry(clock);
        for (String v : new String[] {old, fresh}) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            Instant t = clock.instant();
            r.save(new ModelArtifact(T, v, ModelStatus.CANDIDATE, t, new TimeRange(t, t), 1, Map.of(), Map.of(), Map.of(), Map.of(),
                    null, Checksums.sha256Hex(b), b.length, "test", null, null), b);
        }
        r.promote(T, old, "first");
        r.promote(T, fresh, "second");
        return r;
    }

    /** Baseline from 1,000 trades of the retired model, then a 500-outcome window of the new one. */
    boolean rolledBack(double baselineWinRate, double newWinRate, long seed) {
        InMemoryModelRegistry registry = registryWith("old", "new");
        RollbackMonitor m = new Promoter(registry, new InProcessEventBus(clock), clock, cfg, ClmMetrics.noop(), artifact -> { }).rollbackMonitor();
        PairedForecasts before = TradeSimulator.trades(1000, baselineWinRate, baselineWinRate, 0.0, seed);
        SideMetrics base = SideMetrics.of(before.active(), before.realised(), 1000, cfg.loss());
        m.watch(T, "new", "old", new RollbackMonitor.Baseline(base.meanLoss(), base.hitRate()));
        PairedForecasts after = TradeSimulator.trades(500, newWinRate, newWinRate, 0.0, seed + 1_000_000);
        for (int i = 0; i < 500; i++) m.observe(T, "new", after.active()[i], after.realised()[i]);
        RollbackMonitor.RollbackDecision d = m.decision(T).orElseThrow();
        boolean rolled = d.state() == RollbackMonitor.WatchState.ROLLED_BACK;
        assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo(rolled ? "old" : "new");
        return rolled;
    }

    @Test
    void aaWindowsRarelyRollBack() {
        int rolled = 0;
        for (int i = 0; i < 300; i++) if (rolledBack(0.58, 0.58, 1_000 + i)) rolled++;
        System.out.printf("A/A rollback rate over 300 watches: %.3f%n", rolled / 300.0);
        assertThat(rolled / 300.0).isLessThanOrEqualTo(0.05);
    }

    @Test
    void aDegradationTo046RollsBackAlmostAlways() {
        // Ten folds (a t reference with 9 degrees of freedom) at level 0.005 per test: 0.58 -> 0.48 rolls back
        // in about 89% of watches, 0.58 -> 0.46 in nearly all.
        int rolled = 0;
        for (int i = 0; i < 100; i++) if (rolledBack(0.58, 0.46, 5_000 + i)) rolled++;
        System.out.printf("rollback rate for 0.58 -> 0.46: %.3f%n", rolled / 100.0);
        assertThat(rolled / 100.0).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void outcomesOfOtherVersionsAreIgnoredAndSeveralShadowsCountTheActiveOnce() {
        InMemoryModelRegistry registry = registryWith("old", "new");
        RollbackMonitor m = new Promoter(registry, new InProcessEventBus(clock), clock, cfg.withRollbackWindowSamples(10), ClmMetrics.noop(), artifact -> { }).rollbackMonitor();
        m.watch(T, "new", "old", new RollbackMonitor.Baseline(0.01, 0.55));
        m.observe(T, "other", 0.1, 0.1);
        m.onOutcome(T, "BTC", 1, "new", 0.01, "s1", 0.0, 0.01);
        m.onOutcome(T, "BTC", 1, "new", 0.01, "s2", 0.0, 0.01);
        assertThat(m.isWatching(T)).isTrue();
        for (int i = 2; i <= 10; i++) m.onOutcome(T, "BTC", i, "new", 0.01, "s1", 0.0, 0.01);
        assertThat(m.isWatching(T)).isFalse();
        assertThat(m.decision(T).orElseThrow().samples()).isEqualTo(10);
    }

    @Test
    void aPreviousVersionThatFailsTheCheckIsNotMadeActiveAndTheDegradationIsPublished() {
        InMemoryModelRegistry registry = registryWith("old", "new");
        InProcessEventBus bus = new InProcessEventBus(clock);
        java.util.List<String> topics = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.subscribe("learning.*", e -> topics.add(e.topic()));
        RollbackMonitor m = new Promoter(registry, bus, clock, cfg, ClmMetrics.noop(), artifact -> {
            throw new IllegalStateException("member xgboost 20260101-000000-aaaa of " + artifact.version() + " is missing");
        }).rollbackMonitor();
        m.watch(T, "new", "old", new RollbackMonitor.Baseline(0.01, 0.58));
        PairedForecasts after = TradeSimulator.trades(500, 0.40, 0.40, 0.0, 77);
        for (int i = 0; i < 500; i++) m.observe(T, "new", after.active()[i], after.realised()[i]);

        RollbackMonitor.RollbackDecision d = m.decision(T).orElseThrow();
        assertThat(d.state()).isEqualTo(RollbackMonitor.WatchState.DEGRADED_NOT_ROLLED_BACK);
        assertThat(d.reason()).contains("old").contains("member xgboost 20260101-000000-aaaa");
        assertThat(registry.getActive(T).orElseThrow().version()).isEqualTo("new");
        assertThat(topics).contains("learning.model.performance.degraded").doesNotContain("learning.model.rolled_back");
    }
}
