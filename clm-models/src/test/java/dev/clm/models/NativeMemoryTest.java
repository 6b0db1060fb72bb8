package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.TrainedModel;
import dev.clm.models.internal.NativeHandles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Repeated train / warm start / serialize / load / predict / close cycles, each on a new thread,
 * free every native handle. Two checks: the live-handle counters (every booster, DMatrix and LightGBM dataset
 * opened is freed: exact), and the trend of resident memory outside the Java heap over the
 * cycles (least-squares slope below 1 MB per cycle). Single readings move by +-10 MB with
 * allocator fragmentation, hence a slope, and JIT code cache / metaspace growth is subtracted;
 * leaking one cycle's train matrix (20k x 20 floats = 1.6 MB) plus its booster and dataset
 * would cost well over 1 MB per cycle for either library.
 */
class NativeMemoryTest {
    static final int WARMUP = 5, CYCLES = 30;
    static final double MAX_SLOPE_MB_PER_CYCLE = 1.0;

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("train/close cycles free every native handle and native memory does not trend up")
    void cyclesDoNotLeak(TreeKind kind) throws IOException, InterruptedException {
        Dataset all = SyntheticMarket.wide(24_000, 20, 9, 1_700_000_000_000L);
        Dataset train = all.slice(0, 20_000), validation = all.slice(20_000, 22_000), tail = all.slice(22_000, 24_000);
        ModelTrainer trainer = kind.trainer();
        Map<String, String> params = Map.of("num_rounds", "10", "max_depth", "6", "learning_rate", "0.1", "incremental_rounds", "5",
                "threads", "1");
        String[] kinds = {"xgboost.booster", "xgboost.dmatrix", "lightgbm.booster", "lightgbm.dataset"};
        long[] before = new long[kinds.length];
        for (int k = 0; k < kinds.length; k++) before[k] = NativeHandles.live(kinds[k]);
        double[] mb = new double[CYCLES];
        for (int i = 0; i < WARMUP + CYCLES; i++) {
            // each cycle on a new thread, as a scheduler's or an executor's may be: the libraries keep per-thread state
            int[] predicted = new int[1];
            Thread cycle = new Thread(() -> {
                try (TrainedModel m = trainer.train(kind.type, train, validation, params);
                     TrainedModel next = trainer.trainIncremental(kind.type, m, validation, tail, params);
                     TrainedModel loaded = trainer.load(kind.type, next.serialize())) {
                    predicted[0] = loaded.predict(validation).length;
                }
            });
            cycle.start();
            cycle.join();
            assertThat(predicted[0]).isEqualTo(validation.rows());
            if (i >= WARMUP) mb[i - WARMUP] = nativeResidentBytes() / 1048576.0;
        }
        for (int k = 0; k < kinds.length; k++) {
            assertThat(NativeHandles.live(kinds[k])).as("live %s handles", kinds[k]).isEqualTo(before[k]);
        }
        double slope = slope(mb);
        System.out.printf("%s: native resident memory %.1f -> %.1f MB over %d cycles, slope %.3f MB/cycle%n", kind, mb[0],
                mb[CYCLES - 1], CYCLES, slope);
        assertThat(slope).as("MB per cycle").isLessThan(MAX_SLOPE_MB_PER_CYCLE);
    }

    static double slope(double[] y) {
        int n = y.length;
        double mx = (n - 1) / 2.0, my = 0;
        for (double v : y) my += v / n;
        double num = 0, den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - mx) * (y[i] - my);
            den += (i - mx) * (i - mx);
        }
        return num / den;
    }

    /**
     * Resident memory outside the JVM's own areas: RSS after a full GC minus the committed heap
     * and the committed non-heap (code cache, metaspace), so heap expansion from garbage and
     * JIT warm-up do not count, native leaks do.
     */
    static long nativeResidentBytes() throws IOException {
        System.gc();
        var mem = ManagementFactory.getMemoryMXBean();
        return residentBytes() - mem.getHeapMemoryUsage().getCommitted() - mem.getNonHeapMemoryUsage().getCommitted();
    }

    /** Resident set size from /proc (Linux); native allocations are invisible to the Java heap. */
    static long residentBytes() throws IOException {
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096L;
    }
}
