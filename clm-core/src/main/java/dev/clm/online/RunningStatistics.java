package dev.clm.online;

/**
 * Weighted running mean and variance of each feature and of {@code |label|}, forgetting like
 * the learner: exponentially ({@code decay} per added row; 1 for no forgetting) or over a
 * sliding window of the last {@code capacity} rows (a ring buffer of the raw rows, so a row
 * that leaves is removed exactly). O(columns) per row, no allocation.
 *
 * <p>Update rules (West 1979, "Updating mean and variance estimates: an improved method",
 * with a forgetting factor g): {@code W' = gW + w; mean' = mean + (w/W')(x - mean);
 * M2' = g M2 + w (x - mean)(x - mean')}; variance = {@code M2 / W}. The window removes a row
 * with the inverse of the same update. Not thread-safe: owned by the learner's writer.
 */
final class RunningStatistics {
    final int features;
    /** Column {@code features} is |label|. */
    final double[] mean;
    final double[] m2;
    /** Effective weight in memory (sum of weights in the window, or the decayed sum). */
    double weight;
    /** Forgetting factor per added row (1 = none); unused with a window. */
    double decay;

    /** Window size, or 0 without a window. */
    final int capacity;
    final float[] ringRows;
    final double[] ringAbsLabel;
    final double[] ringWeight;
    /** Rows in the window. */
    int size;
    /** Slot the next row is written to (the oldest row once the window is full). */
    int head;

    RunningStatistics(int features, double decay, int capacity) {
        this.features = features;
        this.mean = new double[features + 1];
        this.m2 = new double[features + 1];
        this.decay = decay;
        this.capacity = capacity;
        this.ringRows = new float[capacity * features];
        this.ringAbsLabel = new double[capacity];
        this.ringWeight = new double[capacity];
    }

    /** Adds a row ({@code w > 0}); with a full window the oldest row leaves first. */
    void add(float[] x, int offset, double absLabel, double w) {
        if (capacity == 0) {
            include(x, offset, absLabel, w, decay);
            return;
        }
        if (size == capacity) {
            exclude(head);
        } else {
            size++;
        }
        System.arraycopy(x, offset, ringRows, head * features, features);
        ringAbsLabel[head] = absLabel;
        ringWeight[head] = w;
        head = head + 1 == capacity ? 0 : head + 1;
        include(x, offset, absLabel, w, 1.0);
    }

    private void include(float[] x, int offset, double absLabel, double w, double g) {
        double total = g * weight + w;
        double r = w / total;
        for (int j = 0; j < features; j++) {
            double v = x[offset + j];
            double d = v - mean[j];
            double m = mean[j] + r * d;
            mean[j] = m;
            m2[j] = g * m2[j] + w * d * (v - m);
        }
        double d = absLabel - mean[features];
        double m = mean[features] + r * d;
        mean[features] = m;
        m2[features] = g * m2[features] + w * d * (absLabel - m);
        weight = total;
    }

    /** Removes the row in {@code slot} from the statistics (the ring keeps it until overwritten). */
    private void exclude(int slot) {
        double w = ringWeight[slot];
        double total = weight - w;
        if (!(total > weight * 1e-9)) {
            // the leaving row held (nearly) all the weight: the inverse update would divide by ~0
            recompute(slot);
            return;
        }
        double r = w / total;
        int base = slot * features;
        for (int j = 0; j < features; j++) {
            double v = ringRows[base + j];
            double d = v - mean[j];
            double m = mean[j] - r * d;
            mean[j] = m;
            m2[j] = Math.max(0, m2[j] - w * d * (v - m));
        }
        double v = ringAbsLabel[slot];
        double d = v - mean[features];
        double m = mean[features] - r * d;
        mean[features] = m;
        m2[features] = Math.max(0, m2[features] - w * d * (v - m));
        weight = total;
    }

    /** Exact statistics of the window's rows other than {@code skip}, oldest first. */
    private void recompute(int skip) {
        java.util.Arrays.fill(mean, 0);
        java.util.Arrays.fill(m2, 0);
        weight = 0;
        int oldest = size == capacity ? head : 0;
        for (int k = 0; k < size; k++) {
            int slot = (oldest + k) % capacity;
            if (slot != skip) include(ringRows, slot * features, ringAbsLabel[slot], ringWeight[slot], 1.0);
        }
    }

    /**
     * 1 / standard deviation of column {@code j}, or 0 for a column that has not varied in
     * memory (it then contributes nothing rather than a huge z-score). "Not varied" is a
     * standard deviation below 1e-5 of the mean's size: float features carry about 7 digits,
     * so that is rounding residue of the add/remove updates, not variation.
     */
    double inverseStd(int j) {
        double var = m2[j] / weight;
        double m = mean[j];
        return var > 1e-10 * m * m + 1e-30 ? 1 / Math.sqrt(var) : 0;
    }

    /** Mean |label| in memory (0 before any row). */
    double meanAbsLabel() {
        return mean[features];
    }
}
