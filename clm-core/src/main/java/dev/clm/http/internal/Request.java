package dev.clm.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.clm.http.HttpProblem;

import java.util.Map;
import java.util.Optional;

/** One parsed request: path parameters, query parameters and the JSON body (empty object when none). */
public record Request(String method, String path, Map<String, String> pathParams, Map<String, String> query, JsonNode body) {
    public Request {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        if (body == null) body = JsonNodeFactory.instance.objectNode();
    }

    public String path(String name) {
        String v = pathParams.get(name);
        if (v == null) throw new IllegalStateException("route declares no path parameter " + name);
        return v;
    }

    public Optional<String> query(String name) {
        String v = query.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** A query integer in [min, max], or {@code dflt} when absent. */
    public int queryInt(String name, int dflt, int min, int max) {
        Optional<String> raw = query(name);
        if (raw.isEmpty()) return dflt;
        return Params.boundedInt(name, raw.get(), min, max);
    }

    public Optional<JsonNode> bodyField(String name) {
        JsonNode n = body.get(name);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    public String requiredText(String name) {
        JsonNode n = bodyField(name).orElseThrow(() -> HttpProblem.badRequest(name, "field '" + name + "' is required"));
        if (!n.isTextual() || n.asText().isBlank()) throw HttpProblem.badRequest(name, "field '" + name + "' must be a non-blank string");
        return n.asText();
    }

    public Optional<String> optionalText(String name) {
        Optional<JsonNode> n = bodyField(name);
        if (n.isEmpty()) return Optional.empty();
        if (!n.get().isTextual()) throw HttpProblem.badRequest(name, "field '" + name + "' must be a string");
        return Optional.of(n.get().asText());
    }

    public boolean optionalBoolean(String name, boolean dflt) {
        Optional<JsonNode> n = bodyField(name);
        if (n.isEmpty()) return dflt;
        if (!n.get().isBoolean()) throw HttpProblem.badRequest(name, "field '" + name + "' must be true or false");
        return n.get().asBoolean();
    }

    public int optionalInt(String name, int dflt, int min, int max) {
        Optional<JsonNode> n = bodyField(name);
        if (n.isEmpty()) return dflt;
        if (!n.get().isIntegralNumber() || !n.get().canConvertToInt()) {
            throw HttpProblem.badRequest(name, "field '" + name + "' must be an integer in [" + min + ", " + max + "]");
        }
        int v = n.get().asInt();
        if (v < min || v > max) throw HttpProblem.badRequest(name, "field '" + name + "' must be in [" + min + ", " + max + "], was " + v);
        return v;
    }
}
