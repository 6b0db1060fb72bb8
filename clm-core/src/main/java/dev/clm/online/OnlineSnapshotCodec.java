package dev.clm.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads an {@link OnlineLearner}'s snapshot document:
 * <pre>{@code
 * {"format": "clm-online-json", "format_version": 1,
 *  "features": ["f0", "f1", ...],
 *  "config": {"objective": "regression", "forgetting": "window", "decay": "0.95", "window_rows": "1000",
 *             "learning_rate": "inverse_scaling", "eta0": "1.0", "power": "1.0", "l2": "1.0E-4"},
 *  "state": {"updates": 5000, "intercept": 0.0012, "coefficients": [...],          // one per feature
 *            "stat_weight": 1000.0, "mean": [...], "m2": [...],                     // features, then |label|
 *            "window": {"size": 1000, "head": 0,                                    // WINDOW mode only
 *                       "rows_f32le": "<base64>", "abs_labels_f64le": "<base64>", "weights_f64le": "<base64>"}}}
 * }</pre>
 * Doubles are written in their shortest exact decimal form and the window's raw rows as
 * base64 of little-endian IEEE floats/doubles, so a round trip restores every bit. Stateless.
 */
final class OnlineSnapshotCodec {
    static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnlineSnapshotCodec() {}

    static byte[] write(OnlineLearner.State s) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", OnlineLearner.FORMAT);
        root.put("format_version", FORMAT_VERSION);
        ArrayNode names = root.putArray("features");
        s.featureNames().forEach(names::add);
        ObjectNode config = root.putObject("config");
        s.config().toParams().forEach(config::put);
        ObjectNode state = root.putObject("state");
        state.put("updates", s.updates());
        state.put("intercept", s.intercept());
        doubles(state.putArray("coefficients"), s.coef());
        state.put("stat_weight", s.statWeight());
        doubles(state.putArray("mean"), s.mean());
        doubles(state.putArray("m2"), s.m2());
        if (s.config().forgetting() == OnlineLearnerConfig.Forgetting.WINDOW) {
            ObjectNode w = state.putObject("window");
            w.put("size", s.windowSize());
            w.put("head", s.windowHead());
            w.put("rows_f32le", base64(s.ringRows()));
            w.put("abs_labels_f64le", base64(s.ringAbsLabel()));
            w.put("weights_f64le", base64(s.ringWeight()));
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    static OnlineLearner.State read(byte[] bytes) {
        if (bytes == null || bytes.length == 0) throw new OnlineSnapshotException("(document)", "snapshot bytes are empty; expected a JSON object");
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new OnlineSnapshotException("(document)", "not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new OnlineSnapshotException("(document)", "expected a JSON object");
        String format = text(root, "format", "format");
        if (!OnlineLearner.FORMAT.equals(format)) {
            throw new OnlineSnapshotException("format", "was '" + format + "', expected '" + OnlineLearner.FORMAT + "'");
        }
        long version = integer(root, "format_version", "format_version");
        if (version != FORMAT_VERSION) throw new OnlineSnapshotException("format_version", "was " + version + ", expected " + FORMAT_VERSION);

        JsonNode featuresNode = require(root, "features", "features");
        if (!featuresNode.isArray() || featuresNode.isEmpty()) throw new OnlineSnapshotException("features", "expected a non-empty array of names");
        List<String> names = new ArrayList<>();
        for (int j = 0; j < featuresNode.size(); j++) {
            if (!featuresNode.get(j).isTextual()) throw new OnlineSnapshotException("features[" + j + "]", "expected a string");
            names.add(featuresNode.get(j).asText());
        }
        int p = names.size();
        OnlineLearnerConfig config = config(require(root, "config", "config"));

        JsonNode state = require(root, "state", "state");
        long updates = integer(state, "updates", "state.updates");
        if (updates < 0) throw new OnlineSnapshotException("state.updates", "was " + updates + ", expected >= 0");
        double intercept = finite(state, "intercept", "state.intercept");
        double[] coef = doubles(state, "coefficients", "state.coefficients", p);
        double statWeight = finite(state, "stat_weight", "state.stat_weight");
        if (statWeight < 0) throw new OnlineSnapshotException("state.stat_weight", "was " + statWeight + ", expected >= 0");
        double[] mean = doubles(state, "mean", "state.mean", p + 1);
        double[] m2 = doubles(state, "m2", "state.m2", p + 1);
        for (int j = 0; j <= p; j++) {
            if (m2[j] < 0) throw new OnlineSnapshotException("state.m2[" + j + "]", "was " + m2[j] + ", expected >= 0");
        }

        boolean window = config.forgetting() == OnlineLearnerConfig.Forgetting.WINDOW;
        JsonNode w = state.get("window");
        if (!window) {
            if (w != null) throw new OnlineSnapshotException("state.window", "present, but forgetting is " + config.forgetting() + "; expected no window");
            return new OnlineLearner.State(config, names, updates, intercept, coef, statWeight, mean, m2, 0, 0, new float[0], new double[0],
                    new double[0]);
        }
        if (w == null || !w.isObject()) throw new OnlineSnapshotException("state.window", "missing; expected the window of forgetting=window");
        int n = config.windowRows();
        long size = integer(w, "size", "state.window.size");
        long head = integer(w, "head", "state.window.head");
        if (size < 0 || size > n) throw new OnlineSnapshotException("state.window.size", "was " + size + ", expected 0.." + n + " (window_rows)");
        if (head < 0 || head >= n || (size < n && head != size)) {
            throw new OnlineSnapshotException("state.window.head", "was " + head + ", expected " + (size < n ? "= size " + size : "0.." + (n - 1)));
        }
        float[] rows = floats(w, "rows_f32le", "state.window.rows_f32le", (long) n * p);
        double[] absLabels = doubles64(w, "abs_labels_f64le", "state.window.abs_labels_f64le", n);
        double[] weights = doubles64(w, "weights_f64le", "state.window.weights_f64le", n);
        for (int i = 0; i < size; i++) {
            if (!(weights[i] > 0)) throw new OnlineSnapshotException("state.window.weights_f64le[" + i + "]", "was " + weights[i] + ", expected > 0");
            if (absLabels[i] < 0) throw new OnlineSnapshotException("state.window.abs_labels_f64le[" + i + "]", "was " + absLabels[i] + ", expected >= 0");
        }
        return new OnlineLearner.State(config, names, updates, intercept, coef, statWeight, mean, m2, (int) size, (int) head, rows,
                absLabels, weights);
    }

    private static OnlineLearnerConfig config(JsonNode node) {
        if (!node.isObject()) throw new OnlineSnapshotException("config", "expected an object of parameters");
        Map<String, String> params = new LinkedHashMap<>();
        for (String key : OnlineLearnerConfig.PARAM_KEYS) {
            JsonNode v = node.get(key);
            if (v == null || !v.isTextual()) throw new OnlineSnapshotException("config." + key, "missing; expected a string value");
            try {
                OnlineLearnerConfig.fromParams(Map.of(key, v.asText()));
            } catch (IllegalArgumentException e) {
                throw new OnlineSnapshotException("config." + key, e.getMessage(), e);
            }
            params.put(key, v.asText());
        }
        var it = node.fieldNames();
        while (it.hasNext()) {
            String key = it.next();
            if (!OnlineLearnerConfig.PARAM_KEYS.contains(key)) throw new OnlineSnapshotException("config." + key, "unknown parameter");
        }
        try {
            return OnlineLearnerConfig.fromParams(params);
        } catch (IllegalArgumentException e) {
            throw new OnlineSnapshotException("config", e.getMessage(), e);
        }
    }

    private static JsonNode require(JsonNode parent, String name, String path) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) throw new OnlineSnapshotException(path, "missing");
        return n;
    }

