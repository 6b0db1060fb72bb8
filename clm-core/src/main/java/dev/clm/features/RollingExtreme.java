package dev.clm.features;

/**
 * Highest (or lowest) of the last {@code n} values, amortised O(1) per value with a monotonic
 * deque held in primitive ring arrays (no allocation after construction). Not thread-safe.
 */
final class RollingExtreme {
    private final int n;
    private final boolean max;
    private final double[] values;
    private final long[] index;
    private final int mask;
    private int head;
    private int size;
    private long pushed;

    private RollingExtreme(int n, boolean max) {
        this.n = n;
        this.max = max;
        int cap = Integer.highestOneBit(n + 1) << 1;
        this.values = new double[cap];
        this.index = new long[cap];
        this.mask = cap - 1;
    }

    static RollingExtreme highest(int n) {
        return new RollingExtreme(n, true);
    }

    static RollingExtreme lowest(int n) {
        return new RollingExtreme(n, false);
    }

    void reset() {
        head = 0;
        size = 0;
        pushed = 0;
    }

    void push(double x) {
        // Drop dominated values from the back: they can never be the extreme again.
        while (size > 0) {
            double back = values[(head + size - 1) & mask];
            if (max ? back <= x : back >= x) size--; else break;
        }
        int slot = (head + size) & mask;
        values[slot] = x;
        index[slot] = pushed;
        size++;
        long oldestAllowed = pushed - n + 1;
        while (index[head] < oldestAllowed) {
            head = (head + 1) & mask;
            size--;
        }
        pushed++;
    }

    double value() {
        return values[head];
    }
}
