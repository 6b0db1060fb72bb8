package dev.clm.http;

import dev.clm.config.HttpSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.clm.api.IllegalTransitionException;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.UnknownModelException;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.http.internal.Json;
import dev.clm.http.internal.Request;
import dev.clm.http.internal.Response;
import dev.clm.http.internal.Route;
import dev.clm.http.internal.Router;
import dev.clm.http.internal.ServerRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The embeddable control plane: the REST API under {@code /api/v1/learning}, its OpenAPI
 * document at {@code /api/v1/openapi.json}, Prometheus {@code /metrics}, {@code /health}, the
 * dashboard at {@code /} and cycle reports at {@code /reports/{jobId}}, on the JDK's built-in
 * HTTP server. Binds to loopback unless told otherwise; every state-changing endpoint needs
 * {@code Authorization: Bearer <token>} (compared in constant time), and with no token configured
 * mutations are refused. Errors are RFC 9457 problem details naming the field, never a stack trace.
 */
public final class ClmHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClmHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;
    private final HttpSettings settings;
    private final byte[] tokenDigest;
    private final AutoCloseable owned;
    private final AtomicLong errors = new AtomicLong();

    private ClmHttpServer(ControlPlane cp, HttpSettings settings, AutoCloseable owned) throws IOException {
        this.settings = settings;
        this.owned = owned;
        this.tokenDigest = settings.mutationsEnabled() ? sha256(settings.token()) : null;
        this.router = new Router();
        routes(cp, settings).forEach(router::add);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port()), 128);
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "clm-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("clm control plane listening on http://{}:{} ({})", settings.host(), port(),
                settings.mutationsEnabled() ? "mutations need the bearer token" : "read-only: no token configured");
    }

    /**
     * Serves {@code clm}. {@code prometheusScrape} renders the manager's metrics (for example
     * {@code registry::scrape} of the PrometheusMeterRegistry behind its MicrometerClmMetrics), or null.
     */
    public static ClmHttpServer start(ContinuousLearningManager clm, HttpSettings settings, Supplier<String> prometheusScrape) throws IOException {
        ManagerControlPlane cp = new ManagerControlPlane(clm, prometheusScrape);
        try {
            return new ClmHttpServer(cp, settings, cp);
        } catch (IOException | RuntimeException e) {
            cp.close();
            throw e;
        }
    }

    /** Serves {@code clm} with the {@code http} section of its settings. */
    public static ClmHttpServer start(ContinuousLearningManager clm, Supplier<String> prometheusScrape) throws IOException {
        return start(clm, clm.config().http(), prometheusScrape);
    }

    /** Serves {@code clm} without Prometheus metrics ({@code /metrics} answers 404 saying why). */
    public static ClmHttpServer start(ContinuousLearningManager clm, HttpSettings settings) throws IOException {
        return start(clm, settings, null);
    }

    /** Serves any {@link ControlPlane} implementation. */
    public static ClmHttpServer start(ControlPlane cp, HttpSettings settings) throws IOException {
        return new ClmHttpServer(cp, settings, null);
    }

    /** Every route the server answers (API, OpenAPI, metrics, health, dashboard, reports), for mounting elsewhere. */
    public static List<Route> routes(ControlPlane cp, HttpSettings settings) {
        return ServerRoutes.all(cp, settings);
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Requests answered with status 500 since start. */
    public long internalErrors() {
        return errors.get();
    }

    private void handle(HttpExchange ex) {
        Response response;
        try {
            response = dispatch(ex);
        } catch (Throwable t) {
            response = problemFor(t, ex.getRequestURI().getPath());
        }
        write(ex, response);
    }

    private Response dispatch(HttpExchange ex) throws IOException {
        URI uri = ex.getRequestURI();
        String method = ex.getRequestMethod();
        String path = uri.getPath();
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        boolean[] pathKnown = {false};
        Optional<Router.Match> match = router.match(method, path, pathKnown);
        if (match.isEmpty()) {
            if (pathKnown[0]) return problem(405, "Method Not Allowed", method + " is not allowed on " + path, null);
            return problem(404, "Not Found", "no endpoint at " + path, null);
        }
        Route route = match.get().route();
        if (route.mutation()) {
            Response refused = authorise(ex.getRequestHeaders().getFirst("Authorization"));
            if (refused != null) return refused;
        }
        JsonNode body = null;
        if (!route.bodyFields().isEmpty() || route.mutation()) {
            byte[] raw = readBody(ex);
            if (raw == null) {
                return problem(413, "Content Too Large", "request body exceeds " + settings.maxBodyBytes() + " bytes", "body");
            }
            body = parseBody(raw);
        }
        Request request = new Request(method, path, match.get().params(), query(uri.getRawQuery()), body);
        return route.handler().apply(request);
    }

    private Response authorise(String header) {
        if (tokenDigest == null) {
            return problem(403, "Forbidden", "state-changing endpoints are disabled: no bearer token is configured (HttpSettings.token)", null);
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return problem(401, "Unauthorized", "this endpoint changes state and needs 'Authorization: Bearer <token>'", null)
                    .withHeader("WWW-Authenticate", "Bearer realm=\"clm\"");
        }
        // compare digests so the comparison time depends on neither token's length nor content
        if (!MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()))) {
            return problem(403, "Forbidden", "the bearer token is not valid", null);
        }
        return null;
    }

    /** The body, or null when it is larger than allowed. */
    private byte[] readBody(HttpExchange ex) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > settings.maxBodyBytes()) return null;
            } catch (NumberFormatException e) {
                throw HttpProblem.badRequest("Content-Length", "Content-Length is not a number: " + length);
            }
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] raw = in.readNBytes(settings.maxBodyBytes() + 1);
            return raw.length > settings.maxBodyBytes() ? null : raw;
        }
    }

    private static JsonNode parseBody(byte[] raw) {
        if (raw.length == 0 || new String(raw, StandardCharsets.UTF_8).isBlank()) return null;
        final JsonNode node;
        try {
            node = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw HttpProblem.badRequest("body", "request body is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (!node.isObject()) throw HttpProblem.badRequest("body", "request body must be a JSON object");
        return node;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private Response problemFor(Throwable t, String path) {
        if (t instanceof HttpProblem p) return problem(p.status(), p.title(), p.getMessage(), p.field());
        if (t instanceof UnknownModelException u) return problem(404, "Not Found", u.getMessage(), null);
        if (t instanceof JobAlreadyRunningException j) {
            return problem(409, "Conflict", j.getMessage(), null, Map.of("runningJobId", j.runningJobId()));
        }
        if (t instanceof IllegalTransitionException || t instanceof dev.clm.shadow.ShadowPromotionRefusedException
                || t instanceof IllegalStateException) return problem(409, "Conflict", t.getMessage(), null);
        if (t instanceof IllegalArgumentException) return problem(400, "Bad Request", t.getMessage(), null);
        errors.incrementAndGet();
        String ref = Long.toHexString(System.nanoTime());
        LOG.error("internal error answering {} (reference {})", path, ref, t);
        return problem(500, "Internal Server Error", "internal error; the server log has the details under reference " + ref, null);
    }

    private static Response problem(int status, String title, String detail, String field) {
        return problem(status, title, detail, field, Map.of());
    }

    private static Response problem(int status, String title, String detail, String field, Map<String, Object> extra) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", title);
        p.put("status", status);
        p.put("detail", detail);
        if (field != null) p.put("field", field);
        p.putAll(extra);
        return new Response(status, Response.PROBLEM_JSON, Json.bytes(p), Map.of());
    }

    private static void write(HttpExchange ex, Response r) {
        try (ex) {
            var h = ex.getResponseHeaders();
            h.set("Content-Type", r.contentType());
            h.set("Cache-Control", "no-store");
            h.set("X-Content-Type-Options", "nosniff");
            r.headers().forEach(h::set);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(r.status(), head || r.body().length == 0 ? -1 : r.body().length);
            if (!head && r.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(r.body());
                }
            }
        } catch (IOException e) {
            LOG.debug("client went away before the response was written: {}", e.toString());
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Stops listening (in-flight requests get up to a second) and closes what this server created. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        if (owned != null) {
            try {
                owned.close();
            } catch (Exception e) {
                LOG.warn("closing the control plane failed: {}", e.toString());
            }
        }
    }
}
