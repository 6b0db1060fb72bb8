package dev.clm.stats;

import java.util.Arrays;

/**
 * Collapses a panel (rows of several symbols observed at the same instants, in any order) to one
 * value per timestamp: the mean over the rows that share it, in increasing time.
 *
 * <p>Why: the rows of several symbols at one timestamp move together (a common market factor),
 * so treating them as separate observations overstates the information by up to the number of
 * symbols. Averaging per timestamp first and then accounting for serial dependence in time
 * (see {@link BlockTest}) is the "cluster by time" answer of Petersen, M. A. (2009), "Estimating
 * standard errors in finance panel data sets", Review of Financial Studies 22(1), for a
 * cross-sectional average; a symbol-level weighting is unnecessary for a test of the mean.
 *
 * <p>Stateless and thread-safe.
 */
public final class TimeAggregation {
    private TimeAggregation() {}

    /**
     * One value per distinct timestamp.
     *
     * @param timesMillis strictly increasing timestamps (epoch ms)
     * @param values      mean of the rows at that timestamp
     * @param rows        number of rows averaged
     */
    public record Series(long[] timesMillis, double[] values, int[] rows) {
        public int size() {
            return values.length;
        }

        /** Median step between consecutive timestamps (ms); 0 when fewer than two. */
        public long medianStepMillis() {
            int n = timesMillis.length;
            if (n < 2) return 0;
            long[] steps = new long[n - 1];
            for (int i = 1; i < n; i++) steps[i - 1] = timesMillis[i] - timesMillis[i - 1];
            Arrays.sort(steps);
            return steps[(n - 1) / 2];
        }
    }

    /** Mean of {@code x[0..n)} per distinct {@code timesMillis} value, in increasing time. */
    public static Series meanPerTimestamp(double[] x, long[] timesMillis, int n) {
        if (n < 0 || n > x.length || n > timesMillis.length) {
            throw new IllegalArgumentException("n (" + n + ") must be in [0, " + Math.min(x.length, timesMillis.length) + "]");
        }
        boolean sorted = true;
        for (int i = 1; i < n && sorted; i++) sorted = timesMillis[i] >= timesMillis[i - 1];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (!sorted) order = sortByTime(timesMillis, n);
        long[] ts = new long[n];
        double[] v = new double[n];
        int[] rows = new int[n];
        int k = -1;
        for (int j = 0; j < n; j++) {
            int i = order[j];
            if (k < 0 || timesMillis[i] != ts[k]) {
                k++;
                ts[k] = timesMillis[i];
            }
            v[k] += x[i];
            rows[k]++;
        }
        int m = k + 1;
        for (int i = 0; i < m; i++) v[i] /= rows[i];
        return new Series(Arrays.copyOf(ts, m), Arrays.copyOf(v, m), Arrays.copyOf(rows, m));
    }

    private static int[] sortByTime(long[] t, int n) {
        // Stable order by time without boxing: sort (time, index) packed pairs.
        long[][] pairs = new long[n][];
        for (int i = 0; i < n; i++) pairs[i] = new long[] {t[i], i};
        Arrays.sort(pairs, (p, q) -> p[0] != q[0] ? Long.compare(p[0], q[0]) : Long.compare(p[1], q[1]));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = (int) pairs[i][1];
        return order;
    }
}
