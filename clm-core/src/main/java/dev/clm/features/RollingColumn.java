package dev.clm.features;

import java.util.Arrays;

/**
 * A rolling window of the last {@code n} values of one input column, advanced a block at a
 * time: writes the window's mean at every bar into an output column; deviations come
 * from {@link #deviations} (two passes over the window at the bars that need them).
 *
 * <p>Why the results do not depend on where the series starts: the running sum is kept
 * relative to a shift (a recent value, so prices near 50,000 lose no precision), and it is
 * rebuilt from the window, oldest value first, at <em>rebase bars</em> that depend only on the
 * bars' own timestamps ({@link BarBlock#isRebaseBar}: about every {@value #REBASE_STEPS} bar
 * steps on a fixed time grid). After the first rebase bar with a full window, the state is a
 * function of the window alone, so every later value is bit-identical for any start that
 * contains the window; before it, values agree to rounding. A window whose values are all equal
 * (an outage's flat bars, zero volume) is recognised exactly from the input's equal-run column
 * ({@link BarBlock#equalRuns}): its mean is that value, with no rounding residue. A run of more than {@value #MAX_SINCE_REBASE} values without a rebase bar (timestamps
 * that never cross the grid) rebases anyway, to bound rounding drift.
 *
 * <p>The caller guarantees that the input column holds at least {@code n} bars of history
 * before the block (see {@link BarBlock}). Not thread-safe.
 */
final class RollingColumn {
    /** Rebase bars fall on a time grid of this many bar steps. */
    static final int REBASE_STEPS = 64;
    /** Values pushed without a rebase bar before one is forced. */
    static final int MAX_SINCE_REBASE = 4096;

    private final int n;
    private final double invN;
    private double shift, sum, invCount;
    private int count, sinceRebase;

    RollingColumn(int n) {
        this.n = n;
        this.invN = 1.0 / n;
    }

    int period() {
        return n;
    }

    void reset() {
        count = 0;
        sinceRebase = 0;
        sum = 0;
    }

    /** Bars from j on that need no warm-up or rebase step, before {@code nextRebase}: the length of the next steady run. */
    private int steadyRun(int j, int end, int nextRebase) {
        if (count < n) return 0;
        return Math.max(0, Math.min(Math.min(end, nextRebase) - j, MAX_SINCE_REBASE - 1 - sinceRebase));
    }

    /**
     * Pushes {@code x[first, end)} ({@code runs[j]}: how many values up to x[j] are equal in a
     * row); writes the mean after each push to {@code mean} (same slots).
     */
    void means(BarBlock b, double[] x, double[] runs, int first, double[] mean) {
        int end = b.end();
        int r = b.rebaseIndexFrom(first);
        int j = first;
        while (j < end) {
            int next = b.rebaseSlot(r);
            int len = steadyRun(j, end, next);
            if (len == 0) {
                if (pushOne(x, j, j == next)) r++;
                mean[j] = runs[j] >= count ? x[j] + 0.0 : shift + sum * invCount;
                j++;
                continue;
            }
            double sh = shift, s = sum, inv = invN, zn = n;
            for (int stop = j + len; j < stop; j++) {
                double d = x[j] - sh, od = x[j - n] - sh;
                s += d - od;
                mean[j] = runs[j] >= zn ? x[j] + 0.0 : sh + s * inv;
            }
            sum = s;
            sinceRebase += len;
        }
    }

    /**
     * {@link #means} of this window over {@code x} and of {@code other} (same period) over {@code
     * y}: in one loop while the two are in step (same fill and bars since a rebase, as two windows
     * reset together and pushed the same slots are), so that their two running sums overlap their
     * latencies; otherwise one after the other. The values are those of two separate calls.
     */
    void meansWith(RollingColumn other, BarBlock b, int first, double[] x, double[] runsX, double[] meanX, double[] y,
                   double[] runsY, double[] meanY) {
        if (other.n != n || other.count != count || other.sinceRebase != sinceRebase) {
            means(b, x, runsX, first, meanX);
            other.means(b, y, runsY, first, meanY);
            return;
        }
        int end = b.end();
        int r = b.rebaseIndexFrom(first);
        int j = first;
        while (j < end) {
            int next = b.rebaseSlot(r);
            int len = steadyRun(j, end, next);
            if (len == 0) {
                boolean flagged = pushOne(x, j, j == next);
                other.pushOne(y, j, j == next); // the same rules on the same state: the same rebase
                if (flagged) r++;
                meanX[j] = runsX[j] >= count ? x[j] + 0.0 : shift + sum * invCount;
                meanY[j] = runsY[j] >= other.count ? y[j] + 0.0 : other.shift + other.sum * other.invCount;
                j++;
                continue;
            }
            double sh = shift, s = sum, shY = other.shift, sY = other.sum, inv = invN, zn = n;
            for (int stop = j + len; j < stop; j++) {
                double d = x[j] - sh, od = x[j - n] - sh;
                s += d - od;
                meanX[j] = runsX[j] >= zn ? x[j] + 0.0 : sh + s * inv;
                double dy = y[j] - shY, ody = y[j - n] - shY;
                sY += dy - ody;
                meanY[j] = runsY[j] >= zn ? y[j] + 0.0 : shY + sY * inv;
            }
            sum = s;
            other.sum = sY;
            sinceRebase += len;
            other.sinceRebase += len;
        }
    }

