package dev.clm.bench;

import dev.clm.api.BarSeries;
import dev.clm.api.Checksums;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.data.CsvDataClient;
import dev.clm.ensemble.EnsembleModel;
import dev.clm.ensemble.EnsembleSpec;
import dev.clm.ensemble.EnsembleTrainer;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.train.RidgeTrainer;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-row prediction latency of a blend and a stack over realistic members, against the sum
 * of the members' own single-row latencies measured in the same run.
 *
 * <p>Members: XGBoost and LightGBM (the trainers' default parameters: up to 500 rounds with
 * early stopping) and ridge, trained on the first half of the last {@code bars} hourly candles
 * of {@code file} (../shared/data/binance_spot_1h) with {@link TechnicalFeatureEngineer}
 * features, and registered ACTIVE in an in-memory registry. The blend has fixed weights
 * 0.5 / 0.3 / 0.2; the stack a ridge meta-learner fitted on purged 5-fold out-of-fold
 * forecasts of the next 30% (its training time is printed). The members the ensembles hold
 * are loaded from the registry, as in production.
 *
 * <p>Latency: each call's time from {@link System#nanoTime()} around one {@code predict(row)},
 * the competitors (each member alone, the blend, the stack) in alternating blocks of 5,000
 * calls after 20,000 warm-up calls each, so machine load hits all alike. Also printed: bytes
 * allocated per call (thread allocation counter over all timed calls).
 *
 * <p>Arguments ({@code key=value}): {@code file=BTCUSDT_1h.csv bars=8000 calls=200000 threads=1
 * trees=default} ({@code trees=500}: the tree members get exactly 500 trees of depth 6, early
 * stopping off, for full-sized models; on these candles early stopping keeps only a few dozen).
 */
