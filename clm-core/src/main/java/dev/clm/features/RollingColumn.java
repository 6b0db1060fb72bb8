package dev.clm.features;

/**
 * A rolling window of the last {@code n} values of one input column, advanced a block at a
 * time: writes the window's mean, sum or population standard deviation at every bar into
 * output columns. Same arithmetic as {@link RollingWindow} value for value (sums relative to a
 * shift, rebuilt from the window in ring-slot order every {@code max(256, 8n)} values, the same
 * all-zero and rounding-residue rules), so its results are bit-identical. It reads the value
 * leaving the window from the input column's history instead of a ring of its own, and tells
 * an all-zero window from the input's zero-run column ({@link BarBlock#zeroRuns}), which keeps
 * the steady-state loop short: two additions on the dependency chain.
 *
 * <p>The caller guarantees that the input column holds at least {@code n} bars of history
 * before the block (see {@link BarBlock}). Not thread-safe.
 */
final class RollingColumn {
    private final int n;
    private final int rebaseEvery;
    private final boolean squares;
    private final double invN;
    private double shift, sum, sumSq, invCount;
    private int count, sinceRebase;
    private long pushes;

    RollingColumn(int n, boolean squares) {
        this.n = n;
        this.rebaseEvery = Math.max(256, 8 * n);
        this.squares = squares;
        this.invN = 1.0 / n;
    }

    int period() {
        return n;
    }

    void reset() {
        count = 0;
        sinceRebase = 0;
        pushes = 0;
        sum = 0;
        sumSq = 0;
    }

    /** Bars from j on that need no warm-up or rebase step: the length of the next steady run. */
    private int steadyRun(int j, int end) {
        if (count < n) return 0;
        return Math.min(end - j, rebaseEvery - 1 - sinceRebase);
    }

    private void steadyDone(int len, double s, double q) {
        sum = s;
        sumSq = q;
        sinceRebase += len;
        pushes += len;
    }

    /**
     * Pushes {@code x[first, end)} ({@code zeroRun[j]}: how many values up to x[j] are 0 in a
     * row); writes the mean after each push to {@code mean} (same slots).
     */
    void means(double[] x, double[] zeroRun, int first, int end, double[] mean) {
        requireSquares(false);
        int j = first;
        while (j < end) {
            int len = steadyRun(j, end);
            if (len == 0) {
                pushOne(x, j);
                mean[j] = mean(zeroRun[j]);
                j++;
                continue;
            }
            double sh = shift, s = sum, inv = invN, zn = n;
            for (int stop = j + len; j < stop; j++) {
                double d = x[j] - sh, od = x[j - n] - sh;
                s += d - od;
                mean[j] = zeroRun[j] >= zn ? 0 : sh + s * inv;
            }
            steadyDone(len, s, sumSq);
        }
    }

    /** Like {@link #means} but writes the window sum. */
    void sums(double[] x, double[] zeroRun, int first, int end, double[] out) {
        requireSquares(false);
        int j = first;
        while (j < end) {
            int len = steadyRun(j, end);
            if (len == 0) {
                pushOne(x, j);
                out[j] = sum(zeroRun[j]);
                j++;
                continue;
            }
            double sh = shift, s = sum, shn = sh * n, zn = n;
            for (int stop = j + len; j < stop; j++) {
                double d = x[j] - sh, od = x[j - n] - sh;
                s += d - od;
                out[j] = zeroRun[j] >= zn ? 0 : shn + s;
            }
            steadyDone(len, s, sumSq);
        }
    }

    /**
     * Like {@link #means} but also writes the population standard deviation and, when {@code
     * sumOrNull} is not null, the window sum.
     */
    void meansAndStds(double[] x, double[] zeroRun, int first, int end, double[] mean, double[] std, double[] sumOrNull) {
        requireSquares(true);
        int j = first;
        while (j < end) {
            int len = steadyRun(j, end);
            if (len == 0) {
                pushOne(x, j);
                double z = zeroRun[j];
                mean[j] = mean(z);
                std[j] = variance(z);
                if (sumOrNull != null) sumOrNull[j] = sum(z);
                j++;
                continue;
            }
            double sh = shift, s = sum, q = sumSq, inv = invN, shn = sh * n, zn = n;
            int stop = j + len;
            for (int k = j; k < stop; k++) {
                double d = x[k] - sh, od = x[k - n] - sh;
                s += d - od;
                q += d * d - od * od;
                if (zeroRun[k] >= zn) {
                    mean[k] = 0;
                    std[k] = 0;
                } else {
                    double m = s * inv;
                    double var = q * inv - m * m;
                    double mn = sh + m;
                    mean[k] = mn;
                    std[k] = var > 1e-20 * mn * mn ? var : 0;
                }
            }
            if (sumOrNull != null) {
                // The same chain again for the sums: a second, independent pass is cheaper than a branch per bar.
                double s2 = sum;
                for (int k = j; k < stop; k++) {
                    double d = x[k] - sh, od = x[k - n] - sh;
                    s2 += d - od;
                    sumOrNull[k] = zeroRun[k] >= zn ? 0 : shn + s2;
                }
            }
            steadyDone(len, s, q);
            j = stop;
        }
        // The variances become deviations in one vectorisable pass.
        for (int k = first; k < end; k++) std[k] = Math.sqrt(std[k]);
    }

    /** One push with every rule of {@link RollingWindow#push}: warm-up, leaving value, rebase. */
    private void pushOne(double[] x, int j) {
        double v = x[j];
        if (count == 0) shift = v;
        double d = v - shift;
        if (count == n) {
            double old = x[j - n] - shift;
            sum += d - old;
            if (squares) sumSq += d * d - old * old;
        } else {
            count++;
            invCount = 1.0 / count;
            sum += d;
            if (squares) sumSq += d * d;
        }
        pushes++;
        if (++sinceRebase >= rebaseEvery) rebase(x, j);
    }

    /**
     * Rebuilds the sums around the newest value, adding the window in {@link RollingWindow}'s
     * ring-slot order: slot s holds the push whose index is s modulo n.
     */
    private void rebase(double[] x, int j) {
        double newShift = x[j];
        shift = newShift;
        int r = (int) ((pushes - 1) % n); // slot of the newest value
        double s = 0, q = 0;
        for (int slot = 0; slot < count; slot++) {
            int back = slot <= r ? r - slot : r - slot + n;
            double d = x[j - back] - newShift;
            s += d;
            if (squares) q += d * d;
        }
        sum = s;
        sumSq = q;
        sinceRebase = 0;
    }

    private void requireSquares(boolean expected) {
        if (squares != expected) throw new IllegalStateException("window of " + n + (squares ? " keeps" : " keeps no") + " squares");
    }

    /** True when every value in the window is 0 (exactly 0 is then the mean, sum and deviation). */
    private boolean allZero(double zeroRun) {
        return zeroRun >= count;
    }

    private double mean(double zeroRun) {
        return allZero(zeroRun) ? 0 : shift + sum * invCount;
    }

    private double sum(double zeroRun) {
        return allZero(zeroRun) ? 0 : shift * count + sum;
    }

    private double variance(double zeroRun) {
        if (allZero(zeroRun)) return 0;
        double m = sum * invCount;
        double v = sumSq * invCount - m * m;
        double mean = shift + m;
        return v > 1e-20 * mean * mean ? v : 0;
    }
}
