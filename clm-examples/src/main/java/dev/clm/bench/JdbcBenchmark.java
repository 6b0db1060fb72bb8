package dev.clm.bench;

import dev.clm.api.Checksums;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowSample;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.TimeRange;
import dev.clm.jdbc.ClmDatabase;
import dev.clm.registry.InMemoryModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * clm-jdbc throughput and latency on PostgreSQL (and embedded H2 for comparison):
 * <ul>
 *   <li>shadow-result inserts per second through {@link ShadowResultStore#insertBatch} (COPY on
 *       PostgreSQL), against the reference: plain JDBC batched INSERTs of the same rows;</li>
 *   <li>{@link ModelRegistry#getActive} latency p50/p95/p99 (no cache: one indexed query per
 *       call), against the references: a bare {@code SELECT 1} round trip on the same pool and
 *       the in-memory registry.</li>
 * </ul>
 * Works in a schema of its own that it drops at the end. Arguments (all optional):
 * {@code --url jdbc:postgresql://...} (default -Dclm.pg.url or the local test server),
 * {@code --rows N} (default 1,000,000), {@code --batch N} (default 20,000).
 */
public final class JdbcBenchmark {
    private static final ModelType TYPE = ModelType.XGBOOST;

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("clm.pg.url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        int rows = 1_000_000;
        int batch = 20_000;
        List<String> a = new ArrayList<>();
        for (String s : args) if (s != null && !s.isBlank()) a.addAll(Arrays.asList(s.trim().split("\\s+")));
        for (int i = 0; i + 1 < a.size(); i += 2) {
            switch (a.get(i)) {
                case "--url" -> url = a.get(i + 1);
                case "--rows" -> rows = Integer.parseInt(a.get(i + 1));
                case "--batch" -> batch = Integer.parseInt(a.get(i + 1));
                default -> throw new IllegalArgumentException("unknown argument " + a.get(i) + "; expected --url, --rows or --batch");
            }
        }
        System.out.printf("JdbcBenchmark: %d shadow rows in batches of %d; %d cores; machine shared with other jobs%n", rows, batch,
                Runtime.getRuntime().availableProcessors());
        Path work = Files.createTempDirectory("clm-bench-");
        String schema = "clm_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (ClmDatabase pg = ClmDatabase.builder().jdbcUrl(url).schema(schema).artifactDirectory(work.resolve("pg-artifacts"))
                .maxPoolSize(4).open()) {
            System.out.println("\n== PostgreSQL (" + url.replaceAll("password=[^&]*", "password=***") + ", schema " + schema + ")");
            runShadow(pg, rows, batch, true);
            runGetActive(pg);
        } finally {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
        try (ClmDatabase h2 = ClmDatabase.builder().dataDirectory(work.resolve("h2")).maxPoolSize(4).open()) {
            System.out.println("\n== embedded H2 (file database, for comparison)");
            runShadow(h2, Math.min(rows, 200_000), batch, false);
            runGetActive(h2);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<ShadowSample> samples(long firstId, int n) {
        List<ShadowSample> out = new ArrayList<>(n);
        long t0 = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            long id = firstId + i;
            out.add(new ShadowSample(id, TYPE, "shadow-v2", "active-v1", (id & 1) == 0 ? "BTCUSDT" : "ETHUSDT", t0 + id * 1000,
                    Math.sin(id) * 0.01, Math.cos(id) * 0.01, Double.NaN, Double.NaN));
        }
        return out;
    }

    private static void runShadow(ClmDatabase db, int rows, int batch, boolean reference) throws Exception {
        ShadowResultStore store = db.shadowResults();
        long id = 1;
        // Warm-up: JIT, statement caches, table/index pages.
        for (int i = 0; i < 5; i++) {
            store.insertBatch(samples(id, batch));
            id += batch;
        }
        List<List<ShadowSample>> batches = new ArrayList<>();
        for (int done = 0; done < rows; done += batch) {
            batches.add(samples(id, Math.min(batch, rows - done)));
            id += batch;
        }
        long t = System.nanoTime();
        for (List<ShadowSample> b : batches) store.insertBatch(b);
        double secs = (System.nanoTime() - t) / 1e9;
        double clmRate = rows / secs;
        String how = db.dialect() == dev.clm.jdbc.Dialect.POSTGRESQL ? "binary COPY" : "JDBC batch";
        System.out.printf("shadow insertBatch (%s), 1 writer: %,d rows in %.2f s = %,.0f rows/s%n", how, rows, secs, clmRate);
        if (!reference) return;
        // Several recorders writing at once (each batch its own transaction), as engine threads would.
        int writers = 4;
        List<List<ShadowSample>> parallel = new ArrayList<>();
        for (int done = 0; done < rows; done += batch) {
            parallel.add(samples(id, Math.min(batch, rows - done)));
            id += batch;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
        long tp = System.nanoTime();
        for (int w = 0; w < writers; w++) {
            fs.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < parallel.size(); i = next.getAndIncrement()) store.insertBatch(parallel.get(i));
                return null;
            }));
        }
        for (java.util.concurrent.Future<?> f : fs) f.get();
        pool.shutdown();
        double psecs = (System.nanoTime() - tp) / 1e9;
        double parallelRate = rows / psecs;
        System.out.printf("shadow insertBatch (%s), %d writers: %,d rows in %.2f s = %,.0f rows/s%n", how, writers, rows, psecs,
                parallelRate);
        int refRows = Math.min(rows, 200_000);
        List<ShadowSample> refSamples = samples(id, refRows);
        double refRate = refRows / jdbcBatchInsertSeconds(db.dataSource(), refSamples, batch);
        System.out.printf("reference: plain JDBC batched INSERT: %,d rows = %,.0f rows/s; clm / reference = %.2fx%n", refRows, refRate,
                clmRate / refRate);
        System.out.printf("target >= 100,000 rows/s: 1 writer %s, %d writers %s%n", clmRate >= 100_000 ? "MET" : "NOT MET", writers,
                parallelRate >= 100_000 ? "MET" : "NOT MET");
    }

    private static double jdbcBatchInsertSeconds(DataSource ds, List<ShadowSample> rows, int batch) throws Exception {
        long t = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO shadow_test_results (sample_id, model_type, shadow_version, "
                    + "active_version, symbol, signal_time, active_prediction, shadow_prediction) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (ShadowSample s : rows) {
                    ps.setLong(1, s.sampleId());
                    ps.setString(2, s.modelType().name());
                    ps.setString(3, s.shadowVersion());
                    ps.setString(4, s.activeVersion());
                    ps.setString(5, s.symbol());
                    ps.setObject(6, OffsetDateTime.ofInstant(Instant.ofEpochMilli(s.timestampMillis()), ZoneOffset.UTC));
                    ps.setDouble(7, s.activePrediction());
                    ps.setDouble(8, s.shadowPrediction());
                    ps.addBatch();
                    if (++n % batch == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
            }
        }
        return (System.nanoTime() - t) / 1e9;
    }

    private static void runGetActive(ClmDatabase db) throws Exception {
        ModelRegistry registry = db.registry();
        InMemoryModelRegistry memory = new InMemoryModelRegistry(Clock.systemUTC());
        Instant now = Instant.now();
        for (int i = 0; i < 20; i++) {
            byte[] bytes = ("model " + i).getBytes();
            ModelArtifact m = new ModelArtifact(TYPE, "v" + i, ModelStatus.CANDIDATE, now.plusSeconds(i), new TimeRange(now, now), 1000,
                    Map.of("rmse", 0.01), Map.of("horizon", "12"), Map.of("seed", "42"), Map.of("trainer", "bench"), null,
                    Checksums.sha256Hex(bytes), bytes.length, "bench", null, null);
            registry.save(m, bytes);
            memory.save(m, bytes);
        }
        registry.promote(TYPE, "v7", "bench");
        memory.promote(TYPE, "v7", "bench");
        int n = 20_000;
        long[] clm = time(n, () -> registry.getActive(TYPE).orElseThrow());
        long[] select1 = time(n, () -> {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        long[] mem = time(n, () -> memory.getActive(TYPE).orElseThrow());
        System.out.printf("registry getActive (no cache, 1 query): p50 %.1f us, p95 %.1f us, p99 %.1f us%n", p(clm, 50), p(clm, 95),
                p(clm, 99));
        System.out.printf("reference: pooled SELECT 1 round trip p50 %.1f us (getActive / SELECT 1 = %.2fx); "
                + "in-memory registry p50 %.2f us%n", p(select1, 50), p(clm, 50) / p(select1, 50), p(mem, 50));
    }

    interface Call {
        Object run() throws Exception;
    }

    private static long[] time(int n, Call call) throws Exception {
        for (int i = 0; i < n / 4; i++) call.run(); // warm-up
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            out[i] = System.nanoTime() - t;
        }
        Arrays.sort(out);
        return out;
    }

    private static double p(long[] sortedNanos, int percentile) {
        int i = (int) Math.min(sortedNanos.length - 1, Math.round(percentile / 100.0 * (sortedNanos.length - 1)));
        return sortedNanos[i] / 1000.0;
    }
}
