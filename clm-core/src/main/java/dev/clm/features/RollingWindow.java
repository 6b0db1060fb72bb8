package dev.clm.features;

/**
 * The last {@code n} values of a series with their running sum and sum of squares, O(1) per
 * value. Sums are kept relative to a shift (a recent value) and rebuilt from the buffer every
 * {@code 4n} values, so neither cancellation ({@code sumSq - sum^2/n} on prices near 50,000)
 * nor drift from long add/subtract chains costs precision. Not thread-safe.
 */
final class RollingWindow {
    private final int n;
    private final double[] buf;
    private final int rebaseEvery;
    private int pos;
    private int count;
    private int sinceRebase;
    private double shift;
    private double sum;
    private double sumSq;

    RollingWindow(int n) {
        this.n = n;
        this.buf = new double[n];
        this.rebaseEvery = Math.max(64, 4 * n);
    }

    void reset() {
        pos = 0;
        count = 0;
        sinceRebase = 0;
        sum = 0;
        sumSq = 0;
    }

    void push(double x) {
        if (count == 0) shift = x;
        if (count == n) {
            double old = buf[pos] - shift;
            sum -= old;
            sumSq -= old * old;
        } else {
            count++;
        }
        buf[pos] = x;
        pos = pos + 1 == n ? 0 : pos + 1;
        double d = x - shift;
        sum += d;
        sumSq += d * d;
        if (++sinceRebase >= rebaseEvery) rebase(x);
    }

    private void rebase(double newShift) {
        shift = newShift;
        double s = 0, q = 0;
        for (int i = 0; i < count; i++) {
            double d = buf[i] - newShift;
            s += d;
            q += d * d;
        }
        sum = s;
        sumSq = q;
        sinceRebase = 0;
    }

    boolean full() {
        return count == n;
    }

    int count() {
        return count;
    }

    double sum() {
        return shift * count + sum;
    }

    double mean() {
        return shift + sum / count;
    }

    /** Population variance (divides by the number of values), never negative. */
    double variance() {
        double m = sum / count;
        double v = sumSq / count - m * m;
        return v > 0 ? v : 0;
    }

    double std() {
        return Math.sqrt(variance());
    }

    /** Mean absolute deviation from {@code center} over the window (O(n), used by CCI only at emitted rows). */
    double meanAbsDeviation(double center) {
        double s = 0;
        for (int i = 0; i < count; i++) s += Math.abs(buf[i] - center);
        return s / count;
    }

    /** The value pushed {@code k} pushes ago (0 = newest); requires k < count. */
    double ago(int k) {
        int i = pos - 1 - k;
        if (i < 0) i += n;
        return buf[i];
    }
}
