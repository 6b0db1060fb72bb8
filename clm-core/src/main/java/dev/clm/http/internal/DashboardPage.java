package dev.clm.http.internal;

import dev.clm.api.DriftEvent;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.http.ControlPlane;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dashboard: per type the ACTIVE version, its age and skill against the zero forecast, a
 * version timeline, metric history across versions, shadow progress, a drift heatmap, supervisor
 * health and recent jobs. Rendered on the server as HTML with inline SVG (works offline, no
 * script), and reloads itself.
 */
public final class DashboardPage {
    private static final Duration WINDOW = Duration.ofDays(30);
    private static final int VERSIONS = 50;
    private final ControlPlane cp;
    private final Duration refresh;

    public DashboardPage(ControlPlane cp, Duration refresh) {
        this.cp = cp;
        this.refresh = refresh;
    }

    public String render() {
        ControlPlane.StatusView status = cp.status();
        Instant now = status.at();
        Map<ModelType, List<ModelArtifact>> versions = new LinkedHashMap<>();
        for (ModelType t : cp.modelTypes()) versions.put(t, cp.history(t, VERSIONS));
        StringBuilder b = new StringBuilder(32_000);
        b.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>clm dashboard</title>")
                .append("<meta http-equiv=\"refresh\" content=\"").append(refresh.toSeconds()).append("\">")
                .append("<style>").append(Html.STYLE).append("</style></head><body>");
        b.append("<header><h1>clm</h1><span id=\"sched\">schedules ").append(status.running() ? "<b class=\"ok\">running</b>" : "<b>stopped</b>")
                .append("</span><span>").append(Html.esc(status.runningJob() == null ? "no cycle running" : "cycle running: " + status.runningJob()))
                .append("</span><span class=\"muted\">").append(Html.esc(now)).append("</span></header><main>");
        models(b, versions, now);
        timeline(b, versions);
        metricHistory(b, versions);
        shadows(b);
        drift(b);
        health(b);
        jobs(b);
        b.append("</main></body></html>");
        return b.toString();
    }

    private void models(StringBuilder b, Map<ModelType, List<ModelArtifact>> versions, Instant now) {
        b.append("<section><h2>Models</h2><table id=\"models\"><tr><th>type</th><th>ACTIVE</th><th>age</th>")
                .append("<th title=\"1 − MAE/MAE(zero forecast) on held-out rows, 95% interval; live: on its recent unseen rows\">skill vs zero [95%]</th><th>live win rate (95% band)</th></tr>");
        for (var e : versions.entrySet()) {
            ModelArtifact active = e.getValue().stream().filter(a -> a.status() == ModelStatus.ACTIVE).findFirst().orElse(null);
            b.append("<tr class=\"model-row\" data-model=\"").append(Html.esc(e.getKey().name())).append("\"><td>")
                    .append(Html.esc(e.getKey().name())).append("</td>");
            if (active == null) {
                b.append("<td class=\"muted\">none — stay flat</td><td>–</td><td>–</td><td>–</td></tr>");
                continue;
            }
            double skill = skill(active);
            double half = 1.959963984540054 * skillSe(active);
            b.append("<td>").append(Html.esc(active.version())).append("</td><td>").append(Html.age(active.promotedAt(), now))
                    .append("</td><td class=\"skill ").append(skill - half > 0 ? "ok" : skill + half < 0 ? "bad" : "").append("\">")
                    .append(Html.pct(skill)).append(band(skill - half, skill + half));
            cp.liveSkill(e.getKey()).ifPresent(l -> b.append("<br><span class=\"live-skill\">live: ").append(Html.pct(l.value()))
                    .append(band(l.lower(), l.upper())).append(" <span class=\"muted\">n<sub>eff</sub> ")
                    .append(Html.num(l.effectiveSamples(), 0)).append("</span></span>"));
            b.append("</td><td>");
            List<PerformanceLog> logs = cp.performance(e.getKey(), WINDOW);
            if (logs.isEmpty()) b.append("<span class=\"muted\">no live outcomes</span>");
            else {
                PerformanceLog l = logs.get(0);
                b.append(Html.pct(l.winrate())).append(" <span class=\"muted\">[").append(Html.pct(l.winrateLower())).append(", ")
                        .append(Html.pct(l.winrateUpper())).append("]</span>");
            }
            b.append("</td></tr>");
        }
        b.append("</table></section>");
    }

    /** 1 − MAE/MAE(zero) from the version's held-out evaluation; NaN when it was not recorded. */
    static double skill(ModelArtifact a) {
        Double r = a.metrics().get("mae_vs_zero");
        return r == null ? Double.NaN : 1 - r;
    }

    /**
     * Standard error of {@link #skill}: the dependence-aware standard error of the MAE reduction
     * over zero, as a share of the zero forecast's MAE; NaN when not recorded.
     */
    static double skillSe(ModelArtifact a) {
        Double se = a.metrics().get("skill_vs_zero_se"), mae = a.metrics().get("mae"), ratio = a.metrics().get("mae_vs_zero");
        if (se == null || mae == null || ratio == null || !(ratio > 0)) return Double.NaN;
        double mae0 = mae / ratio;
        return mae0 > 0 ? se / mae0 : Double.NaN;
    }

