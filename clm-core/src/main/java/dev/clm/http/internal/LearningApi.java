package dev.clm.http.internal;

import dev.clm.api.DriftType;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;
import dev.clm.http.ControlPlane;
import dev.clm.http.HttpProblem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The {@code /api/v1/learning} routes over a {@link ControlPlane}. */
public final class LearningApi {
    public static final String BASE = "/api/v1/learning";
    private static final int MAX_DAYS = 3_650;

    private LearningApi() {}

    public static List<Route> routes(ControlPlane cp) {
        List<Route> r = new ArrayList<>();
        r.add(get("/models", "listModels", "Model versions, filtered by type and status", List.of("type", "status"),
                q -> Response.ok(cp.models(q.query("type").map(v -> Params.modelType("type", v)),
                        q.query("status").map(v -> Params.modelStatus("status", v))))));
        r.add(get("/models/{type}/versions/{version}", "getVersion", "One version: metrics, lineage, training range, parameters, checksum",
                List.of(), q -> Response.ok((cp.version(type(q), q.path("version"))))));
        r.add(get("/models/{type}/history", "versionHistory", "Versions of one type, newest first", List.of("limit"),
                q -> Response.ok(cp.history(type(q), q.queryInt("limit", 50, 1, 10_000)))));
        r.add(post("/models/{type}/versions/{version}/retire", "retireVersion", "Retires an ACTIVE version (the type is then flat)",
                List.of(), q -> Response.ok((cp.retire(type(q), q.path("version"))))));
        r.add(post("/models/{type}/rollback", "rollback", "Makes a RETIRED version ACTIVE again", List.of("version"),
                q -> Response.ok(cp.rollback(type(q), q.requiredText("version")))));
        r.add(post("/models/{type}/promote", "promoteShadow", "Promotes the newest SHADOW version; force skips the statistical decision",
                List.of("force"), q -> Response.ok(cp.promoteShadow(type(q), q.optionalBoolean("force", false)))));
        r.add(new Route("POST", BASE + "/retrain", true, "retrain", "Starts a retraining cycle in the background; answers its job id",
                List.of(), List.of("type", "models", "reason", "days"), 202, Response.JSON, q -> {
                    RetrainingType type = Params.retrainingType("type", q.optionalText("type").orElse("FULL"));
                    List<ModelType> models = modelList(q);
                    for (ModelType m : models) {
                        if (!cp.modelTypes().contains(m)) {
                            throw HttpProblem.badRequest("models", "model type '" + m.name() + "' is not managed; managed: " + cp.modelTypes());
                        }
                    }
                    String reason = q.optionalText("reason").orElse("requested over HTTP");
                    if (reason.length() > 500) throw HttpProblem.badRequest("reason", "field 'reason' must be at most 500 characters");
                    int days = q.optionalInt("days", 0, 0, MAX_DAYS);
                    var view = cp.submitRetraining(new ControlPlane.RetrainRequest(type, models, reason, days));
                    return Response.json(202, (view)).withHeader("Location", BASE + "/jobs/" + view.job().id());
                }));
        r.add(get("/jobs", "listJobs", "Recent retraining jobs, newest first", List.of("limit"),
                q -> Response.ok(cp.jobs(q.queryInt("limit", 20, 1, 1_000)))));
        r.add(get("/jobs/{id}", "getJob", "One job with per-model stage progress", List.of(),
                q -> Response.ok((cp.job(q.path("id")).orElseThrow(() -> HttpProblem.notFound("no job with id '" + q.path("id") + "'"))))));
        r.add(get("/shadows", "shadowSummary", "SHADOW versions: samples vs target, current statistics and decision", List.of(),
                q -> Response.ok(cp.shadows())));
        r.add(get("/drift", "driftEvents", "Drift events of the last days, optionally of one drift type", List.of("days", "type"),
                q -> Response.ok(cp.driftEvents(Duration.ofDays(q.queryInt("days", 7, 1, MAX_DAYS)),
                        q.query("type").map(LearningApi::driftType)))));
        r.add(post("/drift/{type}/check", "checkDrift", "Runs a drift check of one model type now", List.of(),
                q -> Response.ok(cp.checkDrift(type(q)))));
        r.add(get("/models/{type}/performance", "performance", "Live health snapshots of one type over the last days", List.of("days"),
                q -> Response.ok(cp.performance(type(q), Duration.ofDays(q.queryInt("days", 7, 1, MAX_DAYS))))));
        r.add(get("/triggers", "checkTriggers", "Which retrain triggers fire now, per type (nothing is trained)", List.of(),
                q -> Response.ok(cp.checkTriggers())));
        r.add(get("/rl/agents", "rlAgents", "RL agents with their current versions", List.of(), q -> Response.ok(cp.rlAgents())));
        r.add(get("/status", "systemStatus", "Running state, last and next runs, active and shadow versions, all settings", List.of(),
                q -> Response.ok(cp.status())));
        r.add(post("/start", "start", "Starts the schedules", List.of(), q -> {
            cp.start();
            return Response.ok(Map.of("running", true));
        }));
        r.add(post("/stop", "stop", "Stops the schedules", List.of(), q -> {
            cp.stop();
            return Response.ok(Map.of("running", false));
        }));
        r.add(get("/reports/{id}", "cycleReport", "A finished cycle's report as JSON", List.of(),
                q -> Response.ok(cp.report(q.path("id")).orElseThrow(() -> HttpProblem.notFound("no report for job '" + q.path("id") + "'")))));
        return r;
    }

    private static ModelType type(Request q) {
        return Params.modelType("type", q.path("type"));
    }

    private static DriftType driftType(String raw) {
        try {
            return DriftType.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("type", "'type' must be one of " + java.util.Arrays.toString(DriftType.values()) + ", was '" + raw + "'");
        }
    }

    private static List<ModelType> modelList(Request q) {
        Optional<com.fasterxml.jackson.databind.JsonNode> n = q.bodyField("models");
        if (n.isEmpty()) return List.of();
        if (!n.get().isArray()) throw HttpProblem.badRequest("models", "field 'models' must be an array of model type names");
        List<ModelType> out = new ArrayList<>();
        for (var e : n.get()) {
            if (!e.isTextual()) throw HttpProblem.badRequest("models", "field 'models' must contain only strings");
            out.add(Params.modelType("models", e.asText()));
        }
        return out;
    }

    private static Route get(String path, String id, String summary, List<String> query, Function<Request, Response> h) {
        return new Route("GET", BASE + path, false, id, summary, query, List.of(), 200, Response.JSON, h);
    }

    private static Route post(String path, String id, String summary, List<String> body, Function<Request, Response> h) {
        return new Route("POST", BASE + path, true, id, summary, List.of(), body, 200, Response.JSON, h);
    }

    /** A small ordered map builder for views. */
    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
