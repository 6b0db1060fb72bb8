package dev.clm.features;

import dev.clm.api.BarSeries;
import java.util.Arrays;

/**
 * Splits one symbol's bars into segments that indicators may span: a new segment starts after
 * a time gap with more than {@code maxGapBars} missing bars, and a bar with a zero price
 * (allowed by {@link BarSeries}, but log returns and ranges of it are undefined) belongs to no
 * segment. The expected bar spacing is the smallest spacing seen so far in the series, so a
 * boundary at bar t depends only on bars up to t (the no-look-ahead property holds).
 * Immutable.
 */
public final class Segments {
    private final int[] starts;
    private final int[] ends;

    private Segments(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** Segments of {@code s} under the gap limit {@code maxGapBars} (>= 1). */
    public static Segments of(BarSeries s, int maxGapBars) {
        return compute(s, maxGapBars, false);
    }

    /**
     * Like {@link #of}, or null when a bar fails a check of {@link BarSeries}'s constructor (the
     * caller then re-runs those checks for the message): the series' arrays are shared, not copied,
     * and may have changed since construction. One pass over the bars for both.
     */
    static Segments ofValid(BarSeries s, int maxGapBars) {
        return compute(s, maxGapBars, true);
    }

    private static Segments compute(BarSeries s, int maxGapBars, boolean validate) {
        int n = s.size();
        long[] ts = s.timestamps();
        double[] o = s.open(), h = s.high(), l = s.low(), c = s.close(), v = s.volume();
        int[] st = new int[4];
        int[] en = new int[4];
        int count = 0;
        int start = -1;
        long minStep = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            if (i > 0) minStep = Math.min(minStep, ts[i] - ts[i - 1]);
            double oi = o[i], hi = h[i], li = l[i], ci = c[i];
            if (validate) {
                if (i > 0 && ts[i] <= ts[i - 1]) return null;
                double vi = v[i];
                // The usual bar in one test without branches: low <= open, close <= high within the
                // price range (so every price is), volume finite and >= 0; false for NaN anywhere.
                if (!(li >= BarSeries.MIN_POSITIVE_PRICE & hi <= BarSeries.MAX_PRICE & hi >= oi & hi >= ci & li <= oi & li <= ci
                        & vi >= 0 & vi <= Double.MAX_VALUE)) {
                    // Otherwise every rule on its own (a zero price is allowed).
                    if (!(isPrice(oi) && isPrice(hi) && isPrice(li) && isPrice(ci))) return null;
                    if (!(vi >= 0 && vi <= Double.MAX_VALUE)) return null;
                    if (!(hi >= oi && hi >= ci && hi >= li && li <= oi && li <= ci)) return null;
                }
            }
            boolean usable = oi > 0 && hi > 0 && li > 0 && ci > 0;
            boolean gap = i > 0 && isGap(ts[i] - ts[i - 1], minStep, maxGapBars);
            if (start >= 0 && (!usable || gap)) {
                if (count == st.length) {
                    st = Arrays.copyOf(st, count * 2);
                    en = Arrays.copyOf(en, count * 2);
                }
                st[count] = start;
                en[count++] = i;
                start = -1;
            }
            if (usable && start < 0) start = i;
        }
        if (start >= 0) {
            if (count == st.length) {
                st = Arrays.copyOf(st, count + 1);
                en = Arrays.copyOf(en, count + 1);
            }
            st[count] = start;
            en[count++] = n;
        }
        return new Segments(Arrays.copyOf(st, count), Arrays.copyOf(en, count));
    }

    /** {@link BarSeries}'s price rule: 0 (no trade) or within [MIN_POSITIVE_PRICE, MAX_PRICE]; NaN is neither. */
    private static boolean isPrice(double v) {
        return v == 0 || (v >= BarSeries.MIN_POSITIVE_PRICE && v <= BarSeries.MAX_PRICE);
    }

    /** True when a spacing of {@code step} ms between bars means more than {@code maxGapBars} bars are missing. */
    static boolean isGap(long step, long minStep, int maxGapBars) {
        return minStep > 0 && minStep != Long.MAX_VALUE && step > (maxGapBars + 1L) * minStep;
    }

    public int count() {
        return starts.length;
    }

    /** First bar of segment {@code i}. */
    public int start(int i) {
        return starts[i];
    }

    /** One past the last bar of segment {@code i}. */
    public int end(int i) {
        return ends[i];
    }

    /** Longest segment in bars (0 when there is none). */
    public int longest() {
        int m = 0;
        for (int i = 0; i < starts.length; i++) m = Math.max(m, ends[i] - starts[i]);
        return m;
    }
}
