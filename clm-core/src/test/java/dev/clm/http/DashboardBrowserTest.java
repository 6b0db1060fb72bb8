package dev.clm.http;

import dev.clm.api.ModelArtifact;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the dashboard of a manager that has run cycles in a real headless Chromium (Debian's
 * {@code chromium}; .ci/run installs it) and checks what a person sees: model rows, timeline
 * entries, chart points. Saves a screenshot as target/dashboard.png. Skipped, saying so, when
 * Chromium is not installed.
 */
class DashboardBrowserTest {
    static Path chromium;

    @BeforeAll
    static void findChromium() {
        for (String c : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(c))) chromium = Path.of(c);
        }
        if (chromium == null && "true".equals(System.getenv("CLM_BROWSER_TESTS"))) {
            throw new IllegalStateException("CLM_BROWSER_TESTS=true but Chromium is not installed (Debian package 'chromium')");
        }
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (Debian package 'chromium'); the browser test is skipped");
    }

    @Test
    @DisplayName("the dashboard renders model rows, the version timeline and one chart point per version in Chromium")
    void rendersInChromium(@org.junit.jupiter.api.io.TempDir Path profile) throws Exception {
        try (HttpFixture f = new HttpFixture(HttpFixture.settings())) {
            for (int i = 0; i < 3; i++) {
                f.clm.runFullCycle(true, List.of(HttpFixture.RIDGE));
                f.clock.advance(Duration.ofDays(8));
            }
            List<ModelArtifact> versions = f.clm.registry().history(HttpFixture.RIDGE, 100);
            long withSkill = versions.stream().filter(v -> v.metrics().containsKey("mae_vs_zero")).count();
            long timeline = 0;
            for (ModelArtifact v : versions) {
                timeline++;
                if (v.promotedAt() != null) timeline++;
                if (v.retiredAt() != null) timeline++;
                if (v.status() == dev.clm.api.ModelStatus.REJECTED) timeline++;
                if (v.status() == dev.clm.api.ModelStatus.CANDIDATE || v.status() == dev.clm.api.ModelStatus.SHADOW) timeline++;
            }

            String url = f.uri("/").toString();
            String dom = run(profile, "--dump-dom", url);
            Document doc = Jsoup.parse(dom);
            assertThat(doc.title()).isEqualTo("clm dashboard");
            assertThat(doc.select("tr.model-row")).hasSize(1);
            assertThat(doc.select("tr.model-row").attr("data-model")).isEqualTo("ridge");
            assertThat(doc.select("tr.model-row td").get(1).text()).isEqualTo(f.clm.registry().getActive(HttpFixture.RIDGE).map(ModelArtifact::version).orElse("none — stay flat"));
            assertThat(doc.select("li.timeline-entry")).hasSize((int) timeline);
            assertThat(doc.select("#metric-history").attr("data-points")).isEqualTo(String.valueOf(withSkill));
            assertThat(doc.select("#metric-history circle.pt")).hasSize((int) withSkill);
            assertThat(doc.select("tr.job-row")).hasSizeGreaterThanOrEqualTo(3);
            // the held-out skill carries its dependence-aware 95% interval: in the model row and as a band in the chart
            boolean seRecorded = versions.stream().anyMatch(v -> v.metrics().containsKey("skill_vs_zero_se"));
            assertThat(seRecorded).as("cycles record the standard error of the skill").isTrue();
            assertThat(doc.select("tr.model-row td.skill span.band").first().text()).matches("\\[-?[0-9.]+%, -?[0-9.]+%\\]");
            assertThat(doc.select("#metric-history polygon.band[data-series=ridge]")).hasSize(1);

            Path shot = Path.of("target", "dashboard.png").toAbsolutePath();
            Files.createDirectories(shot.getParent());
            Files.deleteIfExists(shot);
            run(profile, "--screenshot=" + shot, "--window-size=1400,1000", url);
            assertThat(shot).exists();
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        }
    }

    private static String run(Path profile, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish within 120 s: " + cmd);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        assertThat(p.exitValue()).as("chromium exit code; output: " + text).isZero();
        return text;
    }
}
