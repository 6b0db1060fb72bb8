package dev.clm.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.copy.CopyIn;

class BinaryCopyWriterTest {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final CopyIn copyIn = (CopyIn) Proxy.newProxyInstance(CopyIn.class.getClassLoader(), new Class<?>[] {CopyIn.class},
            (proxy, method, args) -> {
                if (method.getName().equals("writeToCopy") && args.length == 3) {
                    written.write((byte[]) args[0], (int) args[1], (int) args[2]);
                }
                return null;
            });

    private long writtenMicros(long epochMillis) throws SQLException {
        written.reset();
        BinaryCopyWriter w = new BinaryCopyWriter(copyIn, 1024);
        w.timestamptzMillis(epochMillis);
        w.trailer();
        ByteBuffer b = ByteBuffer.wrap(written.toByteArray());
        assertThat(b.getInt()).as("field length").isEqualTo(8);
        return b.getLong();
    }

    @Test
    void timestampsAreMicrosecondsSince2000() throws SQLException {
        assertThat(writtenMicros(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli())).isZero();
        assertThat(writtenMicros(Instant.parse("2026-06-01T12:00:00.123Z").toEpochMilli()))
                .isEqualTo((Instant.parse("2026-06-01T12:00:00.123Z").toEpochMilli() - 946_684_800_000L) * 1000L);
        assertThat(writtenMicros(0)).isEqualTo(-946_684_800_000_000L);
    }

    @Test
    void aTimestampWhoseMicrosecondsOverflowIsRefusedNotWrapped() {
        long epochNanos = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli() * 1_000_000L;
        assertThatThrownBy(() -> writtenMicros(epochNanos)).isInstanceOf(SQLException.class).hasMessageContaining("out of range")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("22008"));
        assertThatThrownBy(() -> writtenMicros(Long.MIN_VALUE)).isInstanceOf(SQLException.class);
    }
}