    /** One push with every rule: warm-up, leaving value, rebase; returns whether {@code flagged} (a rebase bar) was consumed. */
    private boolean pushOne(double[] x, int j, boolean flagged) {
        double v = x[j];
        if (count == 0) shift = v;
        double d = v - shift;
        if (count == n) {
            sum += d - (x[j - n] - shift);
        } else {
            count++;
            invCount = 1.0 / count;
            sum += d;
        }
        if (flagged || ++sinceRebase >= MAX_SINCE_REBASE) rebase(x, j);
        return flagged;
    }

    /** Rebuilds the sum around the newest value from the window, oldest value first. */
    private void rebase(double[] x, int j) {
        double newShift = x[j];
        shift = newShift;
        double s = 0;
        for (int back = count - 1; back >= 0; back--) s += x[j - back] - newShift;
        sum = s;
        sinceRebase = 0;
    }

    /**
     * Population standard deviation of the full windows of {@code n} values ending at slots
     * {@code [from, end)}, about their means {@code mean[j]}, in two passes: the squared
     * deviations are summed newest value first, four lags at a time. Exactly 0 when the window's values all equal its
     * mean (a flat window, whose mean {@link #means} gives exactly); no cancellation, so quiet
     * windows (a price alternating between two ticks) keep their full precision.
     */
    static void deviations(BarBlock b, double[] x, double[] mean, int n, int from, int end, double[] out) {
        Arrays.fill(out, from, end, 0.0);
        // Per four lags: each lag's squared deviations into a lag column of its own, then
        // out += (d0^2 + d1^2) + (d2^2 + d3^2); then the remaining lags one by one. A loop that reads
        // one double[] at j - k and writes another at j is not vectorised (the JIT cannot rule out
        // that they are one array), so each lag is first copied to its column's own slots, and every
        // loop reads and writes at j only.
        double[][] lag = b.lagColumns();
        double[] s0 = lag[0], s1 = lag[1], s2 = lag[2], s3 = lag[3];
        int k = 0;
        for (; k + 3 < n; k += 4) {
            squaredDeviations(x, k, mean, from, end, s0);
            squaredDeviations(x, k + 1, mean, from, end, s1);
            squaredDeviations(x, k + 2, mean, from, end, s2);
            squaredDeviations(x, k + 3, mean, from, end, s3);
            for (int j = from; j < end; j++) out[j] += (s0[j] + s1[j]) + (s2[j] + s3[j]);
        }
        for (; k < n; k++) {
            squaredDeviations(x, k, mean, from, end, s0);
            for (int j = from; j < end; j++) out[j] += s0[j];
        }
        double dn = n;
        for (int j = from; j < end; j++) out[j] = Math.sqrt(out[j] / dn);
    }

    /** {@code s[j] = (x[j - lag] - mean[j])^2} for j in [from, end). */
    private static void squaredDeviations(double[] x, int lag, double[] mean, int from, int end, double[] s) {
        System.arraycopy(x, from - lag, s, from, end - from);
        for (int j = from; j < end; j++) {
            double d = s[j] - mean[j];
            s[j] = d * d;
        }
    }

    /** {@code s[j] = |x[j - lag] - mean[j]|} for j in [from, end). */
    private static void absoluteDeviations(double[] x, int lag, double[] mean, int from, int end, double[] s) {
        System.arraycopy(x, from - lag, s, from, end - from);
        for (int j = from; j < end; j++) s[j] = Math.abs(s[j] - mean[j]);
    }

    /**
     * Mean absolute deviation of the full windows of {@code n} values ending at {@code [from, end)} about {@code mean[j]},
     * newest value first, four lags at a time (each lag in a lag column of its own, as in {@link #deviations}).
     */
    static void meanAbsDeviations(BarBlock b, double[] x, double[] mean, int n, int from, int end, double[] out) {
        Arrays.fill(out, from, end, 0.0);
        double[][] lag = b.lagColumns();
        double[] s0 = lag[0], s1 = lag[1], s2 = lag[2], s3 = lag[3];
        int k = 0;
        for (; k + 3 < n; k += 4) {
            absoluteDeviations(x, k, mean, from, end, s0);
            absoluteDeviations(x, k + 1, mean, from, end, s1);
            absoluteDeviations(x, k + 2, mean, from, end, s2);
            absoluteDeviations(x, k + 3, mean, from, end, s3);
            for (int j = from; j < end; j++) out[j] += (s0[j] + s1[j]) + (s2[j] + s3[j]);
        }
        for (; k < n; k++) {
            absoluteDeviations(x, k, mean, from, end, s0);
            for (int j = from; j < end; j++) out[j] += s0[j];
        }
        double dn = n;
        for (int j = from; j < end; j++) out[j] = out[j] / dn;
    }
}
