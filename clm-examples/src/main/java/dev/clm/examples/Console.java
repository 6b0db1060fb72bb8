package dev.clm.examples;

import dev.clm.api.CycleReport;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.ShadowTestResult;
import dev.clm.core.MetricNames;
import dev.clm.core.ModelStatusSummary;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Prints manager state as status-console tables. */
final class Console {
    private final PrintStream out;

    Console(PrintStream out) {
        this.out = out;
    }

    void title(String text) {
        out.println();
        out.println("== " + text + " " + "=".repeat(Math.max(3, 86 - text.length())));
    }

    void line(String text) {
        out.println("   " + text);
    }

    void status(List<ModelStatusSummary> rows) {
        out.printf("   %-10s %-22s %-9s %-8s %-8s %-9s %s%n", "MODEL", "ACTIVE VERSION", "AGE", "MAE", "DIR.ACC", "VERSIONS", "SHADOW");
        for (ModelStatusSummary s : rows) {
            out.printf("   %-10s %-22s %-9s %-8s %-8s %-9d %s%n", s.type(), s.activeVersion() == null ? "-" : s.activeVersion(),
                    s.activeAge() == null ? "-" : age(s.activeAge()), metric(s.activeMetrics(), MetricNames.MAE, "%.5f"),
                    metric(s.activeMetrics(), MetricNames.DIRECTIONAL_ACCURACY, "%.3f"), s.versions(),
                    s.shadowVersions().isEmpty() ? "-" : String.join(",", s.shadowVersions()));
        }
    }

    void triggers(Map<ModelType, Set<RetrainTrigger>> triggers) {
        out.printf("   %-10s %s%n", "MODEL", "TRIGGERS");
        triggers.forEach((t, s) -> out.printf("   %-10s %s%n", t, s.isEmpty() ? "(none: model is fresh)" : new TreeSet<>(s)));
    }

    void report(CycleReport r) {
        line(String.format("job %s  %s  %s  forced=%s  took %.2f s", r.jobId(), r.status(), r.retrainingType(), r.forced(),
                r.durations().getOrDefault("total", Duration.ZERO).toNanos() / 1e9));
        line(r.message());
        if (!r.trained().isEmpty()) {
            out.printf("   %-10s %-22s %-7s %-8s %-9s %-9s %-9s %-8s %s%n", "MODEL", "CANDIDATE", "ROWS", "TRAIN s", "MAE",
                    "ACTIVE", "ZERO", "DIR.ACC", "DECISION");
            for (CycleReport.TrainedVersion tv : r.trained()) {
                CycleReport.ModelEvaluation e = r.evaluations().get(tv.type());
                ShadowTestResult s = r.shadowResults().get(tv.type());
                out.printf("   %-10s %-22s %-7d %-8.2f %-9.5f %-9s %-9.5f %-8.3f %s%n", tv.type(), tv.version(), tv.trainingRows(),
                        tv.trainingTime().toNanos() / 1e9, e.candidate().mae(),
                        e.active() == null ? "-" : String.format("%.5f", e.active().mae()), e.baseline().mae(),
                        e.candidate().directionalAccuracy(), s == null ? "-" : s.decision());
                if (s != null) line("  " + tv.type() + ": " + s.reason());
            }
        }
        for (CycleReport.ModelNote n : r.notes()) line("NOTE " + n.type() + " at " + n.stage() + ": " + n.text());
        for (CycleReport.ModelFailure f : r.failed()) line("FAILED " + f.type() + " at " + f.stage() + ": " + f.reason());
        r.promoted().forEach(p -> line("PROMOTED " + p.type() + ": " + (p.oldVersion() == null ? "(none)" : p.oldVersion())
                + " -> " + p.newVersion()));
    }

    void history(ModelType type, List<ModelArtifact> versions) {
        out.printf("   %-10s %-22s %-9s %-20s %-9s %s%n", "MODEL", "VERSION", "STATUS", "TRAINED AT", "MAE", "PARENT");
        for (ModelArtifact a : versions) {
            out.printf("   %-10s %-22s %-9s %-20s %-9s %s%n", type, a.version(), a.status(), a.trainedAt().toString().replace("T", " ").replace("Z", ""),
                    metric(a.metrics(), MetricNames.MAE, "%.5f"), a.parentVersion() == null ? "-" : a.parentVersion());
        }
    }

    private static String metric(Map<String, Double> m, String key, String fmt) {
        Double v = m.get(key);
        return v == null ? "-" : String.format(fmt, v);
    }

    private static String age(Duration d) {
        long h = d.toHours();
        return h >= 48 ? (h / 24) + "d " + (h % 24) + "h" : h + "h";
    }
}
