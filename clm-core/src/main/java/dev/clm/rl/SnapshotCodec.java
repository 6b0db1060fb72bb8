package dev.clm.rl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes and reads the snapshot document:
 * <pre>{@code
 * {"agent": "meta_strategy", "version": 3, "created_at": "2026-03-01T10:00:00Z",
 *  "actions": ["TREND_FOLLOW", ...],
 *  "q_table": {"TRENDING|LOW|HIGH|GOOD": [1.25, -0.3, 0.0, 0.4, 0.1], ...},
 *  "state_stats": {"TRENDING|LOW|HIGH|GOOD": {"last_update": 412, "visits": [3, 0, 1, 0, 0]}, ...},
 *  "metadata": {"total_updates": 500, "epsilon": 0.08, "learning_rate": 0.1, "discount": 0.5, "reason": "periodic"}}
 * }</pre>
 * A state's values are in the order of {@code actions} (an array keeps the 270-action
 * sizing table compact). Doubles are written in their shortest exact form, so a round trip restores identical values.
 * Stateless and thread-safe.
 */
final class SnapshotCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String agent;
    private final List<String> actions;

    SnapshotCodec(String agent, List<String> actions) {
        this.agent = agent;
        this.actions = List.copyOf(actions);
    }

    String write(QTableSnapshot s, int version, Instant createdAt, double discount, String reason) {
        // Streamed rather than built as a tree: a full sizing table is 432 x 270 values, and the
        // periodic snapshot may run on an engine thread.
        StringWriter out = new StringWriter(64 + s.rows().size() * actions.size() * 12);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("agent", agent);
            g.writeNumberField("version", version);
            g.writeStringField("created_at", createdAt.toString());
            g.writeArrayFieldStart("actions");
            for (String a : actions) g.writeString(a);
            g.writeEndArray();
            g.writeObjectFieldStart("q_table");
            for (Map.Entry<String, QRow> e : s.rows().entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (double q : e.getValue().values()) g.writeNumber(q);
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("state_stats");
            for (Map.Entry<String, QRow> e : s.rows().entrySet()) {
                g.writeObjectFieldStart(e.getKey());
                g.writeNumberField("last_update", e.getValue().lastUpdate());
                g.writeArrayFieldStart("visits");
                for (long v : e.getValue().visits()) g.writeNumber(v);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeObjectFieldStart("metadata");
            g.writeNumberField("total_updates", s.totalUpdates());
            g.writeNumberField("epsilon", s.epsilon());
            g.writeNumberField("learning_rate", s.learningRate());
            g.writeNumberField("discount", discount);
            g.writeStringField("reason", reason);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("could not write snapshot of RL agent '" + agent + "' version " + version, e);
        }
        return out.toString();
    }

    QTableSnapshot read(String json, int version) {
        JsonNode root = parse(json, version);
        String storedAgent = root.path("agent").asText(agent);
        if (!storedAgent.equals(agent)) throw new RlVersionException(agent, version, "snapshot belongs to agent '" + storedAgent + "'");
        JsonNode storedActions = root.path("actions");
        if (storedActions.isArray()) {
            List<String> names = new ArrayList<>();
            storedActions.forEach(n -> names.add(n.asText()));
            if (!names.equals(actions)) throw new RlVersionException(agent, version, actionMismatch(names));
        }
        return readTable(root, version);
    }

    private String actionMismatch(List<String> stored) {
        int i = 0;
        while (i < stored.size() && i < actions.size() && stored.get(i).equals(actions.get(i))) i++;
        return "snapshot actions differ from this agent's: " + stored.size() + " actions instead of " + actions.size()
                + (i < Math.min(stored.size(), actions.size()) ? ", first difference at index " + i + ": '" + stored.get(i)
                + "' instead of '" + actions.get(i) + "'" : "");
    }

    private JsonNode parse(String json, int version) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new RlVersionException(agent, version, "snapshot is not valid JSON", e);
        }
        return root;
    }

    private QTableSnapshot readTable(JsonNode root, int version) {
        JsonNode table = require(root, "q_table", version);
        JsonNode meta = require(root, "metadata", version);
        JsonNode stats = root.path("state_stats");
        TreeMap<String, QRow> rows = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            rows.put(e.getKey(), readRow(e.getKey(), e.getValue(), stats.path(e.getKey()), version));
        }
        long total = requireNumber(meta, "total_updates", version).asLong();
        double epsilon = requireNumber(meta, "epsilon", version).asDouble();
        double learningRate = requireNumber(meta, "learning_rate", version).asDouble();
        if (total < 0) throw new RlVersionException(agent, version, "metadata.total_updates must be >= 0, was " + total);
        if (!(epsilon >= 0.0 && epsilon <= 1.0)) throw new RlVersionException(agent, version, "metadata.epsilon must be in [0, 1], was " + epsilon);
        if (!(learningRate > 0.0 && learningRate <= 1.0)) {
            throw new RlVersionException(agent, version, "metadata.learning_rate must be in (0, 1], was " + learningRate);
        }
        return new QTableSnapshot(rows, total, epsilon, learningRate);
    }

    private QRow readRow(String state, JsonNode values, JsonNode stat, int version) {
        if (!values.isArray() || values.size() != actions.size()) {
            throw new RlVersionException(agent, version, "q_table['" + state + "'] must be an array of " + actions.size() + " numbers");
        }
        double[] q = new double[actions.size()];
        for (int a = 0; a < q.length; a++) {
            JsonNode n = values.get(a);
            if (!n.isNumber() || !Double.isFinite(n.asDouble())) {
                throw new RlVersionException(agent, version, "q_table['" + state + "'][" + a + "] (" + actions.get(a) + ") must be a finite number");
            }
            q[a] = n.asDouble();
        }
        long[] visits = new long[actions.size()];
        JsonNode v = stat.path("visits");
        if (v.isArray() && v.size() == visits.length) {
            for (int a = 0; a < visits.length; a++) visits[a] = v.get(a).asLong();
        }
        return new QRow(q, visits, stat.path("last_update").asLong(0));
    }

    private JsonNode require(JsonNode node, String field, int version) {
        JsonNode n = node.get(field);
        if (n == null || !n.isObject()) throw new RlVersionException(agent, version, "snapshot lacks object '" + field + "'");
        return n;
    }

    private JsonNode requireNumber(JsonNode meta, String field, int version) {
        JsonNode n = meta.get(field);
        if (n == null || !n.isNumber()) throw new RlVersionException(agent, version, "metadata lacks number '" + field + "'");
        return n;
    }
}
