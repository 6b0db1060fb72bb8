package dev.clm.models;

import dev.clm.api.InvalidDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bytes {@code TrainedModel.serialize()} returns for clm's tree models: a small
 * self-describing envelope around the library's own model bytes, so a load restores the
 * feature names (which neither library can store for arbitrary names) and the provenance.
 *
 * <p>Layout (big-endian, strings as {@link DataOutputStream#writeUTF modified UTF-8}):
 * <pre>
 *   4 bytes  magic "CLMM"
 *   1 byte   envelope version (1)
 *   UTF      native format name, e.g. "xgboost-ubj" or "lightgbm-text"
 *   int      feature count n, then n x UTF feature name (column order of a row)
 *   int      provenance entry count m, then m x (UTF key, UTF value)
 *   int      native length k, then k bytes: the model exactly as the library saved it
 *            (XGBoost UBJ from Booster.toByteArray("ubj"); LightGBM model string, UTF-8)
 * </pre>
 * The native part can be cut out and loaded by any XGBoost/LightGBM binding. Never Java
 * serialization. Immutable value; the native array is owned, not copied.
 */
public record ModelEnvelope(String format, List<String> featureNames, Map<String, String> provenance, byte[] nativeModel) {
    private static final byte[] MAGIC = {'C', 'L', 'M', 'M'};
    private static final int VERSION = 1;

    public ModelEnvelope {
        Objects.requireNonNull(format, "format");
        featureNames = List.copyOf(featureNames);
        provenance = Map.copyOf(provenance);
        Objects.requireNonNull(nativeModel, "nativeModel");
    }

    /** The envelope as bytes (layout in the class comment). */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(nativeModel.length + 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeUTF(format);
            out.writeInt(featureNames.size());
            for (String f : featureNames) out.writeUTF(f);
            Map<String, String> sorted = new java.util.TreeMap<>(provenance);
            out.writeInt(sorted.size());
            for (Map.Entry<String, String> e : sorted.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(nativeModel.length);
            out.write(nativeModel);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Parses envelope bytes; throws {@link InvalidDataException} (field "model") if they are not
     * an envelope or hold a different native format than {@code expectedFormat}.
     */
    public static ModelEnvelope parse(byte[] bytes, String expectedFormat) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < 5 || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2] || bytes[3] != MAGIC[3]) {
            throw new InvalidDataException(null, -1, "model", "bytes do not start with the clm model envelope magic 'CLMM'"
                    + " (expected bytes from TrainedModel.serialize())");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 4, bytes.length - 4))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new InvalidDataException(null, -1, "model", "envelope version " + version + ", expected " + VERSION);
            }
            String format = in.readUTF();
            if (!format.equals(expectedFormat)) {
                throw new InvalidDataException(null, -1, "model", "holds a '" + format + "' model, expected '" + expectedFormat + "'");
            }
            int n = in.readInt();
            if (n <= 0 || n > 1_000_000) throw new InvalidDataException(null, -1, "model", "feature count " + n + " out of range");
            String[] names = new String[n];
            for (int i = 0; i < n; i++) names[i] = in.readUTF();
            int m = in.readInt();
            if (m < 0 || m > 100_000) throw new InvalidDataException(null, -1, "model", "provenance count " + m + " out of range");
            Map<String, String> prov = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) prov.put(in.readUTF(), in.readUTF());
            int k = in.readInt();
            if (k <= 0 || k > in.available()) {
                throw new InvalidDataException(null, -1, "model", "native model length " + k + " but " + in.available() + " bytes remain (truncated?)");
            }
            byte[] nat = in.readNBytes(k);
            if (in.available() != 0) {
                throw new InvalidDataException(null, -1, "model", in.available() + " unexpected bytes after the native model");
            }
            return new ModelEnvelope(format, List.of(names), prov, nat);
        } catch (IOException e) {
            throw new InvalidDataException(null, -1, "model", "truncated clm model envelope: " + e.getMessage());
        }
    }

    /** The native part as UTF-8 text (LightGBM's model string). */
    public String nativeText() {
        return new String(nativeModel, StandardCharsets.UTF_8);
    }
}
