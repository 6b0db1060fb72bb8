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
 * (p50 / p99 / p99.9, System.nanoTime around each call) at a paced rate the store keeps up with
 * (default 100,000 calls/s in total, far above a live engine's signal rate; the run says whether
 * anything spilled), the latency of the overflow path (the store stalled, the ring full, calls
 * going to the spill buffer), throughput flat out, the rate at which samples reach the store,
 * and that no sample is lost (count in = count stored). The reference, measured in the same run with the same threads and pacing, is
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
 *   <li>{@code --paced-seconds=5 --rate-per-thread=25000 --overflow-seconds=3 --flat-out-per-thread=1000000 --batch=10000
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
        int ratePerThread = intArg(args, "--rate-per-thread=", 25_000);
        int overflowSeconds = intArg(args, "--overflow-seconds=", 3);
        int flatOutPerThread = intArg(args, "--flat-out-per-thread=", 1_000_000);
        StoreHandle store = openStore(args);
        System.out.printf(Locale.ROOT, "ShadowRecorderBenchmark: store=%s, %d producer threads, %d cores, Java %s, load %s%n", store.name,
                THREADS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());

        InProcessEventBus bus = new InProcessEventBus(Clock.systemUTC());
        AtomicLong events = new AtomicLong();
        bus.subscribe("learning.shadow.*", e -> events.incrementAndGet());
        int maxPending = intArg(args, "--max-pending=", ShadowRecorderConfig.DEFAULT_MAX_PENDING_OUTCOMES);
        GatedStore gate = new GatedStore(store.store);
        LiveShadowRecorder recorder = new LiveShadowRecorder(gate, bus, Clock.systemUTC(),
                ShadowRecorderConfig.defaults().withMaxPendingOutcomes(maxPending)
                        .withBatchSize(intArg(args, "--batch=", ShadowRecorderConfig.DEFAULT_BATCH_SIZE)), v -> TYPE).start();

        // Warm-up (JIT), not reported.
        paced(recorder::recordPrediction, "warmup", 1, ratePerThread);
        recorder.flush();

        ShadowRecorderStats before = recorder.stats();
        Result ours = paced(recorder::recordPrediction, "paced", pacedSeconds, ratePerThread);
        recorder.flush();
        ShadowRecorderStats afterPaced = recorder.stats();
        Result ref = pacedReference(pacedSeconds, ratePerThread);

        // Overflow path: the store stalls (the flusher waits inside insertBatch), the ring fills and calls go to the spill buffer.
        gate.close();
        Result overflow = paced(recorder::recordPrediction, "overflow", overflowSeconds, ratePerThread);
        ShadowRecorderStats afterOverflow = recorder.stats();
        gate.open();
        recorder.flush();

        long t0 = System.nanoTime();
        long flatCalls = flatOut(recorder, flatOutPerThread);
        long produced = System.nanoTime() - t0;
        recorder.flush();
        recorder.close();
        long storedAll = System.nanoTime() - t0;
        ShadowRecorderStats st = recorder.stats();

        long inPaced = ours.calls, inOverflow = overflow.calls, inFlat = flatCalls;
        long storedPaced = store.store.count(TYPE, "paced");
        long storedOverflow = store.store.count(TYPE, "overflow");
        long storedFlat = store.store.count(TYPE, "flat");
        System.out.printf(Locale.ROOT, "%nPaced at %,d calls/s in total (%,d/s per thread, bursts of %d every %.1f ms, %d s):%n",
                THREADS * ratePerThread, ratePerThread, BURST, 1000.0 * BURST / ratePerThread, pacedSeconds);
        print("  LiveShadowRecorder.recordPrediction", ours);
        print("  reference ArrayBlockingQueue.offer(new ShadowSample)", ref);
        System.out.printf(Locale.ROOT, "  ratio reference/ours: p50 %.2fx, p99 %.2fx, p99.9 %.2fx%n",
                ref.p50 / (double) ours.p50, ref.p99 / (double) ours.p99, ref.p999 / (double) ours.p999);
        System.out.printf(Locale.ROOT, "  the store kept up: %s (records spilled during the paced run %,d, producer waits %,d)%n",
                afterPaced.spilled() == before.spilled() && afterPaced.backPressureWaits() == before.backPressureWaits() ? "yes" : "NO",
                afterPaced.spilled() - before.spilled(), afterPaced.backPressureWaits() - before.backPressureWaits());
        System.out.printf(Locale.ROOT, "%nOverflow path (store stalled for %d s at the same rate; ring of %,d slots full, then the spill buffer):%n",
                overflowSeconds, ShadowRecorderConfig.DEFAULT_RING_CAPACITY);
        print("  recordPrediction, ring full", overflow);
        System.out.printf(Locale.ROOT, "  spilled %,d of %,d calls, producer waits %,d%n", afterOverflow.spilled() - afterPaced.spilled(),
                overflow.calls, afterOverflow.backPressureWaits() - afterPaced.backPressureWaits());
        System.out.printf(Locale.ROOT, "%nFlat out (%d calls per thread):%n", flatOutPerThread);
        System.out.printf(Locale.ROOT, "  recordPrediction throughput: %,.0f calls/s (4 threads)%n", inFlat / (produced / 1e9));
        System.out.printf(Locale.ROOT, "  samples reaching the store (%s): %,.0f samples/s (first call to last sample stored)%n",
                store.name, inFlat / (storedAll / 1e9));
        System.out.printf(Locale.ROOT, "  spilled %,d, producer waits %,d, store failures %d, recorder events %d (whole run)%n", st.spilled(),
                st.backPressureWaits(), st.storeFailures(), events.get());
        boolean ok = storedPaced == inPaced && storedOverflow == inOverflow && storedFlat == inFlat && st.inMemory() == 0
                && st.unsavedAtClose() == 0;
        System.out.printf(Locale.ROOT, "%nCount in = count stored: paced %,d / %,d, overflow %,d / %,d, flat %,d / %,d -> %s%n", inPaced,
                storedPaced, inOverflow, storedOverflow, inFlat, storedFlat, ok ? "OK, nothing lost" : "MISMATCH");
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
        store.close();
        if (!ok) System.exit(1);
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** A store whose writes can be held back (to measure the overflow path), otherwise passing everything through. */
    static final class GatedStore implements ShadowResultStore {
        private final ShadowResultStore inner;
        private final Object lock = new Object();
        private boolean closed;

        GatedStore(ShadowResultStore inner) {
            this.inner = inner;
        }

        void close() {
            synchronized (lock) {
                closed = true;
            }
        }

        void open() {
            synchronized (lock) {
                closed = false;
                lock.notifyAll();
            }
        }

        private void await() {
            synchronized (lock) {
                while (closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }

        @Override
        public void insertBatch(List<ShadowSample> samples) {
            await();
            inner.insertBatch(samples);
        }

        @Override
        public int recordOutcomes(List<dev.clm.api.ShadowOutcome> outcomes) {
            await();
            return inner.recordOutcomes(outcomes);
        }

        @Override
        public List<ShadowSample> samples(ModelType type, String shadowVersion) {
            return inner.samples(type, shadowVersion);
        }

        @Override
        public long count(ModelType type, String shadowVersion) {
            return inner.count(type, shadowVersion);
        }

        @Override
        public int deleteOlderThan(java.time.Instant cutoff) {
            return inner.deleteOlderThan(cutoff);
        }
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
