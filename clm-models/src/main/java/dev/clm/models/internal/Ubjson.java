package dev.clm.models.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Universal Binary JSON (ubjson.org), the subset XGBoost writes: objects with length-prefixed
 * keys, counted arrays (typed with {@code $} or not), integers {@code i U I l L}, floats
 * {@code d D}, strings, booleans and null. No Java library for UBJSON is among clm's
 * dependencies, and XGBoost's model is the only user, hence this small one.
 *
 * <p>The reader is for untrusted bytes: every length and count is checked against the bytes
 * left before anything is allocated, nesting is limited, and any violation is an
 * {@link IllegalArgumentException} naming the offset. Values: {@code Map<String,Object>} (in
 * order), {@code List<Object>}, {@code Long}, {@code Double}, {@code String}, {@code Boolean},
 * null; typed arrays become {@code float[]} ({@code $d}), {@code double[]} ({@code $D}),
 * {@code int[]} ({@code $l}), {@code long[]} ({@code $L}), {@code byte[]} ({@code $U $i}).
 * The writer writes the same shapes back, the way XGBoost does. Stateless; thread-safe.
 */
public final class Ubjson {
    private static final int MAX_DEPTH = 32;

    private Ubjson() {}

    /** Parses one value that must span all of {@code bytes}. */
    public static Object parse(byte[] bytes) {
        Reader r = new Reader(bytes);
        Object v = r.value(r.marker(), 0);
        if (r.buf.hasRemaining()) throw r.error(r.buf.remaining() + " bytes after the end of the document");
        return v;
    }

    private static final class Reader {
        final ByteBuffer buf;

        Reader(byte[] bytes) {
            this.buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("UBJSON at byte " + buf.position() + ": " + what);
        }

        char marker() {
            need(1);
            return (char) (buf.get() & 0xff);
        }

        void need(long n) {
            if (n < 0 || n > buf.remaining()) throw error("needs " + n + " bytes, " + buf.remaining() + " left (truncated?)");
        }

        long integer(char m) {
            switch (m) {
                case 'i': need(1); return buf.get();
                case 'U': need(1); return buf.get() & 0xff;
                case 'I': need(2); return buf.getShort();
                case 'l': need(4); return buf.getInt();
                case 'L': need(8); return buf.getLong();
                default: throw error("expected an integer marker, found '" + printable(m) + "'");
            }
        }

        /** A length or count: a non-negative integer that fits in the bytes left at {@code bytesEach} per item. */
        int count(int bytesEach) {
            long n = integer(marker());
            if (n < 0 || n > buf.remaining() / bytesEach) throw error("length " + n + " exceeds the " + buf.remaining() + " bytes left (truncated?)");
            return (int) n;
        }

        String string() {
            int n = count(1);
            byte[] b = new byte[n];
            buf.get(b);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw error("string is not valid UTF-8");
            }
        }

        Object value(char m, int depth) {
            if (depth > MAX_DEPTH) throw error("nested deeper than " + MAX_DEPTH);
            switch (m) {
                case 'i': case 'U': case 'I': case 'l': case 'L': return integer(m);
                case 'd': need(4); return (double) buf.getFloat();
                case 'D': need(8); return buf.getDouble();
                case 'S': return string();
                case 'T': return Boolean.TRUE;
                case 'F': return Boolean.FALSE;
                case 'Z': return null;
                case '{': return object(depth);
                case '[': return array(depth);
                default: throw error("unknown marker '" + printable(m) + "'");
            }
        }

        Map<String, Object> object(int depth) {
            Map<String, Object> out = new LinkedHashMap<>();
            while (true) {
                char m = marker();
                if (m == '}') return out;
                buf.position(buf.position() - 1);
                String key = string();
                if (out.containsKey(key)) throw error("duplicate key '" + key + "'");
                out.put(key, value(marker(), depth + 1));
            }
        }

