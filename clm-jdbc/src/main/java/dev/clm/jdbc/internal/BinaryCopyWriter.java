package dev.clm.jdbc.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Writes rows in PostgreSQL's binary COPY format to a {@link CopyIn}, in chunks. Field
 * layouts (big-endian): int8 8 bytes; float8 IEEE 754 8 bytes; timestamptz microseconds since
 * 2000-01-01T00:00:00Z as int8; text as UTF-8 bytes; NULL as length -1. Not thread-safe; one
 * per COPY.
 */
public final class BinaryCopyWriter {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z in epoch milliseconds: PostgreSQL's timestamp epoch. */
    private static final long PG_EPOCH_MILLIS = 946_684_800_000L;

    private final CopyIn out;
    private final ByteBuffer buf;
    /** Distinct texts remembered per field position (rows of a batch repeat type, version and symbol names). */
    private static final int TEXTS_PER_FIELD = 8;
    /** Per field position, the last texts written and their UTF-8 bytes, replaced round-robin. */
    private final String[][] lastText = new String[32][TEXTS_PER_FIELD];
    private final byte[][][] lastBytes = new byte[32][TEXTS_PER_FIELD][];
    private final int[] nextReplaced = new int[32];
    private int field;

    public BinaryCopyWriter(CopyIn out, int chunkBytes) {
        this.out = out;
        this.buf = ByteBuffer.allocate(chunkBytes);
    }

    public void header() throws SQLException {
        ensure(SIGNATURE.length + 8);
        buf.put(SIGNATURE).putInt(0).putInt(0);
    }

    public void startRow(int fields) throws SQLException {
        if (fields > lastText.length) throw new IllegalArgumentException("at most " + lastText.length + " fields per row");
        ensure(2);
        buf.putShort((short) fields);
        field = 0;
    }

    public void int8(long v) throws SQLException {
        field++;
        ensure(12);
        buf.putInt(8).putLong(v);
    }

    public void float8(double v) throws SQLException {
        field++;
        ensure(12);
        buf.putInt(8).putDouble(v);
    }

    /** NaN is written as NULL. */
    public void float8OrNull(double v) throws SQLException {
        if (Double.isNaN(v)) nul();
        else float8(v);
    }

    /**
     * A timestamp given in epoch milliseconds. A value whose microseconds since 2000 do not fit
     * in an int8 (beyond about ±292,000 years, e.g. epoch nanoseconds given as milliseconds) is
     * refused with SQLState 22008 (datetime field overflow) instead of wrapping around silently.
     */
    public void timestamptzMillis(long epochMillis) throws SQLException {
        long micros;
        try {
            micros = Math.multiplyExact(Math.subtractExact(epochMillis, PG_EPOCH_MILLIS), 1000L);
        } catch (ArithmeticException e) {
            throw new SQLException("timestamp of " + epochMillis + " epoch milliseconds is out of range for timestamptz", "22008", e);
        }
        field++;
        ensure(12);
        buf.putInt(8).putLong(micros);
    }

    /** A text field, or NULL for null. */
    public void text(String s) throws SQLException {
        if (s == null) {
            nul();
            return;
        }
        int f = field++;
        byte[] b = cachedBytes(f, s);
        if (b.length + 4 > buf.capacity()) throw new SQLException("text field of " + b.length + " bytes exceeds the COPY chunk", "22001");
        ensure(4 + b.length);
        buf.putInt(b.length).put(b);
    }

    private byte[] cachedBytes(int f, String s) {
        String[] texts = lastText[f];
        for (int i = 0; i < TEXTS_PER_FIELD; i++) {
            String t = texts[i];
            if (t == null) break;
            if (t == s || t.equals(s)) return lastBytes[f][i];
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int i = nextReplaced[f];
        nextReplaced[f] = (i + 1) % TEXTS_PER_FIELD;
        texts[i] = s;
        lastBytes[f][i] = b;
        return b;
    }

    public void nul() throws SQLException {
        field++;
        ensure(4);
        buf.putInt(-1);
    }

    /** Writes the end-of-data marker and flushes; the caller then ends the COPY. */
    public void trailer() throws SQLException {
        ensure(2);
        buf.putShort((short) -1);
        flush();
    }

    private void ensure(int bytes) throws SQLException {
        if (buf.remaining() < bytes) flush();
    }

    private void flush() throws SQLException {
        if (buf.position() > 0) {
            out.writeToCopy(buf.array(), 0, buf.position());
            buf.clear();
        }
    }
}
