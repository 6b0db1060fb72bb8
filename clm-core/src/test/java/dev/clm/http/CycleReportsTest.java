package dev.clm.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clm.api.CycleReport;
import dev.clm.api.ModelType;
import dev.clm.report.EvaluationTrace;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The self-contained cycle report: charts built from the evaluation rows, JSON beside the HTML. */
class CycleReportsTest {

    @Test
    @DisplayName("a real cycle's report has per-type sections; with a trace it draws cumulative loss, error histograms, folds and features")
    void writesHtmlAndJson(@TempDir Path dir) throws Exception {
        CycleReport report;
        try (HttpFixture f = new HttpFixture(HttpFixture.settings())) {
            report = f.clm.runFullCycle(true, List.of(HttpFixture.RIDGE));
        }
        int n = 1_000;
        SplittableRandom r = new SplittableRandom(3);
        long[] ts = new long[n];
        float[] labels = new float[n];
        double[] cand = new double[n], active = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_700_000_000_000L + (n - i) * 3_600_000L; // reversed: the page must sort by time
            labels[i] = (float) (r.nextGaussian() * 0.01);
            cand[i] = labels[i] * 0.3;
            active[i] = labels[i] * 0.1;
        }
        EvaluationTrace trace = new EvaluationTrace(HttpFixture.RIDGE, "v2", "v1", ts, labels, cand, active,
                List.of(new EvaluationTrace.FoldResult(1, 500, 0.007, 0.0075, 0.008), new EvaluationTrace.FoldResult(2, 500, 0.0068, 0.0074, 0.0079)),
                Map.of("f0", 3.0, "f1", 1.0), Map.of("f0", 0.002, "f2", 0.001));

        Path html = CycleReports.write(report, Map.of(HttpFixture.RIDGE, trace), dir);
        assertThat(html.getFileName().toString()).isEqualTo("cycle-" + report.jobId() + ".html");
        Document doc = Jsoup.parse(Files.readString(html));
        assertThat(doc.select("#report-status").text()).isEqualTo(report.status().name());
        assertThat(doc.select("section.evaluation[data-model=ridge]")).hasSize(1);
        // 1,000 rows thinned to at most 300 points per series, three series
        int perSeries = (n + (n / 300) - 1) / (n / 300);
        assertThat(doc.select("#cumloss-ridge circle.pt")).hasSize(3 * perSeries);
        assertThat(doc.select("#cumloss-ridge").attr("data-points")).isEqualTo(String.valueOf(3 * perSeries));
        assertThat(doc.select("#errors-ridge circle.pt")).hasSize(3 * 30);
        assertThat(doc.select("tr.fold-row")).hasSize(2);
        assertThat(doc.select("#gain-ridge rect.bar-value")).hasSize(2);
        assertThat(doc.select("#shap-ridge rect.bar-value")).hasSize(2);
        assertThat(doc.select("script")).isEmpty();
        assertThat(doc.select("link[href], img[src^=http]")).as("self-contained: nothing loaded from elsewhere").isEmpty();

        var json = new ObjectMapper().readTree(dir.resolve("cycle-" + report.jobId() + ".json").toFile());
        assertThat(json.get("report").get("jobId").asText()).isEqualTo(report.jobId());
        assertThat(json.get("evaluations").get("ridge").get("rows").asInt()).isEqualTo(n);
        assertThat(report.totalDuration()).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    @DisplayName("the final cumulative error of each series equals the sum of that series' absolute errors")
    void cumulativeLossIsTheSum(@TempDir Path dir) throws Exception {
        float[] labels = {0.01f, -0.02f, 0.03f};
        double[] cand = {0.0, -0.01, 0.01};
        EvaluationTrace trace = new EvaluationTrace(ModelType.of("m"), "v", null, new long[] {1, 2, 3}, labels, cand, null,
                List.of(), Map.of(), Map.of());
        String page = dev.clm.http.internal.CycleReportPage.render(emptyReport(ModelType.of("m")), Map.of(ModelType.of("m"), trace));
        Document doc = Jsoup.parse(page);
        var points = doc.select("#cumloss-m circle.pt[data-series=zero forecast] title");
        assertThat(points).hasSize(3);
        assertThat(points.last().text()).endsWith(String.format(java.util.Locale.ROOT, "%.4g", 0.01 + 0.02 + 0.03));
        var cpoints = doc.select("#cumloss-m circle.pt[data-series=candidate] title");
        assertThat(cpoints.last().text()).endsWith(String.format(java.util.Locale.ROOT, "%.4g", (double) Math.abs(0.01f) + Math.abs(-0.02f + 0.01) + Math.abs(0.03f - 0.01)));
    }

    static CycleReport emptyReport(ModelType type) {
        var now = java.time.Instant.parse("2024-06-01T00:00:00Z");
        var eval = new dev.clm.api.EvaluationResult(3, 0.01, 0.01, 0.01, 0.5, 0.5, 0.1, 0.0, Map.of(), null, now);
        return new CycleReport("job-x", CycleReport.Status.COMPLETED, now, now, true, dev.clm.api.RetrainingType.FULL, Map.of(), List.of(),
                Map.of(type, new CycleReport.ModelEvaluation(type, "v", eval, null, null, eval)), Map.of(), List.of(), List.of(),
                Map.of("total", Duration.ofSeconds(1)), "test");
    }
}
