package dev.clm.features;

/**
 * The last {@code n} values of a series with their running sum, O(1) per value, kept by the
 * same rules as {@link RollingColumn} value for value (sum relative to a shift, rebuilt oldest
 * value first at rebase bars and after {@link RollingColumn#MAX_SINCE_REBASE} pushes without
 * one; a window of equal values has exactly that mean), so the two give bit-identical means.
 * Deviations are computed in two passes over the buffer, newest value first, like {@link
 * RollingColumn#deviations}. The per-bar reference for tests. Not thread-safe.
 */
final class RollingWindow {
    private final int n;
    private final double[] buf;
    private double invCount;
    private int pos;
    private int count;
    private int sinceRebase;
    private long run;      // equal values in a row up to the newest
    private double last;
    private double shift;
    private double sum;

    RollingWindow(int n) {
        this.n = n;
        this.buf = new double[n];
    }

    int period() {
        return n;
    }

    void reset() {
        pos = 0;
        count = 0;
        sinceRebase = 0;
        run = 0;
        sum = 0;
    }

    /** Pushes a value that is not on a rebase bar. */
    void push(double x) {
        push(x, false);
    }

    /** Pushes {@code x}; {@code rebaseBar}: the bar is a rebase bar ({@link BarBlock#isRebaseBar}). */
    void push(double x, boolean rebaseBar) {
        run = count > 0 && x - last == 0 ? run + 1 : 1;
        last = x;
        if (count == 0) shift = x;
        double d = x - shift;
        if (count == n) {
            sum += d - (buf[pos] - shift);
        } else {
            count++;
            invCount = 1.0 / count;
            sum += d;
        }
        buf[pos] = x;
        pos = pos + 1 == n ? 0 : pos + 1;
        if (rebaseBar || ++sinceRebase >= RollingColumn.MAX_SINCE_REBASE) rebase(x);
    }

    private void rebase(double newShift) {
        shift = newShift;
        double s = 0;
        for (int back = count - 1; back >= 0; back--) s += ago(back) - newShift;
        sum = s;
        sinceRebase = 0;
    }

    boolean full() {
        return count == n;
    }

    int count() {
        return count;
    }

    private boolean constant() {
        return run >= count;
    }

    double sum() {
        return constant() ? last * count + 0.0 : shift * count + sum;
    }

    double mean() {
        return constant() ? last + 0.0 : shift + sum * invCount;
    }

    /** Population variance (divides by the number of values), two passes, four lags at a time like {@link RollingColumn#deviations}. */
    double variance() {
        double m = mean();
        double acc = 0;
        int k = 0;
        for (; k + 3 < count; k += 4) {
            double d0 = ago(k) - m, d1 = ago(k + 1) - m, d2 = ago(k + 2) - m, d3 = ago(k + 3) - m;
            acc += (d0 * d0 + d1 * d1) + (d2 * d2 + d3 * d3);
        }
        for (; k < count; k++) {
            double d = ago(k) - m;
            acc += d * d;
        }
        return acc / count;
    }

    double std() {
        return Math.sqrt(variance());
    }

    /** Mean absolute deviation from {@code center} over the window, newest value first, four lags at a time. */
    double meanAbsDeviation(double center) {
        double acc = 0;
        int k = 0;
        for (; k + 3 < count; k += 4) {
            acc += (Math.abs(ago(k) - center) + Math.abs(ago(k + 1) - center)) + (Math.abs(ago(k + 2) - center) + Math.abs(ago(k + 3) - center));
        }
        for (; k < count; k++) acc += Math.abs(ago(k) - center);
        return acc / count;
    }

    /** The value pushed {@code k} pushes ago (0 = newest); requires k < count. */
    double ago(int k) {
        int i = pos - 1 - k;
        if (i < 0) i += n;
        return buf[i];
    }
}
