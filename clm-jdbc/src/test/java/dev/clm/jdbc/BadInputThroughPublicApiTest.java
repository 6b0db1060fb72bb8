package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.BarSeries;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelType;
import dev.clm.api.contract.MutableClock;
import dev.clm.data.CsvDataClient;
import dev.clm.events.InProcessEventBus;
import dev.clm.shadow.LiveShadowRecorder;
import dev.clm.shadow.ShadowRecorderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input through the plain public API, end to end: a poison shadow sample, a byte that is not
 * UTF-8, a blank-symbol file, a subnormal price, a NUL in a version.
 */
class BadInputThroughPublicApiTest {
    @Test
    void aPoisonSampleDoesNotStopStorage() throws Exception {
        MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
        try (TestDb t = TestDb.h2Memory()) {
            ClmDatabase db = t.open(clock);
            LiveShadowRecorder r = new LiveShadowRecorder(db.shadowResults(), new InProcessEventBus(clock), clock,
                    ShadowRecorderConfig.defaults().withBatchSize(100).withFirstSampleId(1), v -> ModelType.XGBOOST);
            int good = 0;
            for (int i = 0; i < 1_000; i++) {
                if (i == 500) {
                    try {
                        r.recordPrediction("s1", "a1", "X".repeat(65), 1_780_000_000_000L + i, 0, 0);
                    } catch (RuntimeException refusedUpFront) {
                        // the fixed recorder refuses it on the caller's thread
                    }
                }
                r.recordPrediction("s1", "a1", "BTC", 1_780_000_000_000L + i, 0, 0);
                good++;
            }
            r.flush();
            r.flush();
            assertThat(db.shadowResults().count(ModelType.XGBOOST, "s1")).isEqualTo(good);
            r.close();
        }
    }

    @Test
    void aNonUtf8ByteIsATypedErrorAndSkippable(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("B.csv");
        byte[] head = "open_time,open,high,low,close,volume\n1000,10,11,9,10.5,5\n2000,10,11,9,1".getBytes();
        byte[] tail = "0.5,5\n3000,10,11,9,10.5,5\n".getBytes();
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xFF;
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        Files.write(f, all);
        assertThatThrownBy(() -> CsvDataClient.read(f, "B", CsvDataClient.InvalidRowPolicy.FAIL)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 3");
        assertThat(CsvDataClient.read(f, "B", CsvDataClient.InvalidRowPolicy.SKIP).size()).isEqualTo(2);
    }

    @Test
    void aBlankSymbolFileIsRefusedAtBuild(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(" .csv"), "open_time,open,high,low,close,volume\n1000,10,11,9,10.5,5\n");
        assertThatThrownBy(() -> CsvDataClient.builder().directory(dir).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(" .csv");
    }

    @Test
    void aSubnormalCloseIsRefused() {
        assertThatThrownBy(() -> new BarSeries("S", new long[] {1, 2}, new double[] {1, Double.MIN_VALUE}, new double[] {1, Double.MIN_VALUE},
                new double[] {1, Double.MIN_VALUE}, new double[] {1, Double.MIN_VALUE}, new double[] {1, 1}))
                .isInstanceOf(InvalidDataException.class);
    }

    @Test
    void aNulVersionIsATypedErrorNotAStorageError() throws Exception {
        MutableClock clock = MutableClock.at("2026-06-01T12:00:00Z");
        try (TestDb t = TestDb.h2Memory()) { // on PostgreSQL this was a storage error: "invalid byte sequence ... 0x00"
            ClmDatabase db = t.open(clock);
            assertThatThrownBy(() -> db.registry().find(ModelType.XGBOOST, "v\u0000")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("version");
        }
    }
}
