package dev.clm.http.internal;

import java.util.List;
import java.util.Locale;

/** Small server-rendered SVG charts; every drawn point carries a class so tests and readers can count it. */
public final class Svg {
    private Svg() {}

    /** One named series of (x, y) points, optionally with a lower/upper band per point (null: none). */
    public record Series(String name, String color, double[] xs, double[] ys, double[] lo, double[] hi) {
        public Series(String name, String color, double[] xs, double[] ys) {
            this(name, color, xs, ys, null, null);
        }
    }

    /**
     * A line chart of several series with optional lower/upper band per point of the first series.
     * Each point is a {@code <circle class="pt">}; the chart carries {@code data-points} = their count.
     */
    public static String lineChart(String id, int width, int height, List<Series> series, double[] bandLo, double[] bandHi,
                                   String xLabel, String yLabel) {
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        int points = 0;
        for (Series s : series) {
            for (int i = 0; i < s.xs().length; i++) {
                if (!Double.isFinite(s.ys()[i])) continue;
                minX = Math.min(minX, s.xs()[i]);
                maxX = Math.max(maxX, s.xs()[i]);
                minY = Math.min(minY, s.ys()[i]);
                maxY = Math.max(maxY, s.ys()[i]);
                points++;
            }
        }
        for (Series s : series) {
            if (s.lo() == null) continue;
            for (int i = 0; i < s.lo().length; i++) {
                if (Double.isFinite(s.lo()[i]) && Double.isFinite(s.ys()[i])) minY = Math.min(minY, s.lo()[i]);
                if (Double.isFinite(s.hi()[i]) && Double.isFinite(s.ys()[i])) maxY = Math.max(maxY, s.hi()[i]);
            }
        }
        if (bandLo != null) {
            for (int i = 0; i < bandLo.length; i++) {
                if (Double.isFinite(bandLo[i])) minY = Math.min(minY, bandLo[i]);
                if (Double.isFinite(bandHi[i])) maxY = Math.max(maxY, bandHi[i]);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<svg id=\"").append(Html.esc(id)).append("\" class=\"chart\" data-points=\"").append(points)
                .append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"")
                .append(Html.esc(yLabel)).append(" by ").append(Html.esc(xLabel)).append("\">");
        if (points == 0) {
            b.append("<text x=\"10\" y=\"20\">no data yet</text></svg>");
            return b.toString();
        }
        if (maxX == minX) { maxX += 1; minX -= 1; }
        if (maxY == minY) { maxY += Math.abs(maxY) * 0.1 + 1e-9; minY -= Math.abs(minY) * 0.1 + 1e-9; }
        double pl = 44, pr = 8, pt = 8, pb = 22;
        Scale sx = new Scale(minX, maxX, pl, width - pr);
        Scale sy = new Scale(minY, maxY, height - pb, pt);
        b.append("<line x1=\"").append(pl).append("\" y1=\"").append(height - pb).append("\" x2=\"").append(width - pr)
                .append("\" y2=\"").append(height - pb).append("\" stroke=\"#ccc\"/>");
        b.append("<text x=\"2\" y=\"").append(fmt(sy.at(maxY) + 8)).append("\">").append(Html.esc(short4(maxY))).append("</text>");
        b.append("<text x=\"2\" y=\"").append(fmt(sy.at(minY))).append("\">").append(Html.esc(short4(minY))).append("</text>");
        b.append("<text x=\"").append(width / 2).append("\" y=\"").append(height - 4).append("\">").append(Html.esc(xLabel)).append("</text>");
        if (bandLo != null && !series.isEmpty()) {
            Series s = series.get(0);
            StringBuilder poly = new StringBuilder();
            for (int i = 0; i < s.xs().length; i++) if (Double.isFinite(bandHi[i])) poly.append(fmt(sx.at(s.xs()[i]))).append(',').append(fmt(sy.at(bandHi[i]))).append(' ');
            for (int i = s.xs().length - 1; i >= 0; i--) if (Double.isFinite(bandLo[i])) poly.append(fmt(sx.at(s.xs()[i]))).append(',').append(fmt(sy.at(bandLo[i]))).append(' ');
            b.append("<polygon class=\"band\" points=\"").append(poly).append("\" fill=\"").append(s.color()).append("\" fill-opacity=\"0.15\"/>");
        }
        for (Series s : series) {
            if (s.lo() == null) continue;
            StringBuilder poly = new StringBuilder();
            int corners = 0;
            for (int i = 0; i < s.xs().length; i++) {
                if (!Double.isFinite(s.hi()[i]) || !Double.isFinite(s.ys()[i])) continue;
                poly.append(fmt(sx.at(s.xs()[i]))).append(',').append(fmt(sy.at(s.hi()[i]))).append(' ');
                corners++;
            }
            for (int i = s.xs().length - 1; i >= 0; i--) {
                if (!Double.isFinite(s.lo()[i]) || !Double.isFinite(s.ys()[i])) continue;
                poly.append(fmt(sx.at(s.xs()[i]))).append(',').append(fmt(sy.at(s.lo()[i]))).append(' ');
            }
            if (corners > 0) {
                b.append("<polygon class=\"band\" data-series=\"").append(Html.esc(s.name())).append("\" points=\"").append(poly)
                        .append("\" fill=\"").append(s.color()).append("\" fill-opacity=\"0.15\"/>");
            }
        }
        for (Series s : series) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < s.xs().length; i++) {
                if (!Double.isFinite(s.ys()[i])) continue;
                line.append(fmt(sx.at(s.xs()[i]))).append(',').append(fmt(sy.at(s.ys()[i]))).append(' ');
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.5\" points=\"").append(line).append("\"/>");
            for (int i = 0; i < s.xs().length; i++) {
                if (!Double.isFinite(s.ys()[i])) continue;
                b.append("<circle class=\"pt\" data-series=\"").append(Html.esc(s.name())).append("\" cx=\"").append(fmt(sx.at(s.xs()[i])))
                        .append("\" cy=\"").append(fmt(sy.at(s.ys()[i]))).append("\" r=\"2.5\" fill=\"").append(s.color()).append("\"><title>")
                        .append(Html.esc(s.name())).append(": ").append(Html.esc(short4(s.ys()[i]))).append("</title></circle>");
            }
        }
        b.append("</svg>");
        return b.toString();
    }

    private record Scale(double lo, double hi, double from, double to) {
        double at(double v) { return from + (v - lo) / (hi - lo) * (to - from); }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String short4(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A horizontal bar chart; each bar is a {@code <rect class="bar-value">}. */
    public static String barChart(String id, int width, List<String> labels, double[] values, String[] colors) {
        int row = 18, left = 110, height = labels.size() * row + 4;
        double max = 0;
        for (double v : values) if (Double.isFinite(v)) max = Math.max(max, Math.abs(v));
        if (max == 0) max = 1;
        StringBuilder b = new StringBuilder();
        b.append("<svg id=\"").append(Html.esc(id)).append("\" class=\"chart\" data-points=\"").append(labels.size())
                .append("\" width=\"").append(width).append("\" height=\"").append(height).append("\">");
        for (int i = 0; i < labels.size(); i++) {
            double v = values[i];
            double w = Double.isFinite(v) ? Math.abs(v) / max * (width - left - 70) : 0;
            b.append("<text x=\"0\" y=\"").append(i * row + 12).append("\">").append(Html.esc(labels.get(i))).append("</text>")
                    .append("<rect class=\"bar-value\" x=\"").append(left).append("\" y=\"").append(i * row + 2).append("\" width=\"")
                    .append(fmt(w)).append("\" height=\"").append(row - 5).append("\" fill=\"").append(colors[i % colors.length]).append("\"/>")
                    .append("<text x=\"").append(fmt(left + w + 4)).append("\" y=\"").append(i * row + 12).append("\">")
                    .append(Html.esc(short4(v))).append("</text>");
        }
        b.append("</svg>");
        return b.toString();
    }
}
