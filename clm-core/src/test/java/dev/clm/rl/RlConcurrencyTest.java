package dev.clm.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.RlSnapshot;
import dev.clm.api.contract.MutableClock;
import dev.clm.events.InProcessEventBus;
import dev.clm.store.InMemoryRlVersionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RL agents under concurrent selection, updates, snapshots, resets and maintenance")
class RlConcurrencyTest {
    static final int THREADS = 8;
    static final int UPDATES_PER_THREAD = 3_000;

    @Test
    @DisplayName("no lost updates, no exceptions, consecutive loadable versions")
    void concurrentUse() throws Exception {
        MutableClock clock = MutableClock.at("2026-03-01T00:00:00Z");
        InMemoryRlVersionStore store = new InMemoryRlVersionStore();
        InProcessEventBus bus = new InProcessEventBus(clock);
        RlMetaStrategy meta = RlMetaStrategy.builder().seed(1).clock(clock).versionStore(store).events(bus).build();
        RlPositionSizing sizing = RlPositionSizing.builder().seed(2).clock(clock).versionStore(store).events(bus).build();
        RlAgentMaintenance maintenance = new RlAgentMaintenance(List.of(meta, sizing), bus, clock);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    Random rnd = new Random(worker);
                    for (int i = 0; i < UPDATES_PER_THREAD; i++) {
                        MetaState ms = RlLifecycleTest.randomState(rnd);
                        meta.update(ms, meta.selectStrategy(ms), new MetaOutcome(rnd.nextGaussian(), 4, 0.5, 0.5), RlLifecycleTest.randomState(rnd));
                        SizingState ss = sizing.state(MarketRegime.values()[rnd.nextInt(4)], rnd.nextDouble(), 30 * rnd.nextDouble(),
                                VolatilityLevel.values()[rnd.nextInt(4)]);
                        SizingDecision d = sizing.getSizingDecision(ss, 10_000);
                        sizing.update(ss, d.action(), new SizingOutcome(rnd.nextGaussian(), 3, 0.2, false, false), null);
                        // Worker 0 doubles as the scheduler: maintenance and regime resets while the others update.
                        if (worker == 0 && i % 250 == 0) maintenance.runMaintenance().forEach(r -> assertThat(r.failure()).isEmpty());
                        if (worker == 0 && i > 0 && i % 700 == 0 && i <= 2_100) assertThat(maintenance.resetAll("test " + i)).hasSize(2);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : workers) w.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        long expected = (long) THREADS * UPDATES_PER_THREAD;
        assertThat(meta.totalUpdates()).isEqualTo(expected);
        assertThat(sizing.totalUpdates()).isEqualTo(expected);
        assertThat(totalMetaVisits(meta)).as("visit counts summed over states").isEqualTo(expected);

        for (String agent : List.of(RlMetaStrategy.NAME, RlPositionSizing.NAME)) {
            List<RlSnapshot> versions = store.list(agent);
            assertThat(versions).extracting(RlSnapshot::version)
                    .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, versions.size()).boxed().toList());
            assertThat(versions.stream().filter(RlSnapshot::archived).count()).as("archived by the 3 resets").isEqualTo(3);
            // Under contention updates go on while a snapshot is written, so the gaps may exceed 500.
            assertThat(versions.stream().filter(v -> v.reason().equals("periodic")).count()).isGreaterThanOrEqualTo(3);
        }
        maintenance.runMaintenance();
        assertThat(meta.snapshotDue()).isFalse();
        assertThat(sizing.snapshotDue()).isFalse();
        RlMetaStrategy reloaded = RlMetaStrategy.builder().versionStore(store).build();
        for (RlSnapshot s : store.list(RlMetaStrategy.NAME)) reloaded.loadVersion(s.version());
        RlPositionSizing reloadedSizing = RlPositionSizing.builder().versionStore(store).build();
        for (RlSnapshot s : store.list(RlPositionSizing.NAME)) reloadedSizing.loadVersion(s.version());
    }

    static long totalMetaVisits(RlMetaStrategy agent) {
        long total = 0;
        for (MarketRegime r : MarketRegime.values())
            for (VolatilityLevel v : VolatilityLevel.values())
                for (LiquidityLevel l : LiquidityLevel.values())
                    for (PerformanceLevel p : PerformanceLevel.values())
                        total += agent.visits(new MetaState(r, v, l, p)).values().stream().mapToLong(Long::longValue).sum();
        return total;
    }
}