    private static String band(double lo, double hi) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) return "";
        return " <span class=\"muted band\">[" + Html.pct(lo) + ", " + Html.pct(hi) + "]</span>";
    }

    private void timeline(StringBuilder b, Map<ModelType, List<ModelArtifact>> versions) {
        record Entry(Instant at, ModelType type, String version, String what) {}
        List<Entry> entries = new ArrayList<>();
        for (var e : versions.entrySet()) {
            for (ModelArtifact a : e.getValue()) {
                entries.add(new Entry(a.trainedAt(), e.getKey(), a.version(), "trained"));
                if (a.promotedAt() != null) entries.add(new Entry(a.promotedAt(), e.getKey(), a.version(), "promoted"));
                if (a.retiredAt() != null) entries.add(new Entry(a.retiredAt(), e.getKey(), a.version(), "retired"));
                if (a.status() == ModelStatus.REJECTED) entries.add(new Entry(a.trainedAt(), e.getKey(), a.version(), "rejected"));
                if (a.status() != ModelStatus.ACTIVE && a.status() != ModelStatus.RETIRED && a.status() != ModelStatus.REJECTED) {
                    entries.add(new Entry(a.trainedAt(), e.getKey(), a.version(), a.status().name().toLowerCase(java.util.Locale.ROOT)));
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::at).reversed());
        b.append("<section><h2>Version timeline</h2><ol id=\"timeline\" style=\"max-height:260px;overflow:auto;padding-left:18px\">");
        for (Entry en : entries.subList(0, Math.min(entries.size(), 100))) {
            b.append("<li class=\"timeline-entry\" data-event=\"").append(en.what()).append("\"><span class=\"muted\">").append(Html.esc(en.at()))
                    .append("</span> <b>").append(Html.esc(en.type().name())).append("</b> ").append(Html.esc(en.version())).append(' ')
                    .append(Html.esc(en.what())).append("</li>");
        }
        if (entries.isEmpty()) b.append("<li class=\"muted\">no versions yet</li>");
        b.append("</ol></section>");
    }

    private void metricHistory(StringBuilder b, Map<ModelType, List<ModelArtifact>> versions) {
        b.append("<section><h2>Skill vs zero forecast across versions</h2>");
        String[] colors = {"#3b82f6", "#f97316", "#16a34a", "#a855f7", "#dc2626", "#0891b2", "#ca8a04", "#4b5563"};
        List<Svg.Series> series = new ArrayList<>();
        int c = 0;
        for (var e : versions.entrySet()) {
            List<ModelArtifact> vs = new ArrayList<>(e.getValue());
            vs.sort(Comparator.comparing(ModelArtifact::trainedAt));
            double[] xs = new double[vs.size()], ys = new double[vs.size()], lo = new double[vs.size()], hi = new double[vs.size()];
            for (int i = 0; i < vs.size(); i++) {
                xs[i] = vs.get(i).trainedAt().toEpochMilli() / 86_400_000.0;
                ys[i] = skill(vs.get(i));
                double half = 1.959963984540054 * skillSe(vs.get(i));
                lo[i] = ys[i] - half;
                hi[i] = ys[i] + half;
            }
            series.add(new Svg.Series(e.getKey().name(), colors[c++ % colors.length], xs, ys, lo, hi));
        }
        b.append(Svg.lineChart("metric-history", 500, 180, series, null, null, "trained (day)", "skill vs zero with 95% band"));
        b.append("<div>");
        for (Svg.Series s : series) b.append("<span style=\"color:").append(s.color()).append("\">● ").append(Html.esc(s.name())).append("</span> ");
        b.append("</div></section>");
    }

    private void shadows(StringBuilder b) {
        b.append("<section><h2>Shadow tests</h2><table id=\"shadows\"><tr><th>type</th><th>version</th><th>samples</th><th>decision</th></tr>");
        List<ControlPlane.ShadowView> shadows = cp.shadows();
        for (ControlPlane.ShadowView s : shadows) {
            double frac = s.targetSamples() <= 0 ? 1 : Math.min(1.0, s.samples() / (double) s.targetSamples());
            b.append("<tr class=\"shadow-row\"><td>").append(Html.esc(s.type().name())).append("</td><td>").append(Html.esc(s.version()))
                    .append("</td><td><div class=\"bar\" title=\"").append(s.samples()).append(" of ").append(s.targetSamples())
                    .append("\"><span style=\"width:").append(Html.num(100 * frac, 0)).append("%\"></span></div>").append(s.samples())
                    .append(" / ").append(s.targetSamples()).append("</td><td>")
                    .append(s.latest() == null ? "waiting for live samples" : Html.esc(s.latest().decision() + ": " + s.latest().reason()))
                    .append("</td></tr>");
        }
        if (shadows.isEmpty()) b.append("<tr><td colspan=\"4\" class=\"muted\">no SHADOW versions</td></tr>");
        b.append("</table></section>");
    }

    private void drift(StringBuilder b) {
        List<DriftEvent> events = cp.driftEvents(WINDOW, java.util.Optional.empty());
        TreeSet<String> features = new TreeSet<>();
        TreeMap<Instant, Map<String, DriftEvent>> checks = new TreeMap<>();
        for (DriftEvent e : events) {
            String f = e.feature() == null || e.feature().isBlank() ? e.driftType().name().toLowerCase(java.util.Locale.ROOT) : e.feature();
            features.add(f);
            checks.computeIfAbsent(e.detectedAt(), k -> new LinkedHashMap<>()).merge(f, e,
                    (x, y) -> x.severity().compareTo(y.severity()) >= 0 ? x : y);
        }
        b.append("<section><h2>Drift (feature × check, last ").append(WINDOW.toDays()).append(" days)</h2>");
        if (events.isEmpty()) {
            b.append("<p class=\"muted\" id=\"drift-empty\">no drift events</p></section>");
            return;
        }
        List<Instant> cols = new ArrayList<>(checks.keySet());
        if (cols.size() > 40) cols = cols.subList(cols.size() - 40, cols.size());
        List<String> rows = new ArrayList<>(features);
        if (rows.size() > 30) rows = rows.subList(0, 30);
        int cell = 12, left = 120;
        int w = left + cols.size() * cell + 4, h = rows.size() * cell + 4;
        b.append("<svg id=\"drift-heatmap\" class=\"chart\" data-cells=\"").append(rows.size() * cols.size()).append("\" width=\"").append(w)
                .append("\" height=\"").append(h).append("\">");
        for (int r = 0; r < rows.size(); r++) {
            b.append("<text x=\"0\" y=\"").append(r * cell + 10).append("\">").append(Html.esc(rows.get(r))).append("</text>");
            for (int c = 0; c < cols.size(); c++) {
                DriftEvent e = checks.get(cols.get(c)).get(rows.get(r));
                String color = e == null ? "#f1f2f4" : switch (e.severity()) {
                    case NONE -> "#e5e7eb";
                    case LOW -> "#fde68a";
                    case MEDIUM -> "#fb923c";
                    case HIGH -> "#ef4444";
                    case CRITICAL -> "#7f1d1d";
                };
                b.append("<rect class=\"cell\" x=\"").append(left + c * cell).append("\" y=\"").append(r * cell).append("\" width=\"")
                        .append(cell - 1).append("\" height=\"").append(cell - 1).append("\" fill=\"").append(color).append("\"><title>")
                        .append(Html.esc(rows.get(r) + " @ " + cols.get(c) + (e == null ? "" : ": " + e.severity() + " p=" + e.pValue())))
                        .append("</title></rect>");
            }
        }
        b.append("</svg></section>");
    }

    private void health(StringBuilder b) {
        b.append("<section><h2>Supervisor health</h2><table id=\"health\"><tr><th>type</th><th>status</th><th>win rate [95%]</th>")
                .append("<th>calibration</th><th>latency p50/p95/p99 µs</th></tr>");
        for (ModelType t : cp.modelTypes()) {
            List<PerformanceLog> logs = cp.performance(t, WINDOW);
            if (logs.isEmpty()) continue;
            PerformanceLog l = logs.get(0);
            b.append("<tr><td>").append(Html.esc(t.name())).append("</td><td class=\"").append(l.health().name().equals("HEALTHY") ? "ok" : "bad")
                    .append("\">").append(l.health()).append("</td><td>").append(Html.pct(l.winrate())).append(" [").append(Html.pct(l.winrateLower()))
                    .append(", ").append(Html.pct(l.winrateUpper())).append("]</td><td>").append(Html.num(l.calibrationError(), 3)).append("</td><td>")
                    .append(Html.num(l.latencyP50Micros(), 0)).append(" / ").append(Html.num(l.latencyP95Micros(), 0)).append(" / ")
                    .append(Html.num(l.latencyP99Micros(), 0)).append("</td></tr>");
        }
        b.append("</table></section>");
    }

    private void jobs(StringBuilder b) {
        b.append("<section><h2>Recent jobs</h2><table id=\"jobs\"><tr><th>job</th><th>status</th><th>started</th><th>duration</th><th>models</th><th>failures</th></tr>");
        for (ControlPlane.JobView j : cp.jobs(15)) {
            var job = j.job();
            b.append("<tr class=\"job-row\"><td><a href=\"/reports/").append(Html.esc(job.id())).append("\">").append(Html.esc(job.id()))
                    .append("</a></td><td class=\"").append(job.status().name().equals("FAILED") ? "bad" : "").append("\">")
                    .append(job.status()).append(j.reportStatus() == null ? "" : " (" + Html.esc(j.reportStatus()) + ")").append("</td><td>")
                    .append(Html.esc(job.startedAt())).append("</td><td>").append(Html.num(job.durationSeconds(), 1)).append(" s</td><td>")
                    .append(job.modelsSucceeded()).append('/').append(job.modelsTrained()).append("</td><td>")
                    .append(Html.esc(job.error() != null ? job.error() : j.failures().isEmpty() ? "" : j.failures().toString()))
                    .append("</td></tr>");
        }
        b.append("</table></section>");
    }
}
