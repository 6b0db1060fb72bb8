package dev.clm.http.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI 3.0 document of the route table, built from the same {@link Route}s the server
 * dispatches on, so the two cannot disagree.
 */
public final class OpenApiDocument {
    private OpenApiDocument() {}

    public static Map<String, Object> build(List<Route> routes) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.3");
        doc.put("info", Map.of("title", "clm control plane", "version", "v1",
                "description", "Continuous Learning Manager: models, jobs, shadows, drift, performance, status. "
                        + "State-changing endpoints need 'Authorization: Bearer <token>'."));
        Map<String, Object> paths = new LinkedHashMap<>();
        for (Route r : routes) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(r.template(), k -> new LinkedHashMap<>());
            item.put(r.method().toLowerCase(java.util.Locale.ROOT), operation(r));
        }
        doc.put("paths", paths);
        doc.put("components", Map.of(
                "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer")),
                "schemas", Map.of("Problem", Map.of("type", "object", "properties", Map.of(
                        "type", Map.of("type", "string"), "title", Map.of("type", "string"), "status", Map.of("type", "integer"),
                        "detail", Map.of("type", "string"), "field", Map.of("type", "string"))))));
        return doc;
    }

    private static Map<String, Object> operation(Route r) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("operationId", r.operationId());
        op.put("summary", r.summary());
        List<Map<String, Object>> params = new java.util.ArrayList<>();
        for (String p : r.pathParams()) {
            params.add(Map.of("name", p, "in", "path", "required", true, "schema", Map.of("type", "string")));
        }
        for (String q : r.queryParams()) {
            params.add(Map.of("name", q, "in", "query", "required", false, "schema", Map.of("type", "string")));
        }
        if (!params.isEmpty()) op.put("parameters", params);
        if (!r.bodyFields().isEmpty()) {
            Map<String, Object> props = new LinkedHashMap<>();
            for (String f : r.bodyFields()) props.put(f, Map.of());
            op.put("requestBody", Map.of("required", false, "content",
                    Map.of("application/json", Map.of("schema", Map.of("type", "object", "properties", props)))));
        }
        Map<String, Object> responses = new LinkedHashMap<>();
        responses.put(String.valueOf(r.success()), Map.of("description", "success", "content", Map.of(mediaType(r.contentType()), Map.of())));
        Map<String, Object> problem = Map.of("application/problem+json", Map.of("schema", Map.of("$ref", "#/components/schemas/Problem")));
        if (!r.pathParams().isEmpty() || !r.queryParams().isEmpty() || !r.bodyFields().isEmpty()) {
            responses.put("400", Map.of("description", "bad input; 'field' names it", "content", problem));
        }
        if (!r.pathParams().isEmpty()) responses.put("404", Map.of("description", "unknown type, version or job", "content", problem));
        if (r.mutation()) {
            op.put("security", List.of(Map.of("bearer", List.of())));
            responses.put("401", Map.of("description", "no bearer token sent", "content", problem));
            responses.put("403", Map.of("description", "wrong token, or mutations disabled (no token configured)", "content", problem));
            responses.put("409", Map.of("description", "conflicts with the current state (for example a running cycle)", "content", problem));
            responses.put("413", Map.of("description", "request body too large", "content", problem));
        }
        op.put("responses", responses);
        return op;
    }

    private static String mediaType(String contentType) {
        int semi = contentType.indexOf(';');
        return semi < 0 ? contentType : contentType.substring(0, semi).trim();
    }
}
