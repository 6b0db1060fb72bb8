package dev.clm.http;

import dev.clm.config.HttpSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clm.api.CycleReport;
import dev.clm.api.ModelStatus;
import dev.clm.http.internal.LearningApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint over a real socket: success, bad input, auth, not found and conflict. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClmHttpServerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String API = LearningApi.BASE;

    HttpFixture f;
    String firstVersion;
    String firstJob;

    @BeforeAll
    void start() throws Exception {
        f = new HttpFixture(HttpFixture.settings());
        CycleReport first = f.clm.runFullCycle(true, List.of(HttpFixture.RIDGE));
        assertThat(first.promoted()).as("the synthetic market's ridge beats the zero forecast").hasSize(1);
        firstVersion = first.promoted().get(0).newVersion();
        firstJob = first.jobId();
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static void assertProblem(HttpResponse<String> r, int status, String field) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode p = json(r);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception:");
        if (field != null) assertThat(p.get("field").asText()).isEqualTo(field);
    }

    @Nested
    @DisplayName("reading")
    class Reading {
        @Test
        @DisplayName("lists models, filters by type and status, refuses a bad status naming the field")
        void models() throws Exception {
            JsonNode all = json(f.get(API + "/models"));
            assertThat(all).hasSize((int) f.clm.registry().history(HttpFixture.RIDGE, 1000).size());
            JsonNode active = json(f.get(API + "/models?type=ridge&status=active"));
            assertThat(active).hasSize(1);
            assertThat(active.get(0).get("version").asText()).isEqualTo(f.clm.registry().getActive(HttpFixture.RIDGE).orElseThrow().version());
            assertThat(active.get(0).get("type").asText()).isEqualTo("ridge");
            assertProblem(f.get(API + "/models?status=ALIVE"), 400, "status");
            assertProblem(f.get(API + "/models?type=nope"), 404, null);
        }

        @Test
        @DisplayName("version detail carries metrics, lineage, training range, parameters and checksum; unknown → 404")
        void versionDetail() throws Exception {
            HttpResponse<String> r = f.get(API + "/models/ridge/versions/" + firstVersion);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode v = json(r);
            assertThat(v.get("checksum").asText()).isEqualTo(f.clm.registry().require(HttpFixture.RIDGE, firstVersion).checksum());
            assertThat(v.get("metrics").has("mae")).isTrue();
            assertThat(v.get("trainingRange").has("start")).isTrue();
            assertThat(v.has("trainingParams")).isTrue();
            assertThat(v.has("parentVersion")).isTrue();
            assertProblem(f.get(API + "/models/ridge/versions/v-does-not-exist"), 404, null);
            assertProblem(f.get(API + "/models/ridge/history?limit=0"), 400, "limit");
            assertThat(json(f.get(API + "/models/ridge/history?limit=1"))).hasSize(1);
        }

        @Test
        @DisplayName("status carries schedules, active and shadow versions and the settings")
        void status() throws Exception {
            JsonNode s = json(f.get(API + "/status"));
            assertThat(s.get("running").asBoolean()).isFalse();
            assertThat(s.get("activeVersions").get("ridge").asText()).isNotBlank();
            assertThat(s.get("settings").size()).isGreaterThan(5);
        }

        @Test
        @DisplayName("jobs, reports, shadows, drift, performance, triggers, RL agents and health answer")
        void theRest() throws Exception {
            JsonNode jobs = json(f.get(API + "/jobs?limit=5"));
            assertThat(jobs.size()).isGreaterThanOrEqualTo(1);
            JsonNode job = json(f.get(API + "/jobs/" + firstJob));
            assertThat(job.get("job").get("status").asText()).isEqualTo("COMPLETED");
            assertThat(job.get("stages").get("ridge").asText()).isEqualTo("promoted");
            assertProblem(f.get(API + "/jobs/nope"), 404, null);
            assertThat(f.get(API + "/reports/" + firstJob).statusCode()).isEqualTo(200);
            HttpResponse<String> html = f.get("/reports/" + firstJob);
            assertThat(html.statusCode()).isEqualTo(200);
            assertThat(html.body()).contains("class=\"evaluation\" data-model=\"ridge\"").contains("<svg id=\"mae-ridge\"")
                    .as("the cycle kept its evaluation rows: cumulative loss and error charts").contains("<svg id=\"cumloss-ridge\"")
                    .contains("<svg id=\"errors-ridge\"");
            assertProblem(f.get("/reports/nope"), 404, null);
            assertThat(f.get(API + "/shadows").statusCode()).isEqualTo(200);
            assertThat(f.get(API + "/drift?days=3").statusCode()).isEqualTo(200);
            assertProblem(f.get(API + "/drift?days=-1"), 400, "days");
            assertProblem(f.get(API + "/drift?type=WEIRD"), 400, "type");
            assertThat(f.get(API + "/models/ridge/performance?days=7").statusCode()).isEqualTo(200);
            JsonNode triggers = json(f.get(API + "/triggers"));
            assertThat(triggers.has("ridge")).isTrue();
            assertThat(f.get(API + "/rl/agents").body()).isEqualTo("[]");
            assertThat(json(f.get("/health")).get("status").asText()).isEqualTo("UP");
            assertProblem(f.get("/no/such/thing"), 404, null);
            assertProblem(f.post(API + "/models", "{}"), 405, null);
        }

        @Test
        @DisplayName("/metrics is Prometheus text with the manager's counters")
        void metrics() throws Exception {
            HttpResponse<String> r = f.get("/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(r.body()).contains("clm_promotions_total{model=\"ridge\"}");
        }

        @Test
        @DisplayName("the dashboard shows the model row and the version timeline")
        void dashboard() throws Exception {
            HttpResponse<String> r = f.get("/");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("data-model=\"ridge\"").contains("class=\"timeline-entry\"").contains("id=\"metric-history\"");
        }
    }

    @Nested
    @DisplayName("changing state")
    class Mutations {
        @Test
        @DisplayName("without a token → 401, wrong token → 403, oversized body → 413, bad JSON → 400")
        void authAndBodies() throws Exception {
            HttpResponse<String> none = f.post(API + "/retrain", "{}", null);
            assertProblem(none, 401, null);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertProblem(f.post(API + "/retrain", "{}", "wrong-token-wrong-token"), 403, null);
            String big = "{\"reason\":\"" + "x".repeat(HttpSettings.DEFAULT_MAX_BODY_BYTES) + "\"}";
            assertProblem(f.post(API + "/retrain", big), 413, "body");
            assertProblem(f.post(API + "/retrain", "{not json"), 400, "body");
            assertProblem(f.post(API + "/retrain", "[1,2]"), 400, "body");
            assertProblem(f.post(API + "/retrain", "{\"type\":\"SIDEWAYS\"}"), 400, "type");
            assertProblem(f.post(API + "/retrain", "{\"models\":[\"nope\"]}"), 400, "models");
            assertProblem(f.post(API + "/retrain", "{\"days\":99999}"), 400, "days");
            assertProblem(f.post(API + "/models/ridge/rollback", "{}"), 400, "version");
            assertProblem(f.post(API + "/models/ridge/promote", "{\"force\":\"yes\"}"), 400, "force");
        }

        @Test
        @DisplayName("retraining answers 202 with the job id at once; a second request while it runs → 409 naming the job")
        void retrainAndConflict() throws Exception {
            f.clock.advance(Duration.ofDays(8));
            f.trainer.hold();
            HttpResponse<String> accepted = f.post(API + "/retrain", "{\"type\":\"FULL\",\"models\":[\"ridge\"],\"reason\":\"test\"}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            JsonNode job = json(accepted);
            String jobId = job.get("job").get("id").asText();
            assertThat(job.get("job").get("status").asText()).isEqualTo("RUNNING");
            assertThat(accepted.headers().firstValue("Location")).hasValue(API + "/jobs/" + jobId);
            assertThat(f.trainer.awaitEntered()).isTrue();
            HttpResponse<String> second = f.post(API + "/retrain", "{}");
            assertProblem(second, 409, null);
            assertThat(json(second).get("runningJobId").asText()).isEqualTo(jobId);
            assertThat(json(f.get(API + "/jobs/" + jobId)).get("stages").get("ridge").asText()).isEqualTo("training");
            f.trainer.release();
            assertThat(f.controlPlane.awaitIdle(Duration.ofSeconds(60))).isTrue();
            JsonNode done = json(f.get(API + "/jobs/" + jobId));
            assertThat(done.get("job").get("status").asText()).isEqualTo("COMPLETED");
            assertThat(done.get("reportStatus").asText()).isEqualTo("COMPLETED");
            assertThat(done.get("stages").get("ridge").asText()).isNotEqualTo("training");
        }

        @Test
        @DisplayName("the requested retraining type and days of data reach the cycle")
        void retrainTypeAndDays() throws Exception {
            f.clock.advance(Duration.ofDays(8));
            HttpResponse<String> accepted = f.post(API + "/retrain", "{\"type\":\"PARTIAL\",\"models\":[\"ridge\"],\"days\":30}");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String jobId = json(accepted).get("job").get("id").asText();
            assertThat(f.controlPlane.awaitIdle(Duration.ofSeconds(60))).isTrue();
            JsonNode job = json(f.get(API + "/jobs/" + jobId));
            assertThat(job.get("job").get("retrainingType").asText()).isEqualTo("PARTIAL");
            CycleReport thirtyDays = f.clm.journal().report(jobId).orElseThrow();
            f.clock.advance(Duration.ofDays(8));
            CycleReport ninetyDays = f.clm.runFullCycle(true, List.of(HttpFixture.RIDGE));
            assertThat(thirtyDays.trained().get(0).trainingRows()).isLessThan(ninetyDays.trained().get(0).trainingRows() / 2);
        }

        @Test
        @DisplayName("retire, rollback and promote change the registry; an illegal transition → 409")
        void lifecycle() throws Exception {
            // make sure there are two versions: promote a fresh one if the cycle did not
            f.clock.advance(Duration.ofDays(8));
            f.clm.runFullCycle(true, List.of(HttpFixture.RIDGE));
            String active = f.clm.registry().getActive(HttpFixture.RIDGE).orElseThrow().version();
            var retired = f.clm.registry().findByStatus(HttpFixture.RIDGE, ModelStatus.RETIRED);
            if (!retired.isEmpty()) {
                String target = retired.get(0).version();
                HttpResponse<String> rb = f.post(API + "/models/ridge/rollback", "{\"version\":\"" + target + "\"}");
                assertThat(rb.statusCode()).as(rb.body()).isEqualTo(200);
                assertThat(json(rb).get("newVersion").asText()).isEqualTo(target);
                active = target;
            }
            assertProblem(f.post(API + "/models/ridge/rollback", "{\"version\":\"" + active + "\"}"), 409, null);
            assertProblem(f.post(API + "/models/ridge/rollback", "{\"version\":\"v-nope\"}"), 404, null);
            HttpResponse<String> ret = f.post(API + "/models/ridge/versions/" + active + "/retire", "");
            assertThat(ret.statusCode()).as(ret.body()).isEqualTo(200);
            assertThat(json(ret).get("status").asText()).isEqualTo("RETIRED");
            assertThat(f.clm.registry().getActive(HttpFixture.RIDGE)).isEmpty();
            HttpResponse<String> back = f.post(API + "/models/ridge/rollback", "{\"version\":\"" + active + "\"}");
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            HttpResponse<String> promote = f.post(API + "/models/ridge/promote", "{\"force\":true}");
            assertThat(promote.statusCode()).as(promote.body()).isIn(200, 409);
        }

        @Test
        @DisplayName("with no token configured every mutation is refused and says why")
        void mutationsDisabledWithoutToken() throws Exception {
            try (ClmHttpServer readOnly = ClmHttpServer.start(f.controlPlane, HttpSettings.defaults().withPort(0))) {
                var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + readOnly.port() + API + "/stop"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer anything-at-all-123").build();
                HttpResponse<String> r = f.http.send(req, HttpResponse.BodyHandlers.ofString());
                assertProblem(r, 403, null);
                assertThat(json(r).get("detail").asText()).contains("no bearer token is configured");
                var get = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + readOnly.port() + API + "/status")).build();
                assertThat(f.http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            }
        }

        @Test
        @DisplayName("start and stop switch the schedules")
        void startStop() throws Exception {
            assertThat(f.post(API + "/start", "").statusCode()).isEqualTo(200);
            assertThat(json(f.get(API + "/status")).get("running").asBoolean()).isTrue();
            assertThat(f.post(API + "/stop", "").statusCode()).isEqualTo(200);
            assertThat(json(f.get(API + "/status")).get("running").asBoolean()).isFalse();
        }

        @Test
        @DisplayName("a drift check can be triggered per type")
        void driftCheck() throws Exception {
            HttpResponse<String> r = f.post(API + "/drift/ridge/check", "");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).isArray()).isTrue();
            assertProblem(f.post(API + "/drift/nope/check", ""), 404, null);
        }
    }

    @Nested
    @DisplayName("OpenAPI")
    class OpenApi {
        @Test
        @DisplayName("the document lists every route the server serves, each with an operation id and responses")
        void documentMatchesRoutes() throws Exception {
            JsonNode doc = json(f.get("/api/v1/openapi.json"));
            assertThat(doc.get("openapi").asText()).startsWith("3.0");
            Set<String> documented = new HashSet<>();
            Set<String> operationIds = new HashSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
                var path = it.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    var op = ops.next();
                    documented.add(op.getKey().toUpperCase() + " " + path.getKey());
                    assertThat(operationIds.add(op.getValue().get("operationId").asText())).as("unique operationId").isTrue();
                    assertThat(op.getValue().get("responses").size()).isPositive();
                    int braces = path.getKey().split("\\{", -1).length - 1;
                    long declared = op.getValue().has("parameters") ? java.util.stream.StreamSupport
                            .stream(op.getValue().get("parameters").spliterator(), false).filter(p -> p.get("in").asText().equals("path")).count() : 0;
                    assertThat(declared).as("path parameters of " + path.getKey()).isEqualTo(braces);
                }
            }
            Set<String> served = new HashSet<>();
            ClmHttpServer.routes(f.controlPlane, HttpFixture.settings()).forEach(r -> served.add(r.method() + " " + r.template()));
            assertThat(documented).isEqualTo(served);
            assertThat(served).hasSizeGreaterThanOrEqualTo(15);
            // and each documented route answers on the socket (never "no endpoint" / "method not allowed")
            for (String route : documented) {
                String[] mp = route.split(" ", 2);
                String path = mp[1].replace("{type}", "ridge").replace("{version}", firstVersion).replace("{id}", firstJob);
                if (mp[0].equals("GET")) {
                    assertThat(f.get(path).statusCode()).as(route).isNotIn(404, 405);
                }
            }
        }
    }

    @Nested
    @DisplayName("safety")
    class Safety {
        @Test
        @DisplayName("binds to loopback by default")
        void loopbackByDefault() {
            assertThat(HttpSettings.defaults().host()).isEqualTo("127.0.0.1");
            assertThat(f.server.address().getAddress().isLoopbackAddress()).isTrue();
        }

        @Test
        @DisplayName("is not reachable on a non-loopback address of this machine")
        void notOnOtherInterfaces() throws Exception {
            java.net.InetAddress other = null;
            for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                for (var a : java.util.Collections.list(nic.getInetAddresses())) {
                    if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) other = a;
                }
            }
            org.junit.jupiter.api.Assumptions.assumeTrue(other != null, "this machine has no non-loopback IPv4 address to try");
            try (java.net.Socket s = new java.net.Socket()) {
                java.net.InetAddress target = other;
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress(target, f.server.port()), 2000))
                        .isInstanceOf(java.io.IOException.class);
            }
        }

        @Test
        @DisplayName("an internal error is a 500 problem with a reference, never a stack trace")
        void internalErrors() throws Exception {
            ControlPlane broken = (ControlPlane) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ControlPlane.class}, (p, m, a) -> {
                        throw new NullPointerException("secret internal detail");
                    });
            try (ClmHttpServer s = ClmHttpServer.start(broken, HttpSettings.defaults().withPort(0))) {
                var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + s.port() + API + "/status")).build();
                HttpResponse<String> r = f.http.send(req, HttpResponse.BodyHandlers.ofString());
                assertProblem(r, 500, null);
                assertThat(r.body()).doesNotContain("secret internal detail").doesNotContain("NullPointerException");
                assertThat(s.internalErrors()).isEqualTo(1);
            }
        }

        @Test
        @DisplayName("the http section loads from CLM_* variables, is validated naming the key, and never prints the token")
        void settingsTree() {
            var config = dev.clm.config.ConfigLoader.fromEnvironment(Map.of("CLM_HTTP_PORT", "9123", "CLM_HTTP_TOKEN", HttpFixture.TOKEN));
            assertThat(config.http().port()).isEqualTo(9123);
            assertThat(config.http().mutationsEnabled()).isTrue();
            assertThat(config.http().host()).isEqualTo("127.0.0.1");
            assertThat(config.toTable()).contains("http.token").doesNotContain(HttpFixture.TOKEN);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.clm.config.ConfigLoader.fromEnvironment(Map.of("CLM_HTTP_PORT", "70000")))
                    .isInstanceOf(dev.clm.config.InvalidConfigException.class).hasMessageContaining("http.port");
            assertThat(dev.clm.config.ClmConfig.defaults().http().mutationsEnabled()).isFalse();
        }

        @Test
        @DisplayName("settings refuse a short token and print no token")
        void settings() {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> HttpSettings.defaults().withToken("short"))
                    .hasMessageContaining("http.token");
            assertThat(HttpSettings.defaults().withToken(HttpFixture.TOKEN).toString()).doesNotContain(HttpFixture.TOKEN);
        }
    }
}