public final class EnsemblePredictionBenchmark {
    private static final ModelType[] MEMBERS = {ModelType.XGBOOST, ModelType.LIGHTGBM, RidgeTrainer.RIDGE};

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String s : args) for (String kv : s.split("\\s+")) if (kv.contains("=")) a.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        String file = a.getOrDefault("file", "BTCUSDT_1h.csv");
        int bars = Integer.parseInt(a.getOrDefault("bars", "8000"));
        int calls = Integer.parseInt(a.getOrDefault("calls", "200000"));
        String threads = a.getOrDefault("threads", "1");
        String trees = a.getOrDefault("trees", "default");
        System.out.printf("EnsemblePredictionBenchmark: file=%s bars=%d calls=%d threads=%s trees=%s, %d processors, java %s%n", file, bars,
                calls, threads, trees, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.printf("system load average at start: %.2f%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        BarSeries all = CsvDataClient.read(SharedData.file("binance_spot_1h/" + file), file.replace("_1h.csv", ""),
                CsvDataClient.InvalidRowPolicy.FAIL);
        Dataset d = new TechnicalFeatureEngineer().transform(MarketData.of(all.sliceRows(Math.max(0, all.size() - bars), all.size())));
        int n = d.rows(), h = 12;
        Dataset memberTrain = d.slice(0, n * 40 / 100), memberValidation = d.slice(n * 40 / 100 + h, n * 50 / 100);
        Dataset stackTrain = d.slice(n * 50 / 100 + h, n * 72 / 100), stackValidation = d.slice(n * 72 / 100 + h, n * 80 / 100);
        Dataset rows = d.slice(n * 80 / 100 + h, n);
        System.out.printf("%d rows x %d features; members train on %d rows, the stack on %d, latency rows %d%n", n, d.columns(),
                memberTrain.rows(), stackTrain.rows(), rows.rows());

        InMemoryModelRegistry registry = new InMemoryModelRegistry(Clock.systemUTC());
        try (CompositeModelTrainer members = CompositeModelTrainer.builder().register(new XGBoostTrainer()).register(new LightGBMTrainer())
                .register(new RidgeTrainer()).build()) {
            List<TrainedModel> alone = new ArrayList<>();
            for (ModelType t : MEMBERS) {
                Map<String, String> p = new HashMap<>(members.defaultParams(t));
                if (!t.equals(RidgeTrainer.RIDGE)) {
                    p.put("threads", threads);
                    if (!trees.equals("default")) {
                        p.put("num_rounds", trees);
                        p.put("early_stopping_rounds", "0");
                        p.put("max_depth", "6");
                    }
                }
                long t0 = System.nanoTime();
                try (TrainedModel m = members.train(t, memberTrain, memberValidation, p)) {
                    System.out.printf("member %-8s trained in %5.2f s %s%n", t, (System.nanoTime() - t0) / 1e9,
                            m.provenance().containsKey("trees") ? "(" + m.provenance().get("trees") + " trees)" : "");
                    byte[] b = m.serialize();
                    TimeRange range = TimeRange.ofEpochMillis(memberTrain.timestamps()[0],
                            memberValidation.labelEndTimestamps()[memberValidation.rows() - 1]);
                    registry.save(new ModelArtifact(t, "v1", ModelStatus.CANDIDATE, range.end(), range, memberTrain.rows(), Map.of(),
                            Map.of(), p, m.provenance(), null, Checksums.sha256Hex(b), b.length, m.format(), null, null), b);
                    registry.promote(t, "v1", "benchmark");
                }
                alone.add(members.load(t, registry.loadBytes(t, "v1")));
            }
            EnsembleTrainer ensembles = new EnsembleTrainer(registry, members,
                    EnsembleSpec.fixedBlend(List.of(MEMBERS), 0.5, 0.3, 0.2), EnsembleSpec.stack(List.of(MEMBERS)));
            TrainedModel blend = ensembles.train(ModelType.BLEND, stackTrain, stackValidation, Map.of());
            long t0 = System.nanoTime();
            TrainedModel stack = ensembles.train(ModelType.STACK, stackTrain, stackValidation, Map.of());
            System.out.printf("stack trained in %.2f s (5 folds x 3 member refits): %s%n", (System.nanoTime() - t0) / 1e9,
                    ((EnsembleModel) stack).combination());
            try {
                float[][] r = new float[rows.rows()][];
                for (int i = 0; i < r.length; i++) r[i] = rows.row(i, new float[rows.columns()]);
                double maxDiff = 0;
                for (float[] row : r) {
                    double hand = 0.5 * alone.get(0).predict(row) + 0.3 * alone.get(1).predict(row) + 0.2 * alone.get(2).predict(row);
                    maxDiff = Math.max(maxDiff, Math.abs(blend.predict(row) - hand));
                }
                System.out.printf("blend vs hand-computed 0.5/0.3/0.2 sum: max |diff| = %.3g%n", maxDiff);
                List<TrainedModel> competitors = new ArrayList<>(alone);
                competitors.add(blend);
                competitors.add(stack);
                String[] names = {"xgboost", "lightgbm", "ridge", "blend (3 members)", "stack (3 members, ridge meta)"};
                Timing[] t = alternate(calls, r, competitors);
                System.out.printf("single-row predict latency (%d calls each; load average now %.2f):%n", calls,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                for (int c = 0; c < names.length; c++) t[c].print(names[c]);
                double sumP50 = t[0].p(0.5) + t[1].p(0.5) + t[2].p(0.5);
                double sumP99 = t[0].p(0.99) + t[1].p(0.99) + t[2].p(0.99);
                double sumMean = t[0].mean() + t[1].mean() + t[2].mean();
                System.out.printf("  %-30s p50 %8.2f us  p99 %8.2f us  mean %8.2f us%n", "sum of the 3 members", sumP50 / 1e3, sumP99 / 1e3, sumMean / 1e3);
                for (int c = 3; c < 5; c++) {
                    System.out.printf("  %-30s p50 %.2fx, p99 %.2fx, mean %.2fx the members' sum%n", names[c], t[c].p(0.5) / sumP50,
                            t[c].p(0.99) / sumP99, t[c].mean() / sumMean);
                }
            } finally {
                blend.close();
                stack.close();
                alone.forEach(TrainedModel::close);
            }
        }
    }

    /** Per-call times (ns) and allocated bytes of one competitor. */
    record Timing(long[] nanos, long allocatedBytes) {
        double p(double q) {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return s[Math.min(s.length - 1, (int) (s.length * q))];
        }

        double mean() {
            double m = 0;
            for (long v : nanos) m += v;
            return m / nanos.length;
        }

        void print(String name) {
            System.out.printf("  %-30s p50 %8.2f us  p99 %8.2f us  mean %8.2f us  %6.1f bytes/call%n", name, p(0.5) / 1e3, p(0.99) / 1e3,
                    mean() / 1e3, allocatedBytes / (double) nanos.length);
        }
    }

    /** Times each model per call, in alternating blocks of 5,000 calls after a 20,000-call warm-up each. */
    private static Timing[] alternate(int calls, float[][] rows, List<TrainedModel> models) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        int block = 5_000;
        double sink = 0;
        for (TrainedModel m : models) for (int i = 0; i < 20_000; i++) sink += m.predict(rows[i % rows.length]);
        long[][] times = new long[models.size()][calls];
        long[] alloc = new long[models.size()];
        int[] filled = new int[models.size()];
        int cursor = 0;
        while (filled[0] < calls) {
            for (int c = 0; c < models.size(); c++) {
                TrainedModel m = models.get(c);
                long a0 = mx.getThreadAllocatedBytes(me);
                for (int i = 0; i < block && filled[c] < calls; i++) {
                    float[] row = rows[(cursor + i) % rows.length];
                    long t0 = System.nanoTime();
                    sink += m.predict(row);
                    times[c][filled[c]++] = System.nanoTime() - t0;
                }
                alloc[c] += mx.getThreadAllocatedBytes(me) - a0;
            }
            cursor += block;
        }
        if (sink == 42.4242) System.out.println("unlikely");
        Timing[] out = new Timing[models.size()];
        for (int c = 0; c < out.length; c++) out[c] = new Timing(times[c], alloc[c]);
        return out;
    }
}
