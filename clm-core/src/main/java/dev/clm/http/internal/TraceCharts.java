package dev.clm.http.internal;

import dev.clm.report.EvaluationTrace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Charts of one type's evaluation rows: cumulative loss, error distributions, folds, top features. */
final class TraceCharts {
    private static final int MAX_POINTS = 300;
    private static final int BINS = 30;
    private static final String CANDIDATE = "#3b82f6", ACTIVE = "#f97316", ZERO = "#9ca3af";

    private TraceCharts() {}

    static void append(StringBuilder b, EvaluationTrace t) {
        String type = t.type().name();
        int n = t.rows();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Long.compare(t.timestamps()[x], t.timestamps()[y]));
        double[] cumC = new double[n], cumA = t.active() == null ? null : new double[n], cumZ = new double[n];
        double c = 0, a = 0, z = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            c += Math.abs(t.labels()[i] - t.candidate()[i]);
            z += Math.abs(t.labels()[i]);
            cumC[k] = c;
            cumZ[k] = z;
            if (cumA != null) {
                a += Math.abs(t.labels()[i] - t.active()[i]);
                cumA[k] = a;
            }
        }
        int step = Math.max(1, n / MAX_POINTS);
        int m = (n + step - 1) / step;
        double[] xs = new double[m], yc = new double[m], ya = new double[m], yz = new double[m];
        for (int k = 0, j = 0; k < n; k += step, j++) {
            xs[j] = k + 1;
            yc[j] = cumC[k];
            yz[j] = cumZ[k];
            ya[j] = cumA == null ? Double.NaN : cumA[k];
        }
        List<Svg.Series> series = new ArrayList<>();
        series.add(new Svg.Series("candidate", CANDIDATE, xs, yc));
        if (cumA != null) series.add(new Svg.Series("ACTIVE", ACTIVE, xs, ya));
        series.add(new Svg.Series("zero forecast", ZERO, xs, yz));
        b.append("<h2>Cumulative absolute error over the ").append(n).append(" evaluation rows (time order)</h2>")
                .append(Svg.lineChart("cumloss-" + type, 500, 200, series, null, null, "evaluation row", "cumulative |error|"))
                .append(legend(cumA != null));

        b.append("<h2>Error distributions</h2>");
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, Math.min(t.labels()[i] - t.candidate()[i], t.labels()[i]));
            hi = Math.max(hi, Math.max(t.labels()[i] - t.candidate()[i], t.labels()[i]));
        }
        double[] centres = new double[BINS];
        for (int k = 0; k < BINS; k++) centres[k] = lo + (k + 0.5) * (hi - lo) / BINS;
        List<Svg.Series> hist = new ArrayList<>();
        hist.add(new Svg.Series("candidate", CANDIDATE, centres, histogram(t, lo, hi, 0)));
        if (t.active() != null) hist.add(new Svg.Series("ACTIVE", ACTIVE, centres, histogram(t, lo, hi, 1)));
        hist.add(new Svg.Series("zero forecast", ZERO, centres, histogram(t, lo, hi, 2)));
        b.append(Svg.lineChart("errors-" + type, 500, 180, hist, null, null, "error (label − forecast)", "rows")).append(legend(t.active() != null));

        if (!t.folds().isEmpty()) {
            b.append("<h2>Folds</h2><table class=\"folds\"><tr><th>fold</th><th>rows</th><th>candidate</th><th>ACTIVE</th><th>zero</th></tr>");
            for (EvaluationTrace.FoldResult f : t.folds()) {
                b.append("<tr class=\"fold-row\"><td>").append(f.fold()).append("</td><td>").append(f.rows()).append("</td><td>")
                        .append(Html.num(f.candidateLoss(), 6)).append("</td><td>").append(Html.num(f.activeLoss(), 6)).append("</td><td>")
                        .append(Html.num(f.zeroLoss(), 6)).append("</td></tr>");
            }
            b.append("</table>");
        }
        features(b, "Top features by split gain", "gain-" + type, t.featureGain());
        features(b, "Top features by mean |SHAP| on these rows", "shap-" + type, t.meanAbsShap());
    }

    private static double[] histogram(EvaluationTrace t, double lo, double hi, int which) {
        double[] counts = new double[BINS];
        double width = (hi - lo) / BINS;
        for (int i = 0; i < t.rows(); i++) {
            double forecast = which == 0 ? t.candidate()[i] : which == 1 ? t.active()[i] : 0;
            double e = t.labels()[i] - forecast;
            int k = width <= 0 ? 0 : (int) Math.min(BINS - 1, Math.max(0, Math.floor((e - lo) / width)));
            counts[k]++;
        }
        return counts;
    }

    private static void features(StringBuilder b, String title, String id, Map<String, Double> scores) {
        if (scores.isEmpty()) return;
        List<String> labels = new ArrayList<>(scores.keySet());
        double[] values = scores.values().stream().mapToDouble(Double::doubleValue).toArray();
        b.append("<h2>").append(title).append("</h2>").append(Svg.barChart(id, 480, labels, values, new String[] {CANDIDATE}));
    }

    private static String legend(boolean active) {
        return "<div><span style=\"color:" + CANDIDATE + "\">● candidate</span> "
                + (active ? "<span style=\"color:" + ACTIVE + "\">● ACTIVE</span> " : "")
                + "<span style=\"color:" + ZERO + "\">● zero forecast</span></div>";
    }
}
