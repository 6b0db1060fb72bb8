package dev.clm.features;

import dev.clm.api.BarSeries;
import dev.clm.api.MarketData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What real candles look like before features are computed: per symbol the bar spacing, time
 * gaps and missing bars, flat zero-volume bars (exchange-outage filler: open = high = low =
 * close and volume 0), zero-price bars, and how many times the feature warm-up restarts under
 * the gap limit. Nothing here is an error: gaps and outage bars are real and kept (see {@link
 * Segments}); the report makes them visible. Immutable.
 */
public record DataQualityReport(int maxGapBars, List<SymbolQuality> symbols) {

    public DataQualityReport {
        symbols = List.copyOf(symbols);
    }

    /**
     * Quality of one symbol's bars.
     *
     * @param typicalStepMillis median spacing between consecutive bars (0 with fewer than 2 bars)
     * @param gapEvents         spacings longer than 1.5 typical steps (weekends count for daily and FX data)
     * @param missingBars       bars missing inside those gaps, at the typical spacing
     * @param longestGapBars    missing bars in the longest gap
     * @param flatZeroVolumeBars bars with open = high = low = close and volume 0
     * @param zeroVolumeBars    bars with volume 0 (flat or not)
     * @param zeroPriceBars     bars with a zero open, high, low or close (excluded from features)
     * @param segments          gap-free segments under the gap limit; warm-up restarts = segments - 1
     */
    public record SymbolQuality(String symbol, int bars, Instant first, Instant last, long typicalStepMillis, int gapEvents,
                                long missingBars, long longestGapBars, int flatZeroVolumeBars, int zeroVolumeBars,
                                int zeroPriceBars, int segments) {

        public int warmupRestarts() {
            return Math.max(0, segments - 1);
        }

        @Override
        public String toString() {
            return symbol + ": " + bars + " bars " + first + " .. " + last + ", step " + Duration.ofMillis(typicalStepMillis)
                    + ", gaps " + gapEvents + " (" + missingBars + " missing bars, longest " + longestGapBars + ")"
                    + ", flat zero-volume " + flatZeroVolumeBars + ", zero-volume " + zeroVolumeBars
                    + ", zero-price " + zeroPriceBars + ", warm-up restarts " + warmupRestarts();
        }
    }

    /** Analyses every symbol of {@code data} (one pass each) under the gap limit {@code maxGapBars}. */
    public static DataQualityReport of(MarketData data, int maxGapBars) {
        List<SymbolQuality> out = new ArrayList<>();
        for (BarSeries s : data.series()) out.add(analyse(s, maxGapBars));
        return new DataQualityReport(maxGapBars, out);
    }

    static SymbolQuality analyse(BarSeries s, int maxGapBars) {
        int n = s.size();
        long[] ts = s.timestamps();
        long step = medianStep(ts);
        int gaps = 0;
        long missing = 0, longest = 0;
        int flat = 0, zeroVol = 0, zeroPrice = 0;
        double[] o = s.open(), h = s.high(), l = s.low(), c = s.close(), v = s.volume();
        for (int i = 0; i < n; i++) {
            if (i > 0 && step > 0) {
                long d = ts[i] - ts[i - 1];
                if (d * 2 > step * 3) {
                    long m = Math.round((double) d / step) - 1;
                    gaps++;
                    missing += m;
                    longest = Math.max(longest, m);
                }
            }
            if (v[i] == 0) {
                zeroVol++;
                if (o[i] == h[i] && h[i] == l[i] && l[i] == c[i]) flat++;
            }
            if (o[i] == 0 || h[i] == 0 || l[i] == 0 || c[i] == 0) zeroPrice++;
        }
        int segments = n == 0 ? 0 : Segments.of(s, maxGapBars).count();
        return new SymbolQuality(s.symbol(), n, s.firstTime(), s.lastTime(), step, gaps, missing, longest, flat, zeroVol,
                zeroPrice, segments);
    }

    private static long medianStep(long[] ts) {
        if (ts.length < 2) return 0;
        long[] d = new long[ts.length - 1];
        for (int i = 1; i < ts.length; i++) d[i - 1] = ts[i] - ts[i - 1];
        Arrays.sort(d);
        return d[d.length / 2];
    }

    /** Total over symbols. */
    public long totalMissingBars() {
        long m = 0;
        for (SymbolQuality q : symbols) m += q.missingBars();
        return m;
    }

    /** Total over symbols. */
    public int totalFlatZeroVolumeBars() {
        int m = 0;
        for (SymbolQuality q : symbols) m += q.flatZeroVolumeBars();
        return m;
    }

    /** One line per symbol. */
    public String summary() {
        StringBuilder sb = new StringBuilder("data quality (gap limit " + maxGapBars + " missing bars):");
        for (SymbolQuality q : symbols) sb.append(System.lineSeparator()).append("  ").append(q);
        return sb.toString();
    }
}
