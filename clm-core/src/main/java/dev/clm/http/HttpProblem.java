package dev.clm.http;

/**
 * A request the control plane refuses, answered as an RFC 9457 problem detail
 * ({@code application/problem+json}) with the HTTP status, a short title, a detail for people
 * and, for bad input, the name of the offending field.
 */
public final class HttpProblem extends RuntimeException {
    private final int status;
    private final String title;
    private final String field;

    public HttpProblem(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static HttpProblem badRequest(String field, String detail) {
        return new HttpProblem(400, "Bad Request", detail, field);
    }

    public static HttpProblem notFound(String detail) {
        return new HttpProblem(404, "Not Found", detail, null);
    }

    public static HttpProblem conflict(String detail) {
        return new HttpProblem(409, "Conflict", detail, null);
    }

    public int status() { return status; }
    public String title() { return title; }
    /** The request field at fault, or null. */
    public String field() { return field; }
}
