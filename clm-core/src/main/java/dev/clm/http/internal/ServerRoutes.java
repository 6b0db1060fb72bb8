package dev.clm.http.internal;

import dev.clm.http.ControlPlane;
import dev.clm.http.HttpProblem;
import dev.clm.config.HttpSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The whole route table: the learning API plus OpenAPI, health, metrics, dashboard and reports. */
public final class ServerRoutes {
    public static final String OPENAPI = "/api/v1/openapi.json";

    private ServerRoutes() {}

    /** How long the answer of an endpoint that monitoring polls (status, metrics) is reused. */
    static final java.time.Duration POLLED_TTL = java.time.Duration.ofMillis(250);

    public static List<Route> all(ControlPlane cp, HttpSettings settings) {
        List<Route> routes = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
        for (Route r : LearningApi.routes(cp)) {
            if (r.operationId().equals("systemStatus")) {
                routes.add(new Route(r.method(), r.template(), r.mutation(), r.operationId(), r.summary() + " (reused for up to 250 ms)",
                        r.queryParams(), r.bodyFields(), r.success(), r.contentType(), new Cached(POLLED_TTL, changes, r.handler())));
            } else if (r.mutation()) {
                var h = r.handler();
                routes.add(new Route(r.method(), r.template(), r.mutation(), r.operationId(), r.summary(), r.queryParams(), r.bodyFields(),
                        r.success(), r.contentType(), q -> {
                            try {
                                return h.apply(q);
                            } finally {
                                changes.incrementAndGet();
                            }
                        }));
            } else {
                routes.add(r);
            }
        }
        routes.add(new Route("GET", "/health", false, "health", "Liveness: answers while the server runs", List.of(), List.of(), 200,
                Response.JSON, q -> Response.ok(Map.of("status", "UP"))));
        routes.add(new Route("GET", "/metrics", false, "metrics", "Metrics in Prometheus text format (reused for up to 250 ms)", List.of(),
                List.of(), 200, "text/plain; version=0.0.4; charset=utf-8", new Cached(POLLED_TTL, changes,
                        q -> Response.text(200, "text/plain; version=0.0.4; charset=utf-8", cp.prometheusScrape()))));
        routes.add(new Route("GET", "/", false, "dashboard", "The live status dashboard (HTML)", List.of(), List.of(), 200, Response.HTML,
                q -> Response.text(200, Response.HTML, new DashboardPage(cp, settings.dashboardRefresh()).render())));
        routes.add(new Route("GET", "/reports/{id}", false, "cycleReportHtml", "A finished cycle's report as a self-contained HTML page",
                List.of(), List.of(), 200, Response.HTML,
                q -> Response.text(200, Response.HTML, CycleReportPage.render(cp.report(q.path("id"))
                        .orElseThrow(() -> HttpProblem.notFound("no report for job '" + q.path("id") + "'")), cp.traces(q.path("id"))))));
        List<Route> documented = List.copyOf(routes);
        routes.add(new Route("GET", OPENAPI, false, "openapi", "This OpenAPI document", List.of(), List.of(), 200, Response.JSON,
                q -> Response.ok(OpenApiDocument.build(withSelf(documented)))));
        return routes;
    }

    private static List<Route> withSelf(List<Route> routes) {
        List<Route> all = new ArrayList<>(routes);
        all.add(new Route("GET", OPENAPI, false, "openapi", "This OpenAPI document", List.of(), List.of(), 200, Response.JSON, q -> null));
        return all;
    }
}
