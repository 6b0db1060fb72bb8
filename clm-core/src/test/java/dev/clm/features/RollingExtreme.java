package dev.clm.features;

/**
 * Highest (or lowest) of the last {@code n} values in O(1) per value without data-dependent
 * branches (van Herk / Gil-Werman): values are grouped in blocks of n; within the current
 * block a running prefix extreme is kept, and when a block completes its suffix extremes are
 * computed once (n steps). The window {@code [j-n+1, j]} is then the suffix extreme of its
 * start in the previous block combined with the prefix extreme of j. Two blocks of primitive
 * ring storage; nothing allocated after construction. Not thread-safe.
 */
final class RollingExtreme {
    private final int n;
    private final int ring;
    private final boolean max;
    private final double[] values;
    private final double[] prefix;
    private final double[] suffix;
    private int slot;       // ring slot of the newest value
    private int inBlock;    // position of the newest value within its block
    private long pushed;
    private double current;

    private RollingExtreme(int n, boolean max) {
        this.n = n;
        this.ring = 2 * n;
        this.max = max;
        this.values = new double[ring];
        this.prefix = new double[ring];
        this.suffix = new double[ring];
    }

    static RollingExtreme highest(int n) {
        return new RollingExtreme(n, true);
    }

    static RollingExtreme lowest(int n) {
        return new RollingExtreme(n, false);
    }

    void reset() {
        pushed = 0;
        slot = ring - 1;
        inBlock = -1;
    }

    private double better(double a, double b) {
        return max ? (a >= b ? a : b) : (a <= b ? a : b);
    }

    void push(double x) {
        int s = slot + 1 == ring ? 0 : slot + 1;
        int r = inBlock + 1 == n ? 0 : inBlock + 1;
        values[s] = x;
        double p = r == 0 ? x : better(prefix[slot], x);
        prefix[s] = p;
        if (r == n - 1) {
            // Block complete: its suffix extremes serve the next n windows.
            double acc = x;
            int q = s;
            for (int m = 0; m < n; m++) {
                acc = better(acc, values[q]);
                suffix[q] = acc;
                q = q == 0 ? ring - 1 : q - 1;
            }
            current = p;
        } else if (pushed >= n) {
            int first = s + n + 1;
            if (first >= ring) first -= ring;
            current = better(suffix[first], p);
        } else {
            current = p;
        }
        slot = s;
        inBlock = r;
        pushed++;
    }

    double value() {
        return current;
    }
}
