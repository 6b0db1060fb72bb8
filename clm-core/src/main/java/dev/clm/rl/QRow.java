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

    /**
     * Moves Q(action) towards {@code target} by max(learningRate, 1/n), n the visits including
     * this one; {@code updateNo} dates the visit.
     */
    synchronized void learn(int action, double target, double learningRate, long updateNo) {
        // The first visits average the targets (step 1/n) instead of shrinking them towards the
        // initial 0: with a constant α a well-paying action tried once looks worse than a
        // mediocre one tried often, and 270 sizing actions are each tried only a few times.
        long n = ++visits[action];
        q[action] += Math.max(learningRate, 1.0 / n) * (target - q[action]);
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
