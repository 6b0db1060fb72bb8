package dev.clm.http.internal;

import dev.clm.api.CycleReport;
import dev.clm.api.EvaluationResult;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowTestResult;
import dev.clm.report.EvaluationTrace;

import java.util.List;
import java.util.Map;

/**
 * A cycle's report as one self-contained HTML page (inline style and SVG, no script): status,
 * triggers, per type the held-out scores of candidate, ACTIVE and the zero forecast with a chart,
 * the shadow decision with its statistics, promotions, failures and stage durations.
 */
public final class CycleReportPage {
    private static final String[] COLORS = {"#3b82f6", "#f97316", "#9ca3af"};

    private CycleReportPage() {}

    public static String render(CycleReport r) {
        return render(r, Map.of());
    }

    /** The report with, per type, charts of the rows it was judged on when their trace was kept. */
    public static String render(CycleReport r, Map<ModelType, EvaluationTrace> traces) {
        StringBuilder b = new StringBuilder(16_000);
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>clm cycle ").append(Html.esc(r.jobId()))
                .append("</title><style>").append(Html.STYLE).append("</style></head><body><header><h1>cycle ").append(Html.esc(r.jobId()))
                .append("</h1><span id=\"report-status\">").append(r.status()).append("</span><span>").append(Html.esc(r.retrainingType()))
                .append(r.forced() ? " (forced)" : "").append("</span><span class=\"muted\">").append(Html.esc(r.startedAt())).append(" → ")
                .append(Html.esc(r.finishedAt())).append("</span></header><main>");
        b.append("<section><h2>Summary</h2><p>").append(Html.esc(r.message())).append("</p><table><tr><th>type</th><th>triggers</th></tr>");
        r.triggers().forEach((t, fired) -> b.append("<tr><td>").append(Html.esc(t.name())).append("</td><td>").append(Html.esc(fired)).append("</td></tr>"));
        b.append("</table></section>");
        for (Map.Entry<ModelType, CycleReport.ModelEvaluation> e : r.evaluations().entrySet()) {
            evaluation(b, e.getValue(), r.shadowResults().get(e.getKey()), traces.get(e.getKey()));
        }
        b.append("<section><h2>Promotions</h2><ul id=\"promotions\">");
        r.promoted().forEach(p -> b.append("<li>").append(Html.esc(p.type().name())).append(": ").append(Html.esc(p.oldVersion())).append(" → ")
                .append(Html.esc(p.newVersion())).append(" <span class=\"muted\">").append(Html.esc(p.reason())).append("</span></li>"));
        if (r.promoted().isEmpty()) b.append("<li class=\"muted\">none</li>");
        b.append("</ul><h2>Failures</h2><ul id=\"failures\">");
        r.failed().forEach(f -> b.append("<li class=\"bad\">").append(Html.esc(f.type().name())).append(" at ").append(Html.esc(f.stage()))
                .append(": ").append(Html.esc(f.reason())).append("</li>"));
        if (r.failed().isEmpty()) b.append("<li class=\"muted\">none</li>");
        b.append("</ul><h2>Durations</h2><table>");
        r.durations().forEach((k, v) -> b.append("<tr><td>").append(Html.esc(k)).append("</td><td>").append(Html.num(v.toNanos() / 1e9, 2))
                .append(" s</td></tr>"));
        b.append("</table></section></main></body></html>");
        return b.toString();
    }

    private static void evaluation(StringBuilder b, CycleReport.ModelEvaluation ev, ShadowTestResult shadow, EvaluationTrace trace) {
        String type = ev.type().name();
        b.append("<section class=\"evaluation\" data-model=\"").append(Html.esc(type)).append("\"><h2>").append(Html.esc(type)).append(": ")
                .append(Html.esc(ev.candidateVersion())).append(" vs ").append(ev.activeVersion() == null ? "no ACTIVE" : Html.esc(ev.activeVersion()))
                .append(" vs zero forecast</h2>");
        List<String> labels = new java.util.ArrayList<>(List.of("candidate MAE"));
        List<Double> values = new java.util.ArrayList<>(List.of(ev.candidate().mae()));
        if (ev.active() != null) {
            labels.add("ACTIVE MAE");
            values.add(ev.active().mae());
        }
        labels.add("zero MAE");
        values.add(ev.baseline().mae());
        String[] colors = ev.active() != null ? COLORS : new String[] {COLORS[0], COLORS[2]};
        b.append(Svg.barChart("mae-" + type, 480, labels, values.stream().mapToDouble(Double::doubleValue).toArray(), colors));
        b.append("<table><tr><th></th><th>rows</th><th>MAE</th><th>RMSE</th><th>direction</th><th>correlation</th></tr>");
        row(b, "candidate", ev.candidate());
        if (ev.active() != null) row(b, "ACTIVE", ev.active());
        row(b, "zero forecast", ev.baseline());
        b.append("</table>");
        if (trace != null) TraceCharts.append(b, trace);
        if (shadow != null) {
            b.append("<h2>Shadow decision: ").append(shadow.decision()).append("</h2><p>").append(Html.esc(shadow.reason()))
                    .append("</p><table class=\"statistics\"><tr><th>statistic</th><th>value</th></tr>");
            shadow.statistics().forEach((k, v) -> b.append("<tr><td>").append(Html.esc(k)).append("</td><td>").append(Html.num(v, 6)).append("</td></tr>"));
            b.append("</table>");
        }
        b.append("</section>");
    }

    private static void row(StringBuilder b, String name, EvaluationResult r) {
        b.append("<tr><td>").append(name).append("</td><td>").append(r.samples()).append("</td><td>").append(Html.num(r.mae(), 6)).append("</td><td>")
                .append(Html.num(r.rmse(), 6)).append("</td><td>").append(Html.pct(r.directionalAccuracy())).append("</td><td>")
                .append(Html.num(r.correlation(), 3)).append("</td></tr>");
    }
}
