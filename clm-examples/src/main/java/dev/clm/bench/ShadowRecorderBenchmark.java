package dev.clm.bench;

import dev.clm.api.ModelType;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import dev.clm.events.InProcessEventBus;
import dev.clm.shadow.LiveShadowRecorder;
import dev.clm.shadow.ShadowRecorderConfig;
import dev.clm.shadow.ShadowRecorderStats;
import dev.clm.store.InMemoryShadowResultStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures {@link LiveShadowRecorder#recordPrediction} from 4 producer threads: per-call latency
 * (p50 / p99 / p99.9, System.nanoTime around each call) at a paced engine-like rate, throughput
 * flat out, the rate at which samples reach the store, and that no sample is lost (count in =
 * count stored). The reference, measured in the same run with the same threads and pacing, is
 * the obvious alternative: allocate a {@link ShadowSample} per call and {@code offer} it to an
 * {@link ArrayBlockingQueue} drained by one thread.
 *
 * <p>Arguments (one string, split on spaces; all optional):
 * <ul>
 *   <li>{@code --store=memory} (default) the in-memory store; {@code --store=counting} a store that
 *       counts and discards (the recorder's own cost);</li>
 *   <li>{@code --jdbc-url=URL} the clm-jdbc store ({@code ClmDatabase...shadowResults()}, binary COPY on
 *       PostgreSQL) in a schema of its own that is dropped at the end
 *       (for PostgreSQL: {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres});</li>
 *   <li>{@code --store-class=FQCN [--jdbc-url=URL]} any store with a static {@code create(String)} or a
 *       {@code (String)} constructor;</li>
 *   <li>{@code --paced-seconds=5 --rate-per-thread=50000 --flat-out-per-thread=1000000 --batch=10000
 *       --max-pending=262144}.</li>
 * </ul>
 */
public final class ShadowRecorderBenchmark {
    private static final ModelType TYPE = ModelType.XGBOOST;
    private static final int THREADS = 4;
    private static final int BURST = 50;

    private ShadowRecorderBenchmark() {}

    public static void main(String[] argv) throws Exception {
        List<String> args = new ArrayList<>();
        for (String a : argv) for (String p : a.trim().split("\\s+")) if (!p.isEmpty()) args.add(p);
        int pacedSeconds = intArg(args, "--paced-seconds=", 5);
        int ratePerThread = intArg(args, "--rate-per-thread=", 50_000);
        int flatOutPerThread = intArg(args, "--flat-out-per-thread=", 1_000_000);
        StoreHandle store = openStore(args);
        System.out.printf(Locale.ROOT, "ShadowRecorderBenchmark: store=%s, %d producer threads, %d cores, Java %s%n", store.name,
                THREADS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        InProcessEventBus bus = new InProcessEventBus(Clock.systemUTC());
        AtomicLong events = new AtomicLong();
        bus.subscribe("learning.shadow.*", e -> events.incrementAndGet());
        int maxPending = intArg(args, "--max-pending=", ShadowRecorderConfig.DEFAULT_MAX_PENDING_OUTCOMES);
        LiveShadowRecorder recorder = new LiveShadowRecorder(store.store, bus, Clock.systemUTC(),
                ShadowRecorderConfig.defaults().withMaxPendingOutcomes(maxPending)
                        .withBatchSize(intArg(args, "--batch=", ShadowRecorderConfig.DEFAULT_BATCH_SIZE)), v -> TYPE).start();

        // Warm-up (JIT), not reported.
        paced(recorder::recordPrediction, "warmup", 1, ratePerThread);
        recorder.flush();

        Result ours = paced(recorder::recordPrediction, "paced", pacedSeconds, ratePerThread);
        Result ref = pacedReference(pacedSeconds, ratePerThread);

        long t0 = System.nanoTime();
        long flatCalls = flatOut(recorder, flatOutPerThread);
        long produced = System.nanoTime() - t0;
        recorder.flush();
        recorder.close();
        long storedAll = System.nanoTime() - t0;
        ShadowRecorderStats st = recorder.stats();

        long inPaced = ours.calls, inFlat = flatCalls;
        long storedPaced = store.store.count(TYPE, "paced");
        long storedFlat = store.store.count(TYPE, "flat");
        System.out.printf(Locale.ROOT, "%nPaced (%d/s per thread, bursts of %d every %.1f ms, %d s):%n", ratePerThread, BURST,
                1000.0 * BURST / ratePerThread, pacedSeconds);
        print("  LiveShadowRecorder.recordPrediction", ours);
        print("  reference ArrayBlockingQueue.offer(new ShadowSample)", ref);
        System.out.printf(Locale.ROOT, "  ratio reference/ours: p50 %.2fx, p99 %.2fx, p99.9 %.2fx%n",
                ref.p50 / (double) ours.p50, ref.p99 / (double) ours.p99, ref.p999 / (double) ours.p999);
        System.out.printf(Locale.ROOT, "%nFlat out (%d calls per thread):%n", flatOutPerThread);
        System.out.printf(Locale.ROOT, "  recordPrediction throughput: %,.0f calls/s (4 threads)%n", inFlat / (produced / 1e9));
        System.out.printf(Locale.ROOT, "  samples reaching the store (%s): %,.0f samples/s (first call to last sample stored)%n",
                store.name, inFlat / (storedAll / 1e9));
        System.out.printf(Locale.ROOT, "  spilled %,d, producer waits %,d, store failures %d, recorder events %d%n", st.spilled(),
                st.backPressureWaits(), st.storeFailures(), events.get());
        boolean ok = storedPaced == inPaced && storedFlat == inFlat && st.inMemory() == 0 && st.unsavedAtClose() == 0;
        System.out.printf(Locale.ROOT, "%nCount in = count stored: paced %,d / %,d, flat %,d / %,d -> %s%n", inPaced, storedPaced,
                inFlat, storedFlat, ok ? "OK, nothing lost" : "MISMATCH");
        store.close();
        if (!ok) System.exit(1);
    }

    /** One producer call. */
    interface Recorder {
        long record(String shadow, String active, String symbol, long ts, double a, double s);
    }

    record Result(long calls, double seconds, long p50, long p99, long p999, long max) {}

    /** 4 threads, each recording bursts of {@code BURST} calls, paced to {@code ratePerThread}; latency of every call. */
    static Result paced(Recorder r, String shadow, int seconds, int ratePerThread) throws InterruptedException {
        int perThread = seconds * ratePerThread;
        long[][] lat = new long[THREADS][perThread];
        long burstNanos = 1_000_000_000L * BURST / ratePerThread;
        CountDownLatch go = new CountDownLatch(1), done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                String symbol = "SYM" + thread;
                long[] mine = lat[thread];
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long next = System.nanoTime();
                for (int i = 0; i < perThread; ) {
                    for (int b = 0; b < BURST && i < perThread; b++, i++) {
                        long s = System.nanoTime();
                        r.record(shadow, "a1", symbol, 1_700_000_000_000L + i, 0.001 * (i & 7), -0.001 * (i & 3));
                        mine[i] = System.nanoTime() - s;
                    }
                    next += burstNanos;
                    long wait = next - System.nanoTime();
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
                done.countDown();
            }, "producer-" + t);
            th.start();
        }
        long t0 = System.nanoTime();
        go.countDown();
        done.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        long[] all = new long[THREADS * perThread];
        for (int t = 0; t < THREADS; t++) System.arraycopy(lat[t], 0, all, t * perThread, perThread);
        Arrays.sort(all);
        return new Result(all.length, secs, pct(all, 0.50), pct(all, 0.99), pct(all, 0.999), all[all.length - 1]);
    }

    /** The reference: a ShadowSample allocated per call, offered to a bounded blocking queue drained by one thread. */
    static Result pacedReference(int seconds, int ratePerThread) throws InterruptedException {
        ArrayBlockingQueue<ShadowSample> q = new ArrayBlockingQueue<>(1 << 16);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong ids = new AtomicLong();
        Thread drainer = new Thread(() -> {
            List<ShadowSample> batch = new ArrayList<>(10_000);
            while (!stop.get() || !q.isEmpty()) {
                if (q.drainTo(batch, 10_000) == 0) LockSupport.parkNanos(1_000_000);
                batch.clear();
            }
        }, "reference-drainer");
        drainer.start();
        Result r = paced((shadow, active, symbol, ts, a, s) -> {
            long id = ids.incrementAndGet();
            ShadowSample sample = new ShadowSample(id, TYPE, shadow, active, symbol, ts, a, s, Double.NaN, Double.NaN);
            try {
                q.put(sample);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return id;
        }, "reference", seconds, ratePerThread);
        stop.set(true);
        drainer.join();
        return r;
    }

    static long flatOut(LiveShadowRecorder recorder, int perThread) throws InterruptedException {
        CountDownLatch go = new CountDownLatch(1), done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            String symbol = "FLAT" + t;
            new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) recorder.recordPrediction("flat", "a1", symbol, i, 0.001, -0.001);
                done.countDown();
            }, "flat-" + t).start();
        }
        go.countDown();
        done.await();
        return (long) THREADS * perThread;
    }

    static long pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    static void print(String name, Result r) {
        System.out.printf(Locale.ROOT, "  %-55s %,d calls in %.2f s: p50 %,d ns, p99 %,d ns, p99.9 %,d ns, max %,d ns%n", name,
                r.calls, r.seconds, r.p50, r.p99, r.p999, r.max);
    }

    static int intArg(List<String> args, String prefix, int def) {
        for (String a : args) if (a.startsWith(prefix)) return Integer.parseInt(a.substring(prefix.length()));
        return def;
    }

    static String strArg(List<String> args, String prefix) {
        for (String a : args) if (a.startsWith(prefix)) return a.substring(prefix.length());
        return null;
    }

    /** The store under test and how to close it. */
    record StoreHandle(String name, ShadowResultStore store, AutoCloseable owner) {
        void close() throws Exception {
            if (owner != null) owner.close();
        }
    }

    static StoreHandle openStore(List<String> args) throws Exception {
        String url = strArg(args, "--jdbc-url=");
        String cls = strArg(args, "--store-class=");
        if (cls != null) {
            Class<?> c = Class.forName(cls);
            Object s;
            try {
                s = c.getMethod("create", String.class).invoke(null, url);
            } catch (NoSuchMethodException e) {
                s = c.getConstructor(String.class).newInstance(url);
            }
            return new StoreHandle(cls + (url == null ? "" : " " + url), (ShadowResultStore) s, s instanceof AutoCloseable ac ? ac : null);
        }
        if (url != null) {
            // A schema of its own, dropped at the end, so the benchmark never touches other data.
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("clm-shadow-bench-");
            String schema = "clm_bench_shadow_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            dev.clm.jdbc.ClmDatabase db = dev.clm.jdbc.ClmDatabase.builder().jdbcUrl(url).schema(schema)
                    .artifactDirectory(work.resolve("artifacts")).maxPoolSize(4).open();
            AutoCloseable owner = () -> {
                db.close();
                try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            };
            return new StoreHandle("jdbc " + url.replaceAll("password=[^&]*", "password=***") + " schema " + schema,
                    db.shadowResults(), owner);
        }
        if ("counting".equals(strArg(args, "--store="))) return new StoreHandle("counting (discards rows)", new CountingStore(), null);
        return new StoreHandle("in-memory", new InMemoryShadowResultStore(), null);
    }

    /** Counts and discards: isolates the recorder's own cost from the store's. */
    static final class CountingStore implements ShadowResultStore {
        private final java.util.concurrent.ConcurrentHashMap<String, AtomicLong> counts = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void insertBatch(List<ShadowSample> samples) {
            for (ShadowSample s : samples) counts.computeIfAbsent(s.shadowVersion(), k -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public int recordOutcomes(List<dev.clm.api.ShadowOutcome> outcomes) {
            return outcomes.size();
        }

        @Override
        public List<ShadowSample> samples(ModelType type, String shadowVersion) {
            return List.of();
        }

        @Override
        public long count(ModelType type, String shadowVersion) {
            AtomicLong c = counts.get(shadowVersion);
            return c == null ? 0 : c.get();
        }

        @Override
        public int deleteOlderThan(java.time.Instant cutoff) {
            return 0;
        }
    }
}
