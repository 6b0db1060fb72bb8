package dev.clm.models.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson set up for the libraries' JSON model dumps: floating-point numbers are read as exact
 * decimals, so a split threshold parses to the same float XGBoost wrote and a document written
 * back holds every number unchanged.
 */
public final class Json {
    /** Reads decimals exactly (write documents back with {@link #write}). Thread-safe. */
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)
            .build();

    private Json() {}

    /** A JSON number, as written in the source. */
    public record Num(String text) {
        public float floatValue() {
            return Float.parseFloat(text);
        }

        public int intValue() {
            return Integer.parseInt(text);
        }
    }

    /**
     * Parses a document into plain values: Map (in document order), List, String, {@link Num},
     * Boolean or null.
     *
     * @throws IllegalArgumentException if the text is not JSON
     */
    public static Object plain(String json) {
        try {
            return plain(MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON model: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object plain(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) return null;
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), plain(e.getValue()));
            }
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>(n.size());
            for (JsonNode e : n) l.add(plain(e));
            return l;
        }
        if (n.isBigDecimal()) return new Num(n.decimalValue().toString());
        if (n.isNumber()) return new Num(n.asText());
        if (n.isBoolean()) return n.booleanValue();
        return n.asText();
    }

    /**
     * Writes a tree read by {@link #MAPPER} back as compact JSON with every number of the same
     * value and kind: a decimal stays a decimal even when it has no fraction (XGBoost reads "5"
     * as an integer and refuses it where a float belongs, so "5E0" is written as "5E0", not "5").
     */
    public static byte[] write(JsonNode root) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
        try (com.fasterxml.jackson.core.JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            write(root, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonNode n, com.fasterxml.jackson.core.JsonGenerator g) throws IOException {
        if (n.isObject()) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                g.writeFieldName(e.getKey());
                write(e.getValue(), g);
            }
            g.writeEndObject();
        } else if (n.isArray()) {
            g.writeStartArray();
            for (JsonNode e : n) write(e, g);
            g.writeEndArray();
        } else if (n.isBigDecimal()) {
            String text = n.decimalValue().toString();
            g.writeNumber(text.indexOf('.') >= 0 || text.indexOf('E') >= 0 ? text : text + "E0");
        } else if (n.isNumber()) {
            g.writeNumber(n.asText());
        } else {
            n.serialize(g, null);
        }
    }
}