        Object array(int depth) {
            char m = marker();
            char type = 0;
            if (m == '$') {
                type = marker();
                m = marker();
                if (m != '#') throw error("a typed array must be counted");
            }
            if (m != '#') {
                // uncounted array: values until ']'
                List<Object> out = new ArrayList<>();
                while (m != ']') {
                    out.add(value(m, depth + 1));
                    m = marker();
                }
                return out;
            }
            switch (type) {
                case 'd': {
                    float[] a = new float[count(4)];
                    for (int i = 0; i < a.length; i++) a[i] = buf.getFloat();
                    return a;
                }
                case 'D': {
                    double[] a = new double[count(8)];
                    for (int i = 0; i < a.length; i++) a[i] = buf.getDouble();
                    return a;
                }
                case 'l': {
                    int[] a = new int[count(4)];
                    for (int i = 0; i < a.length; i++) a[i] = buf.getInt();
                    return a;
                }
                case 'L': {
                    long[] a = new long[count(8)];
                    for (int i = 0; i < a.length; i++) a[i] = buf.getLong();
                    return a;
                }
                case 'U': case 'i': {
                    byte[] a = new byte[count(1)];
                    buf.get(a);
                    return a;
                }
                case 0: {
                    int n = count(1);
                    List<Object> out = new ArrayList<>(Math.min(n, 1 << 16));
                    for (int i = 0; i < n; i++) out.add(value(marker(), depth + 1));
                    return out;
                }
                default: throw error("unsupported typed array of '" + printable(type) + "'");
            }
        }

        private static String printable(char c) {
            return c >= 32 && c < 127 ? String.valueOf(c) : String.format("0x%02x", (int) c);
        }
    }

    /** Writes values of the shapes {@link #parse} returns; integers take the smallest marker, as XGBoost's writer does. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);

        public byte[] toBytes() {
            return out.toByteArray();
        }

        public Writer beginObject() {
            out.write('{');
            return this;
        }

        public Writer endObject() {
            out.write('}');
            return this;
        }

        public Writer key(String k) {
            byte[] b = k.getBytes(StandardCharsets.UTF_8);
            lengthPrefix(b.length);
            out.writeBytes(b);
            return this;
        }

        public Writer string(String s) {
            out.write('S');
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            lengthPrefix(b.length);
            out.writeBytes(b);
            return this;
        }

        public Writer integer(long v) {
            if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                out.write('i');
                out.write((int) v);
            } else if (v >= 0 && v <= 255) {
                out.write('U');
                out.write((int) v);
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                out.write('I');
                bytes(scratch.clear().putShort((short) v), 2);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.write('l');
                bytes(scratch.clear().putInt((int) v), 4);
            } else {
                out.write('L');
                bytes(scratch.clear().putLong(v), 8);
            }
            return this;
        }

        /** An untyped counted array of integers (XGBoost's iteration_indptr, tree_info, version). */
        public Writer integers(long[] values) {
            out.write('[');
            out.write('#');
            lengthPrefix(values.length);
            for (long v : values) integer(v);
            return this;
        }

        /** An empty untyped counted array. */
        public Writer emptyArray() {
            out.write('[');
            out.write('#');
            lengthPrefix(0);
            return this;
        }

        /** Opens an untyped counted array of {@code n} values; the caller writes them. */
        public Writer beginArray(int n) {
            out.write('[');
            out.write('#');
            lengthPrefix(n);
            return this;
        }

        public Writer floats(float[] a) {
            typedHeader('d', a.length);
            for (float v : a) bytes(scratch.clear().putFloat(v), 4);
            return this;
        }

        public Writer ints(int[] a) {
            typedHeader('l', a.length);
            for (int v : a) bytes(scratch.clear().putInt(v), 4);
            return this;
        }

        public Writer longs(long[] a) {
            typedHeader('L', a.length);
            for (long v : a) bytes(scratch.clear().putLong(v), 8);
            return this;
        }

        public Writer unsignedBytes(byte[] a) {
            typedHeader('U', a.length);
            out.writeBytes(a);
            return this;
        }

        private void typedHeader(char type, int n) {
            out.write('[');
            out.write('$');
            out.write(type);
            out.write('#');
            lengthPrefix(n);
        }

        private void lengthPrefix(long n) {
            out.write('L');
            bytes(scratch.clear().putLong(n), 8);
        }

        private void bytes(ByteBuffer b, int n) {
            out.write(b.array(), 0, n);
        }
    }
}
