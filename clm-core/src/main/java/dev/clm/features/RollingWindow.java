package dev.clm.features;

/**
 * The last {@code n} values of a series with their running sum and sum of squares, O(1) per
 * value. Sums are kept relative to a shift (a recent value) and rebuilt from the buffer every
 * {@code max(256, 8n)} values, so neither cancellation ({@code sumSq - sum^2/n} on prices near 50,000)
 * nor drift from long add/subtract chains costs precision. Not thread-safe.
 */
final class RollingWindow {
    private final int n;
    private final double[] buf;
    private final int rebaseEvery;
    private final boolean squares;
    private double invCount;
    private int nonZero;   // values != 0 in the window: an all-zero window (outage volume) is exactly 0
    private int pos;
    private int count;
    private int sinceRebase;
    private double shift;
    private double sum;
    private double sumSq;

    RollingWindow(int n) {
        this(n, true);
    }

    /** A window that keeps the sum of squares only when {@code squares} (variance and std need it). */
    RollingWindow(int n, boolean squares) {
        this.n = n;
        this.buf = new double[n];
        this.rebaseEvery = Math.max(256, 8 * n);
        this.squares = squares;
    }

    int period() {
        return n;
    }

    void reset() {
        pos = 0;
        count = 0;
        nonZero = 0;
        sinceRebase = 0;
        sum = 0;
        sumSq = 0;
    }

    void push(double x) {
        if (count == 0) shift = x;
        double d = x - shift;
        nonZero += BranchFree.nonZero(x); // branch-free: zero and non-zero values often alternate (money flows)
        if (count == n) {
            nonZero -= BranchFree.nonZero(buf[pos]);
            double old = buf[pos] - shift;
            sum += d - old;
            if (squares) sumSq += d * d - old * old;
        } else {
            count++;
            invCount = 1.0 / count;
            sum += d;
            if (squares) sumSq += d * d;
        }
        buf[pos] = x;
        pos = pos + 1 == n ? 0 : pos + 1;
        if (++sinceRebase >= rebaseEvery) rebase(x);
    }

    private void rebase(double newShift) {
        shift = newShift;
        double s = 0, q = 0;
        for (int i = 0; i < count; i++) {
            double d = buf[i] - newShift;
            s += d;
            if (squares) q += d * d;
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
        return nonZero == 0 ? 0 : shift * count + sum;
    }

    double mean() {
        return nonZero == 0 ? 0 : shift + sum * invCount;
    }

    /** Population variance (divides by the number of values), never negative. */
    double variance() {
        if (nonZero == 0) return 0;
        double m = sum * invCount;
        double v = sumSq * invCount - m * m;
        // A window of equal values (a flat outage) leaves rounding residue, not variance: call it 0
        // so z-scores and %b take their neutral value instead of a ratio of rounding noise.
        double mean = shift + m;
        return v > 1e-20 * mean * mean ? v : 0;
    }

    double std() {
        return Math.sqrt(variance());
    }

    /** Mean absolute deviation from {@code center} over the window (O(n), used by CCI only at emitted rows). */
    double meanAbsDeviation(double center) {
        // Four independent sums: the additions overlap instead of waiting on each other.
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < count; i += 4) {
            s0 += Math.abs(buf[i] - center);
            s1 += Math.abs(buf[i + 1] - center);
            s2 += Math.abs(buf[i + 2] - center);
            s3 += Math.abs(buf[i + 3] - center);
        }
        for (; i < count; i++) s0 += Math.abs(buf[i] - center);
        return ((s0 + s1) + (s2 + s3)) * invCount;
    }

    /** The value pushed {@code k} pushes ago (0 = newest); requires k < count. */
    double ago(int k) {
        int i = pos - 1 - k;
        if (i < 0) i += n;
        return buf[i];
    }
}
