package dev.clm.http;

import dev.clm.api.CycleReport;
import dev.clm.api.ModelType;
import dev.clm.report.EvaluationTrace;
import dev.clm.http.internal.CycleReportPage;
import dev.clm.http.internal.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Writes a cycle's report as a self-contained HTML page and its JSON beside it. */
public final class CycleReports {
    private CycleReports() {}

    /**
     * Writes {@code cycle-<jobId>.html} and {@code cycle-<jobId>.json} into {@code dir} (created if
     * needed), each atomically (temp file, then rename). Returns the HTML file.
     */
    public static Path write(CycleReport report, Path dir) throws IOException {
        return write(report, Map.of(), dir);
    }

    /** As {@link #write(CycleReport, Path)}, with charts of the evaluation rows of the types in {@code traces}. */
    public static Path write(CycleReport report, Map<ModelType, EvaluationTrace> traces, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path html = dir.resolve("cycle-" + report.jobId() + ".html");
        atomically(html, CycleReportPage.render(report, traces).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("report", report);
        Map<String, Object> perType = new java.util.LinkedHashMap<>();
        traces.forEach((t, tr) -> perType.put(t.name(), Map.of("rows", tr.rows(), "folds", tr.folds(), "featureGain", tr.featureGain(),
                "meanAbsShap", tr.meanAbsShap())));
        json.put("evaluations", perType);
        atomically(dir.resolve("cycle-" + report.jobId() + ".json"), Json.bytes(json));
        return html;
    }

    /** The report as a self-contained HTML page. */
    public static String html(CycleReport report) {
        return CycleReportPage.render(report);
    }

    private static void atomically(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
