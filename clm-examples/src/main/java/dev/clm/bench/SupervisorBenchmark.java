package dev.clm.bench;

import dev.clm.api.ModelType;
import dev.clm.events.InProcessEventBus;
import dev.clm.metrics.ClmMetrics;
import dev.clm.store.InMemoryPerformanceLogStore;
import dev.clm.supervisor.ModelHealth;
import dev.clm.supervisor.ModelSupervisor;
import dev.clm.supervisor.SupervisorConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

/**
 * Latency of {@link ModelSupervisor#logPrediction} on the engine's thread: 1,000,000 timed
 * calls (after 1,000,000 warm-up calls), each with an outcome logged for the previous one,
 * the default background drainer running. Each call is timed with {@code System.nanoTime},
 * whose own cost (reported as "empty timer") is included in the figures.
 *
 * <p>Args: [calls=1000000].
 */
public final class SupervisorBenchmark {
    private SupervisorBenchmark() {}

    public static void main(String[] args) {
        int calls = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 1_000_000;
        Clock clock = Clock.systemUTC();
        try (ModelSupervisor sup = new ModelSupervisor(SupervisorConfig.defaults(), clock, new InProcessEventBus(clock),
                new InMemoryPerformanceLogStore(), ClmMetrics.noop())) {
            ModelType model = ModelType.XGBOOST;
            run(sup, model, calls); // warm-up
            long[] empty = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                empty[i] = System.nanoTime() - t0;
            }
            long[] lat = run(sup, model, calls);
            Arrays.sort(lat);
            Arrays.sort(empty);
            ModelHealth h = sup.getModelHealth(model, Duration.ofHours(1));
            System.out.printf("logPrediction, %,d calls: p50 %d ns, p90 %d ns, p99 %d ns, p99.9 %d ns, max %.1f us%n", calls,
                    pct(lat, 0.50), pct(lat, 0.90), pct(lat, 0.99), pct(lat, 0.999), lat[lat.length - 1] / 1000.0);
            System.out.printf("empty timer: p50 %d ns, p99 %d ns%n", pct(empty, 0.50), pct(empty, 0.99));
            System.out.printf("target p99 < 2 us: %s%n", pct(lat, 0.99) < 2000 ? "met" : "NOT met");
            System.out.printf("dropped %d of %,d records; history holds %,d predictions (capacity %,d), winrate %.3f%n",
                    sup.dropped(model), 4L * calls, h.predictions(), SupervisorConfig.DEFAULT_HISTORY_CAPACITY, h.winrate());
        }
    }

    private static long[] run(ModelSupervisor sup, ModelType model, int calls) {
        long[] lat = new long[calls];
        long previous = -1;
        for (int i = 0; i < calls; i++) {
            double prediction = (i & 1) == 0 ? 0.001 : -0.001;
            long t0 = System.nanoTime();
            long id = sup.logPrediction(model, prediction, 0.55, 40_000);
            lat[i] = System.nanoTime() - t0;
            if (previous >= 0) sup.logOutcome(model, previous, (i % 3 == 0) ? -0.002 : 0.002);
            previous = id;
        }
        return lat;
    }

    private static long pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
