package dev.clm.models.djl;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The self-describing byte format of a clm neural model: a text header of key/value pairs
 * (format, model type, hyper-parameters, feature names, scales, provenance) followed by the
 * network weights in DJL's own parameter format ({@code Block.saveParameters}).
 *
 * <pre>
 *   8 bytes   magic "CLMDJL01"
 *   int32     header length in bytes (big-endian)
 *   bytes     header, UTF-8, one "key=value" per line ('\', LF and CR escaped as \\, \n, \r)
 *   int32     weights length in bytes
 *   bytes     DJL parameter stream of the network block
 * </pre>
 *
 * No Java serialization anywhere; readable with a hex viewer and any language. Immutable.
 */
public record ModelEnvelope(Map<String, String> header, byte[] weights) {
    static final byte[] MAGIC = "CLMDJL01".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SECTION = 1 << 30;

    public ModelEnvelope {
        header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        if (weights == null) throw new IllegalArgumentException("weights are null");
    }

    /** The header value for {@code key}; throws {@link IllegalArgumentException} naming a missing key. */
    public String require(String key) {
        String v = header.get(key);
        if (v == null) throw new IllegalArgumentException("model bytes lack header entry '" + key + "'");
        return v;
    }

    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : header.entrySet()) {
            if (e.getKey().indexOf('=') >= 0 || e.getKey().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header key '" + e.getKey() + "' contains '=' or a line break");
            }
            sb.append(e.getKey()).append('=').append(escape(e.getValue())).append('\n');
        }
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bos = new ByteArrayOutputStream(head.length + weights.length + 16);
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.write(MAGIC);
            out.writeInt(head.length);
            out.write(head);
            out.writeInt(weights.length);
            out.write(weights);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    /**
     * Parses bytes written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException saying what is wrong (magic, lengths, header line)
     */
    public static ModelEnvelope fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length < MAGIC.length + 8) {
            throw new IllegalArgumentException("model bytes are too short (" + (bytes == null ? "null" : bytes.length + " bytes")
                    + ") to be a clm neural model");
        }
        if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IllegalArgumentException("model bytes do not start with the magic 'CLMDJL01'; not a clm neural model");
        }
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            in.skipNBytes(MAGIC.length);
            byte[] head = readSection(in, "header");
            byte[] weights = readSection(in, "weights");
            if (in.available() > 0) throw new IllegalArgumentException(in.available() + " trailing bytes after the weights");
            return new ModelEnvelope(parseHeader(new String(head, StandardCharsets.UTF_8)), weights);
        } catch (IOException e) {
            throw new IllegalArgumentException("model bytes are truncated: " + e.getMessage(), e);
        }
    }

    private static byte[] readSection(DataInputStream in, String name) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_SECTION || len > in.available()) {
            throw new IllegalArgumentException("model bytes declare a " + name + " of " + len + " bytes but "
                    + in.available() + " remain");
        }
        return in.readNBytes(len);
    }

    private static Map<String, String> parseHeader(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isEmpty()) continue;
            int eq = line.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("model header line " + lineNo + " is not key=value: '" + line + "'");
            map.put(line.substring(0, eq), unescape(line.substring(eq + 1)));
        }
        return map;
    }

    private static String escape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String unescape(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\\' && i + 1 < v.length()) {
                char n = v.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
