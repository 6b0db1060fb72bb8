package dev.clm.jdbc.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps stored as JSON text (portable: H2 reads JSONB back as bytes, so both dialects use TEXT).
 * Keys are written sorted so equal maps give equal text. Thread-safe.
 */
public final class JsonMaps {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Double>> DOUBLES = new TypeReference<>() {};

    private JsonMaps() {}

    public static String write(Map<String, ?> map) {
        try {
            return MAPPER.writeValueAsString(new TreeMap<>(map));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("map cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, String> readStrings(String json, String column) {
        return read(json, STRINGS, column);
    }

    public static Map<String, Double> readDoubles(String json, String column) {
        return read(json, DOUBLES, column);
    }

    private static <T> T read(String json, TypeReference<T> type, String column) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("column " + column + " does not hold the expected JSON object: " + e.getOriginalMessage(), e);
        }
    }
}
