package dev.clm.http.internal;

import java.util.List;
import java.util.function.Function;

/**
 * One endpoint: method, path template ({@code /models/{type}}), whether it changes state (and so
 * needs the bearer token), its OpenAPI description, and the handler.
 *
 * @param queryParams names of the query parameters it reads (documented in OpenAPI)
 * @param bodyFields  names of the JSON body fields it reads, empty when it takes no body
 * @param success     HTTP status of a successful answer
 */
public record Route(String method, String template, boolean mutation, String operationId, String summary,
                    List<String> queryParams, List<String> bodyFields, int success, String contentType,
                    Function<Request, Response> handler) {
    public Route {
        queryParams = List.copyOf(queryParams);
        bodyFields = List.copyOf(bodyFields);
        if (!template.startsWith("/")) throw new IllegalArgumentException("template must start with '/': " + template);
    }

    String[] segments() {
        return template.substring(1).split("/", -1);
    }

    /** Names of the {@code {…}} segments, in order. */
    public List<String> pathParams() {
        return java.util.Arrays.stream(segments()).filter(s -> s.startsWith("{")).map(s -> s.substring(1, s.length() - 1)).toList();
    }
}
