package dev.clm.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clm.api.InvalidDataException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The bytes {@code TrainedModel.serialize()} returns for every clm model kind (XGBoost,
 * LightGBM, N-HiTS, PatchTST): a small self-describing envelope around the library's own model
 * bytes, so a load restores the feature names (which the libraries cannot store for arbitrary
 * names), the provenance and the kind's own properties (for the neural models: model type,
 * scales, hyper-parameters).
 *
 * <p>Layout (big-endian):
 * <pre>
 *   4 bytes  magic "CLMM"
 *   1 byte   envelope version (2)
 *   int      header length h, then h bytes of UTF-8 JSON (written and read with Jackson):
 *            {"format": "xgboost-ubj", "featureNames": [...], "provenance": {...}, "properties": {...}}
 *   int      native length k, then k bytes: the model exactly as the library saved it
 *            (XGBoost UBJ; LightGBM model string, UTF-8; DJL parameter stream)
 * </pre>
 * The native part can be cut out and loaded by any binding of its library. Never Java
 * serialization. {@link #parse} also reads the two formats of earlier versions (tree envelope
 * version 1, and the neural "CLMDJL01" format through {@code dev.clm.models.djl}). Immutable
 * value; the native array is owned, not copied.
 */
public record ModelEnvelope(String format, List<String> featureNames, Map<String, String> provenance,
                            Map<String, String> properties, byte[] nativeModel) {
    private static final byte[] MAGIC = {'C', 'L', 'M', 'M'};
    private static final int VERSION = 2;
    private static final int LEGACY_TREE_VERSION = 1;
    private static final int MAX_HEADER = 64 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelEnvelope {
        Objects.requireNonNull(format, "format");
        featureNames = List.copyOf(featureNames);
        provenance = Map.copyOf(provenance);
        properties = Map.copyOf(properties);
        Objects.requireNonNull(nativeModel, "nativeModel");
    }

    /** An envelope without kind-specific properties (the tree models). */
    public ModelEnvelope(String format, List<String> featureNames, Map<String, String> provenance, byte[] nativeModel) {
        this(format, featureNames, provenance, Map.of(), nativeModel);
    }

    /** The JSON header of the byte layout. */
    record Header(String format, List<String> featureNames, Map<String, String> provenance, Map<String, String> properties) {}

    /** The envelope as bytes (layout in the class comment); keys are written sorted, so equal envelopes give equal bytes. */
    public byte[] toBytes() {
        byte[] header;
        try {
            header = JSON.writeValueAsBytes(new Header(format, featureNames, new TreeMap<>(provenance), new TreeMap<>(properties)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing the envelope header cannot fail", e);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(nativeModel.length + header.length + 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(nativeModel.length);
            out.write(nativeModel);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** True if {@code bytes} start with this envelope's magic (any version). */
    public static boolean isEnvelope(byte[] bytes) {
        return bytes != null && bytes.length >= 5 && bytes[0] == MAGIC[0] && bytes[1] == MAGIC[1] && bytes[2] == MAGIC[2]
                && bytes[3] == MAGIC[3];
    }

    /**
     * Parses envelope bytes (this version or the tree envelope of version 1); throws
     * {@link InvalidDataException} (field "model") if they are not an envelope, are truncated,
     * or hold a different native format than {@code expectedFormat}.
     */
    public static ModelEnvelope parse(byte[] bytes, String expectedFormat) {
        Objects.requireNonNull(bytes, "bytes");
        if (!isEnvelope(bytes)) {
            throw bad("bytes do not start with the clm model envelope magic 'CLMM' (expected bytes from TrainedModel.serialize())");
        }
        ModelEnvelope e;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 4, bytes.length - 4))) {
            int version = in.readUnsignedByte();
            if (version == VERSION) e = readCurrent(in);
            else if (version == LEGACY_TREE_VERSION) e = readLegacyTree(in);
            else throw bad("envelope version " + version + ", expected " + VERSION + " (or " + LEGACY_TREE_VERSION + ")");
            if (in.available() != 0) throw bad(in.available() + " unexpected bytes after the native model");
        } catch (IOException x) {
            throw bad("truncated clm model envelope: " + x.getMessage());
        }
        if (!e.format.equals(expectedFormat)) throw bad("holds a '" + e.format + "' model, expected '" + expectedFormat + "'");
        return e;
    }

    private static ModelEnvelope readCurrent(DataInputStream in) throws IOException {
        int h = in.readInt();
        if (h <= 0 || h > MAX_HEADER || h > in.available()) throw bad("header length " + h + " but " + in.available() + " bytes remain");
        Header header;
        try {
            header = JSON.readValue(in.readNBytes(h), new TypeReference<Header>() {});
        } catch (JsonProcessingException x) {
            throw bad("envelope header is not the expected JSON: " + x.getOriginalMessage());
        }
        if (header.format() == null || header.featureNames() == null || header.featureNames().isEmpty()) {
            throw bad("envelope header lacks the format or the feature names");
        }
        return new ModelEnvelope(header.format(), header.featureNames(), orEmpty(header.provenance()), orEmpty(header.properties()),
                readNative(in));
    }

    /** The tree envelope of version 1: strings as modified UTF-8, provenance as (key, value) pairs. */
    private static ModelEnvelope readLegacyTree(DataInputStream in) throws IOException {
        String format = in.readUTF();
        int n = in.readInt();
        if (n <= 0 || n > 1_000_000) throw bad("feature count " + n + " out of range");
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) names.add(in.readUTF());
        int m = in.readInt();
        if (m < 0 || m > 100_000) throw bad("provenance count " + m + " out of range");
        Map<String, String> prov = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) prov.put(in.readUTF(), in.readUTF());
        return new ModelEnvelope(format, names, prov, Map.of(), readNative(in));
    }

    private static byte[] readNative(DataInputStream in) throws IOException {
        int k = in.readInt();
        if (k <= 0 || k > in.available()) throw bad("native model length " + k + " but " + in.available() + " bytes remain (truncated?)");
        return in.readNBytes(k);
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    private static InvalidDataException bad(String message) {
        return new InvalidDataException(null, -1, "model", message);
    }

    /** The kind-specific property {@code key}; throws {@link InvalidDataException} naming a missing one. */
    public String require(String key) {
        String v = properties.get(key);
        if (v == null) throw bad("model bytes lack the property '" + key + "'");
        return v;
    }

    /** The native part as UTF-8 text (LightGBM's model string). */
    public String nativeText() {
        return new String(nativeModel, StandardCharsets.UTF_8);
    }
}
