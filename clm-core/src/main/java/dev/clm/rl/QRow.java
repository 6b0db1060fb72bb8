package dev.clm.rl;

import java.util.Arrays;

/** One state's Q-values and visit counts. Thread-safe: every access holds the row's monitor. */
final class QRow {
    private final double[] q;
    private final long[] visits;
    private long lastUpdate;

    QRow(int actions) {
        this.q = new double[actions];
        this.visits = new long[actions];
    }

    QRow(double[] q, long[] visits, long lastUpdate) {
        this.q = q.clone();
        this.visits = visits.clone();
        this.lastUpdate = lastUpdate;
    }

    /** Moves Q(action) towards {@code target} by {@code learningRate}; {@code updateNo} dates the visit. */
    synchronized void learn(int action, double target, double learningRate, long updateNo) {
        q[action] += learningRate * (target - q[action]);
        visits[action]++;
        lastUpdate = Math.max(lastUpdate, updateNo);
    }

    synchronized double max() {
        double m = q[0];
        for (int i = 1; i < q.length; i++) if (q[i] > m) m = q[i];
        return m;
    }

    /** Index of the highest value; ties go to the lowest index. */
    synchronized int argmax() {
        int best = 0;
        for (int i = 1; i < q.length; i++) if (q[i] > q[best]) best = i;
        return best;
    }

    /** Index of the highest value; ties are broken uniformly with {@code tieBreak} in [0, 1). */
    synchronized int argmax(double tieBreak) {
        double m = q[0];
        int ties = 1;
        for (int i = 1; i < q.length; i++) {
            if (q[i] > m) {
                m = q[i];
                ties = 1;
            } else if (q[i] == m) {
                ties++;
            }
        }
        int pick = (int) (tieBreak * ties);
        for (int i = 0; i < q.length; i++) {
            if (q[i] == m && pick-- == 0) return i;
        }
        return argmax();
    }

    synchronized double[] values() {
        return q.clone();
    }

    synchronized long[] visits() {
        return visits.clone();
    }

    synchronized long lastUpdate() {
        return lastUpdate;
    }

    synchronized long totalVisits() {
        return Arrays.stream(visits).sum();
    }

    synchronized QRow copy() {
        return new QRow(q, visits, lastUpdate);
    }
}
