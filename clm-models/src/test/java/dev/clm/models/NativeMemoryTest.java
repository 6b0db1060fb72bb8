package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.TrainedModel;
import dev.clm.models.internal.NativeHandles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Repeated train / warm start / serialize / load / close cycles free every native handle: the
 * live-handle counters return to where they started, and the process's resident memory does
 * not grow with the number of cycles (a leak of the ~2 MB per cycle in boosters and matrices
 * would add well over the bound).
 */
class NativeMemoryTest {
    static final int WARMUP = 3, CYCLES = 20;
    static final long MAX_GROWTH_BYTES = 48L << 20;

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("train/close cycles free every native handle and do not grow resident memory")
    void cyclesDoNotLeak(TreeKind kind) throws IOException {
        Dataset all = SyntheticMarket.wide(12_000, 20, 9, 1_700_000_000_000L);
        Dataset train = all.slice(0, 8_000), validation = all.slice(8_000, 10_000), tail = all.slice(10_000, 12_000);
        ModelTrainer trainer = kind.trainer();
        Map<String, String> params = Map.of("num_rounds", "20", "max_depth", "6", "learning_rate", "0.1", "incremental_rounds", "5",
                "threads", "1");
        String[] kinds = {"xgboost.booster", "xgboost.dmatrix", "lightgbm.booster", "lightgbm.dataset"};
        long[] before = new long[kinds.length];
        for (int k = 0; k < kinds.length; k++) before[k] = NativeHandles.live(kinds[k]);
        long rssAfterWarmup = 0;
        for (int i = 0; i < WARMUP + CYCLES; i++) {
            if (i == WARMUP) rssAfterWarmup = residentBytes();
            try (TrainedModel m = trainer.train(kind.type, train, validation, params);
                 TrainedModel next = trainer.trainIncremental(kind.type, m, validation, tail, params);
                 TrainedModel loaded = trainer.load(kind.type, next.serialize())) {
                assertThat(loaded.predict(validation)).hasSize(validation.rows());
            }
        }
        long growth = residentBytes() - rssAfterWarmup;
        for (int k = 0; k < kinds.length; k++) {
            assertThat(NativeHandles.live(kinds[k])).as("live %s handles", kinds[k]).isEqualTo(before[k]);
        }
        System.out.printf("%s: resident memory growth over %d cycles: %.1f MB%n", kind, CYCLES, growth / 1048576.0);
        assertThat(growth).as("resident memory growth over %d cycles", CYCLES).isLessThan(MAX_GROWTH_BYTES);
    }

    /** Resident set size from /proc (Linux); native allocations are invisible to the Java heap. */
    static long residentBytes() throws IOException {
        String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
        return Long.parseLong(statm[1]) * 4096L;
    }
}
