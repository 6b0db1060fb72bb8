package dev.clm.models.djl;

import dev.clm.models.ModelEnvelope;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the neural model format of earlier clm versions, so their artifacts stay loadable;
 * nothing writes it any more (models are written as a {@link ModelEnvelope}).
 *
 * <pre>
 *   8 bytes   magic "CLMDJL01"
 *   int32     header length in bytes (big-endian)
 *   bytes     header, UTF-8, one "key=value" per line ('\', LF and CR escaped as \\, \n, \r):
 *             format, model_type, input_scale, label_scale, param.*, feature_count, feature.i, provenance.*
 *   int32     weights length in bytes
 *   bytes     DJL parameter stream of the network block
 * </pre>
 */
final class LegacyNeuralEnvelope {
    static final byte[] MAGIC = "CLMDJL01".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_SECTION = 1 << 30;

    private LegacyNeuralEnvelope() {}

    static boolean matches(byte[] bytes) {
        return bytes != null && bytes.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC);
    }

    /**
     * The bytes as an envelope of today: format and feature names and provenance in their
     * fields, everything else (model type, scales, parameters) as properties.
     *
     * @throws IllegalArgumentException saying what is wrong (lengths, header line, missing entry)
     */
    static ModelEnvelope read(byte[] bytes) {
        if (bytes.length < MAGIC.length + 8) throw new IllegalArgumentException("model bytes are too short to be a clm neural model");
        Map<String, String> header;
        byte[] weights;
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            in.skipNBytes(MAGIC.length);
            byte[] head = readSection(in, "header");
            weights = readSection(in, "weights");
            if (in.available() > 0) throw new IllegalArgumentException(in.available() + " trailing bytes after the weights");
            header = parseHeader(new String(head, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("model bytes are truncated: " + e.getMessage(), e);
        }
        String format = require(header, DjlSequenceModel.EnvelopeKeys.FORMAT);
        int count = Integer.parseInt(require(header, "feature_count"));
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) names.add(require(header, "feature." + i));
        Map<String, String> provenance = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        header.forEach((k, v) -> {
            if (k.startsWith("provenance.")) provenance.put(k.substring("provenance.".length()), v);
            else if (!k.equals(DjlSequenceModel.EnvelopeKeys.FORMAT) && !k.equals("feature_count") && !k.startsWith("feature.")) {
                properties.put(k, v);
            }
        });
        return new ModelEnvelope(format, names, provenance, properties, weights);
    }

    private static String require(Map<String, String> header, String key) {
        String v = header.get(key);
        if (v == null) throw new IllegalArgumentException("model bytes lack header entry '" + key + "'");
        return v;
    }

    private static byte[] readSection(DataInputStream in, String name) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_SECTION || len > in.available()) {
            throw new IllegalArgumentException("model bytes declare a " + name + " of " + len + " bytes but " + in.available() + " remain");
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