    private static String text(JsonNode parent, String name, String path) {
        JsonNode n = require(parent, name, path);
        if (!n.isTextual()) throw new OnlineSnapshotException(path, "expected a string, was " + n);
        return n.asText();
    }

    private static long integer(JsonNode parent, String name, String path) {
        JsonNode n = require(parent, name, path);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw new OnlineSnapshotException(path, "expected an integer, was " + n);
        return n.longValue();
    }

    private static double finite(JsonNode parent, String name, String path) {
        JsonNode n = require(parent, name, path);
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) throw new OnlineSnapshotException(path, "expected a finite number, was " + n);
        return n.doubleValue();
    }

    private static double[] doubles(JsonNode parent, String name, String path, int length) {
        JsonNode a = require(parent, name, path);
        if (!a.isArray() || a.size() != length) {
            throw new OnlineSnapshotException(path, "expected an array of " + length + " numbers, was " + (a.isArray() ? a.size() + " entries" : a.getNodeType()));
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            JsonNode v = a.get(i);
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) throw new OnlineSnapshotException(path + "[" + i + "]", "expected a finite number, was " + v);
            out[i] = v.doubleValue();
        }
        return out;
    }

    private static ByteBuffer decoded(JsonNode parent, String name, String path, long expectedBytes) {
        String text = text(parent, name, path);
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new OnlineSnapshotException(path, "not base64: " + e.getMessage(), e);
        }
        if (raw.length != expectedBytes) throw new OnlineSnapshotException(path, "decodes to " + raw.length + " bytes, expected " + expectedBytes);
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] floats(JsonNode parent, String name, String path, long count) {
        ByteBuffer b = decoded(parent, name, path, count * Float.BYTES);
        float[] out = new float[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
            if (!Float.isFinite(out[i])) throw new OnlineSnapshotException(path + "[" + i + "]", "was " + out[i] + ", expected a finite value");
        }
        return out;
    }

    private static double[] doubles64(JsonNode parent, String name, String path, int count) {
        ByteBuffer b = decoded(parent, name, path, (long) count * Double.BYTES);
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = b.getDouble();
            if (!Double.isFinite(out[i])) throw new OnlineSnapshotException(path + "[" + i + "]", "was " + out[i] + ", expected a finite value");
        }
        return out;
    }

    private static void doubles(ArrayNode a, double[] values) {
        for (double v : values) a.add(v);
    }

    private static String base64(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return Base64.getEncoder().encodeToString(b.array());
    }

    private static String base64(double[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putDouble(v);
        return Base64.getEncoder().encodeToString(b.array());
    }
}
