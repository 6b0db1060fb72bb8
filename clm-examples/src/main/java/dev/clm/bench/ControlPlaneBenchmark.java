package dev.clm.bench;

import dev.clm.api.ModelType;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.SyntheticDataClient;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.http.ClmHttpServer;
import dev.clm.config.HttpSettings;
import dev.clm.metrics.MicrometerClmMetrics;
import dev.clm.models.CompositeModelTrainer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency of the control plane's status and metrics endpoints under concurrent clients while
 * XGBoost + LightGBM cycles run in the same JVM: each client thread alternates
 * {@code GET /api/v1/learning/status} and {@code GET /metrics} over its own connection for the
 * measured period, pausing {@code thinkMillis} between requests (a monitor or dashboard polling;
 * 0 = closed loop, which saturates the machine so latency is clients / throughput whatever the
 * server does); after a 3 s warm-up that is not recorded, prints p50/p95/p99/max per endpoint and
 * whether p99 stays under 50 ms.
 *
 * <p>Arguments: {@code clients seconds thinkMillis} (default 50 20 100).
 */
public final class ControlPlaneBenchmark {
    private static final long WARM_UP_NANOS = 3_000_000_000L;
    private ControlPlaneBenchmark() {}

    public static void main(String[] args) throws Exception {
        String[] a = args.length == 1 ? args[0].trim().split("\\s+") : args;
        int clients = a.length > 0 && !a[0].isBlank() ? Integer.parseInt(a[0]) : 50;
        int seconds = a.length > 1 ? Integer.parseInt(a[1]) : 20;
        long thinkMillis = a.length > 2 ? Long.parseLong(a[2]) : 100;

        Clock clock = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), ZoneOffset.UTC);
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        List<ModelType> types = List.of(ModelType.XGBOOST, ModelType.LIGHTGBM);
        ContinuousLearningManager clm = ContinuousLearningManager.builder().clock(clock).config(ClmConfig.defaults())
                .dataClient(SyntheticDataClient.hourly(clock, 11)).featureEngineer(new TechnicalFeatureEngineer())
                .trainer(CompositeModelTrainer.trees()).modelTypes(types).metrics(new MicrometerClmMetrics(prometheus)).build();
        try (ClmHttpServer server = ClmHttpServer.start(clm, HttpSettings.defaults().withPort(0), prometheus::scrape)) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger cycles = new AtomicInteger();
            Thread cycler = new Thread(() -> {
                while (!stop.get()) {
                    clm.runFullCycle(true, types);
                    cycles.incrementAndGet();
                }
            }, "cycles");
            cycler.start();

            String base = "http://127.0.0.1:" + server.port();
            long[][] status = new long[clients][];
            long[][] metrics = new long[clients][];
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                Thread t = new Thread(() -> {
                    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                    Latencies s = new Latencies(), m = new Latencies();
                    ready.countDown();
                    try {
                        go.await();
                        long warm = System.nanoTime() + WARM_UP_NANOS; // JIT and first computations, not recorded
                        while (System.nanoTime() < warm) {
                            time(http, base + "/api/v1/learning/status");
                            time(http, base + "/metrics");
                            if (thinkMillis > 0) Thread.sleep(thinkMillis);
                        }
                        long end = System.nanoTime() + seconds * 1_000_000_000L;
                        while (System.nanoTime() < end) {
                            s.add(time(http, base + "/api/v1/learning/status"));
                            if (thinkMillis > 0) Thread.sleep(thinkMillis);
                            m.add(time(http, base + "/metrics"));
                            if (thinkMillis > 0) Thread.sleep(thinkMillis);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    status[id] = s.values();
                    metrics[id] = m.values();
                }, "client-" + c);
                threads.add(t);
                t.start();
            }
            ready.await();
            double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            go.countDown();
            for (Thread t : threads) t.join();
            stop.set(true);
            cycler.join();
            double load1 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.printf(Locale.ROOT, "control plane under %d clients (%d ms between requests) for %d s, %d cores, %d XGBoost+LightGBM cycles ran meanwhile, load average %.2f -> %.2f%n",
                    clients, thinkMillis, seconds, Runtime.getRuntime().availableProcessors(), cycles.get(), load0, load1);
            boolean ok = report("GET /api/v1/learning/status", status) & report("GET /metrics", metrics);
            System.out.println(ok ? "target met: p99 < 50 ms on both endpoints" : "target MISSED: p99 >= 50 ms");
        } finally {
            clm.stop();
        }
    }

    private static long time(HttpClient http, String url) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        long dt = System.nanoTime() - t0;
        if (r.statusCode() != 200) throw new IllegalStateException(url + " answered " + r.statusCode());
        return dt;
    }

    private static boolean report(String name, long[][] perClient) {
        long[] all = Arrays.stream(perClient).flatMapToLong(Arrays::stream).sorted().toArray();
        double p50 = pct(all, 0.50), p95 = pct(all, 0.95), p99 = pct(all, 0.99);
        System.out.printf(Locale.ROOT, "%-30s requests %7d   p50 %6.2f ms   p95 %6.2f ms   p99 %6.2f ms   max %7.2f ms%n",
                name, all.length, p50, p95, p99, all[all.length - 1] / 1e6);
        return p99 < 50;
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static final class Latencies {
        private long[] v = new long[1024];
        private int n;

        void add(long x) {
            if (n == v.length) v = Arrays.copyOf(v, n * 2);
            v[n++] = x;
        }

        long[] values() { return Arrays.copyOf(v, n); }
    }
}
