package dev.clm.http.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A response: status, content type, body bytes and extra headers. */
public record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String HTML = "text/html; charset=utf-8";

    public Response {
        headers = Map.copyOf(headers);
    }

    public static Response json(int status, Object value) {
        return new Response(status, JSON, Json.bytes(value), Map.of());
    }

    public static Response ok(Object value) {
        return json(200, value);
    }

    public static Response text(int status, String contentType, String body) {
        return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public Response withHeader(String name, String value) {
        var h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new Response(status, contentType, body, h);
    }
}
