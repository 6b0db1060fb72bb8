package dev.clm.http.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Escaping and formatting for the server-rendered pages. */
public final class Html {
    private Html() {}

    public static String esc(Object o) {
        if (o == null) return "";
        String s = o.toString();
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public static String num(double v, int decimals) {
        if (!Double.isFinite(v)) return "–";
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    public static String pct(double v) {
        return Double.isFinite(v) ? num(100 * v, 1) + "%" : "–";
    }

    public static String age(Instant from, Instant now) {
        if (from == null) return "–";
        Duration d = Duration.between(from, now);
        if (d.toDays() >= 2) return d.toDays() + " d";
        if (d.toHours() >= 2) return d.toHours() + " h";
        return Math.max(0, d.toMinutes()) + " min";
    }

    public static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2430}
            header{background:#1d2430;color:#fff;padding:12px 20px;display:flex;gap:24px;align-items:baseline}
            header h1{font-size:18px;margin:0}
            main{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px;padding:16px}
            section{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px #0002}
            h2{font-size:15px;margin:4px 0 10px}
            table{border-collapse:collapse;width:100%}
            td,th{padding:4px 6px;border-bottom:1px solid #eee;text-align:left;font-variant-numeric:tabular-nums}
            .ok{color:#17803d}.bad{color:#b42318}.muted{color:#667085}
            .bar{background:#eef0f3;border-radius:4px;height:10px;position:relative}
            .bar>span{display:block;height:10px;border-radius:4px;background:#3b82f6}
            svg text{font-size:10px;fill:#667085}
            """;
}
