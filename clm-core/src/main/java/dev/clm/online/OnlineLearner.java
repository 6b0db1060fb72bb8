package dev.clm.online;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.TrainedModel;
import java.util.List;
import java.util.concurrent.locks.StampedLock;

/**
 * A streaming linear model of the forward return that learns one closed trade (or bar) at a
 * time: running standardisation of every feature, then implicit stochastic gradient descent on
 * the squared loss ({@link OnlineLearnerConfig.Objective#REGRESSION}) or the logistic loss of
 * the direction {@code label > 0} ({@link OnlineLearnerConfig.Objective#DIRECTION}), with an
 * L2 penalty and a step-size schedule. O(features) per update and per prediction.
 *
 * <h2>Model and update</h2>
 * Features are standardised with the running mean and standard deviation of the rows in
 * memory ({@link RunningStatistics}) and clipped to {@code ±zClip} (default 5), so a row far
 * outside what the learner has seen (a regime break, a time feature that was constant in the
 * window) cannot produce an absurd forecast or step; a column that has not varied in memory
 * contributes nothing. With {@code z = clip((x - mean) / std)} the score is {@code f = b + w·z}. Each learned row of weight
 * {@code v} takes the step {@code eta = v * rate(n)} where {@code n} is the effective number
 * of rows in memory (at least 1) and {@code rate} is the schedule: {@code eta0 / n^power}
 * (INVERSE_SCALING, the default: {@code 1/n}) or {@code eta0} (CONSTANT). The L2 penalty
 * shrinks {@code w} (not {@code b}) by {@code 1 / (1 + eta * l2)}; then the loss step is
 * <em>implicit</em> (Toulis &amp; Airoldi 2017, "Asymptotic and finite-sample properties of
 * estimators based on stochastic gradients"): {@code (b, w) += eta * (y - h(f_new)) * (1, z)}
 * where {@code f_new} is the score after the step, solved in closed form for the squared loss
 * and by a safeguarded Newton iteration for the logistic loss. Unlike the explicit step it is
 * stable for any step size, so the first rows of a fresh learner (step ≈ 1) cannot diverge.
 *
 * <h2>Forgetting</h2>
 * <ul>
 *   <li>WINDOW (default, 1,000 rows): the statistics (means, variances, mean |label|) are
 *       exactly those of the last {@code windowRows} learned rows (a ring buffer of the raw
 *       rows; the leaving row is removed by the inverse Welford update), and {@code n} is the
 *       weight in the window, so the step never falls below {@code eta0 / windowRows^power}.
 *       The coefficients are not refitted on the window: an older row's influence on them
 *       decays geometrically with a time constant of about {@code windowRows / eta0} rows
 *       (with the default schedule), it is not cut off at the window's edge.</li>
 *   <li>DECAY (factor 0.95 by default): a row learned {@code k} rows ago carries
 *       {@code decay^k} of its weight in the statistics and in {@code n}, so the memory is
 *       {@code n → 1 / (1 - decay)} rows (20 for 0.95) and the step settles at
 *       {@code eta0 * (1 - decay)^power}; the coefficients forget on the same time scale.</li>
 *   <li>NONE: everything is remembered and the schedule keeps shrinking (classic stochastic
 *       approximation; for stationary targets).</li>
 * </ul>
 * A row of weight 0 is ignored entirely (it does not even enter the window).
 *
 * <h2>Prediction</h2>
 * REGRESSION: the fitted return {@code f}. DIRECTION: {@code (2p - 1) * meanAbsLabel} with
 * {@code p = sigmoid(f)} the probability of an up move and {@code meanAbsLabel} the mean
 * {@code |label|} in memory: a forward-return forecast for any {@link TrainedModel} consumer,
 * positive exactly when up is likelier, equal to the expected return if the size of a move
 * does not depend on its direction.
 *
 * <h2>Threads and allocation</h2>
 * One writer, many readers. {@link #predict(float[])} may be called from any number of threads
 * while another thread learns: it takes no lock and never sees a half-written model (it
 * recomputes when its read overlapped a write; a write section is one copy of 2 + 3 x features
 * doubles, so a reader waits only if the writer is descheduled inside it). The
 * coefficients (on the raw feature scale) are published after every update inside a
 * {@link StampedLock} write section; a reader computes its prediction under an optimistic read
 * stamp and recomputes if a write overlapped (a sequence lock). The writing methods
 * ({@code learn*}, {@link #snapshot()}, {@link #copyStateFrom}) are synchronized, so a
 * snapshot taken on another thread is consistent. {@code predict} and {@code learnOne}
 * allocate nothing.
 *
 * <h2>Use in a trading engine</h2>
 * Load the ACTIVE online version ({@code OnlineLearner.fromSnapshot(registry.loadBytes(ModelType.ONLINE, version))}),
 * call {@link #predict(float[])} for signals and {@link #learnOne(float[], double, double)} with
 * the realised forward return of every closed trade (the features of the bar the signal was
 * made on), and register {@link #snapshot()} as a new version when wanted (for example daily),
 * so it is evaluated, shadow-tested and promoted like any other model
 * ({@code ContinuousLearningManager#registerOnlineSnapshot}).
 */
public final class OnlineLearner {
    /** The snapshot format name. */
    public static final String FORMAT = "clm-online-json";

    private final OnlineLearnerConfig config;
    private final List<String> featureNames;
    private final int p;
    private final boolean direction;

    // writer state, guarded by this
    private final RunningStatistics stats;
    /** Coefficients on the standardised features. */
    private final double[] coef;
    private double intercept;
    private long updates;
    private final double[] invStd;
    private final double[] z;
    private final double[] next;

    // published model, read under optimistic stamps: [c0, meanAbsLabel, then per feature (c, lo, hi)] with
    // c = w / std on the raw scale, [lo, hi] the raw values at -zClip / +zClip standard deviations, c0 = b - sum c * mean
    private final StampedLock publication = new StampedLock();
    private final double[] published;

    /** A fresh learner (predicts 0 until it learns) over {@code featureNames}, in row order. */
    public OnlineLearner(OnlineLearnerConfig config, List<String> featureNames) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        if (featureNames == null || featureNames.isEmpty()) {
            throw new IllegalArgumentException("featureNames must name at least one feature, was " + featureNames);
        }
        for (int j = 0; j < featureNames.size(); j++) {
            if (featureNames.get(j) == null) throw new IllegalArgumentException("featureNames[" + j + "] must not be null");
        }
        this.config = config;
        this.featureNames = List.copyOf(featureNames);
        this.p = featureNames.size();
        this.direction = config.objective() == OnlineLearnerConfig.Objective.DIRECTION;
        boolean window = config.forgetting() == OnlineLearnerConfig.Forgetting.WINDOW;
        if (window && (long) config.windowRows() * p > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("windowRows x features = " + config.windowRows() + " x " + p + " exceeds the ring buffer's capacity");
        }
        this.stats = new RunningStatistics(p, decayFactor(config), window ? config.windowRows() : 0);
        this.coef = new double[p];
        this.invStd = new double[p];
        this.z = new double[p];
        this.next = new double[2 + 3 * p];
        this.published = new double[2 + 3 * p];
    }

    private static double decayFactor(OnlineLearnerConfig c) {
        return c.forgetting() == OnlineLearnerConfig.Forgetting.DECAY ? c.decay() : 1.0;
    }

    public OnlineLearnerConfig config() {
        return config;
    }

    /** The feature columns, in the order a row must have them. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Rows learned so far (rows of weight 0 are not counted). */
    public synchronized long updates() {
        return updates;
    }

    /** Effective number of rows in memory (the {@code n} of the step-size schedule; 0 when fresh). */
    public synchronized double effectiveRows() {
        return stats.weight;
    }

    /**
     * Forecast of the forward return for one row in {@link #featureNames()} order (see the class
     * notes for DIRECTION). Thread-safe, lock-free for readers, allocation-free.
     *
     * @throws IllegalArgumentException if the row has the wrong number of features
     */
    public double predict(float[] row) {
        if (row.length != p) throw wrongWidth(row.length);
        for (;;) {
            long stamp = publication.tryOptimisticRead();
            double s = score(row);
            double scale = published[1];
            if (publication.validate(stamp)) return direction ? Math.tanh(0.5 * s) * scale : s;
            Thread.onSpinWait();
        }
    }

    /**
     * Probability of an up move ({@code label > 0}) for a DIRECTION learner.
     *
     * @throws IllegalStateException for a REGRESSION learner
     */
    public double probabilityUp(float[] row) {
        if (!direction) throw new IllegalStateException("probabilityUp needs objective DIRECTION, this learner is " + config.objective());
        if (row.length != p) throw wrongWidth(row.length);
        for (;;) {
            long stamp = publication.tryOptimisticRead();
            double s = score(row);
            if (publication.validate(stamp)) return sigmoid(s);
            Thread.onSpinWait();
        }
    }

    /** The published score of a row; meaningful only if the caller's read stamp validates afterwards. */
    private double score(float[] row) {
        double[] c = published;
        double s = c[0];
        for (int j = 0, k = 2; j < p; j++, k += 3) {
            double v = row[j];
            double lo = c[k + 1];
            double hi = c[k + 2];
            s += c[k] * (v < lo ? lo : (v > hi ? hi : v));
        }
        return s;
    }

    /**
     * Learns one row: {@code label} is the realised forward return, {@code weight} its sample
     * weight (0 ignores the row). Allocation-free. Nothing changes if an argument is rejected.
     *
     * @throws IllegalArgumentException naming the row width, a non-finite feature, the label or the weight
     */
    public synchronized void learnOne(float[] row, double label, double weight) {
        if (row.length != p) throw wrongWidth(row.length);
        for (int j = 0; j < p; j++) {
            if (!Float.isFinite(row[j])) {
                throw new IllegalArgumentException("row feature '" + featureNames.get(j) + "' (column " + j + ") is " + row[j]
                        + "; expected a finite value");
            }
        }
        if (!Double.isFinite(label)) throw new IllegalArgumentException("label must be a finite forward return, was " + label);
        if (!(weight >= 0) || Double.isInfinite(weight)) throw new IllegalArgumentException("weight must be finite and >= 0, was " + weight);
        learn(row, 0, label, Math.abs(label), weight);
    }

    /**
     * Learns every row of {@code data} in row (= time) order, with the dataset's weights when it
     * has them. The whole dataset is checked first, so a bad row changes nothing.
     *
     * @throws InvalidDataException naming the first bad row and field
     */
    public synchronized void learnBatch(Dataset data) {
        checkBatch(data, "learnBatch");
        data.requireFiniteLabels("online learner batch");
        float[] x = data.features();
        float[] y = data.labels();
        for (int i = 0; i < data.rows(); i++) learn(x, i * p, y[i], Math.abs(y[i]), data.weight(i));
    }

    /**
     * Starts the learner where a batch model is: learns {@code history} (in time order, with its
     * weights) with the batch model's predictions as the targets instead of the labels, so the
     * coefficients imitate the batch model (its best linear approximation on these rows), and
     * real labels then move it from there. For DIRECTION the target's sign is the direction.
     * The mean |label| (the DIRECTION forecast's scale) is taken from the history's real labels
     * where they are finite, else from |prediction|. The batch model is not closed.
     *
     * @throws IllegalArgumentException if the feature names differ
     * @throws InvalidDataException     if a prediction is not finite or a weight is bad
     */
    public synchronized void initialiseFrom(TrainedModel batch, Dataset history) {
        if (!batch.featureNames().equals(featureNames)) {
            throw new IllegalArgumentException("batch model features " + batch.featureNames() + " differ from the learner's " + featureNames);
        }
        checkBatch(history, "initialiseFrom");
        double[] targets = batch.predict(history);
        for (int i = 0; i < targets.length; i++) {
            if (!Double.isFinite(targets[i])) {
                throw new InvalidDataException(history.symbolOf(i), i, "prediction", "batch model " + batch.type()
                        + " predicted " + targets[i] + "; expected a finite value to imitate");
            }
        }
        float[] x = history.features();
        float[] y = history.labels();
        for (int i = 0; i < history.rows(); i++) {
            double absLabel = Float.isFinite(y[i]) ? Math.abs(y[i]) : Math.abs(targets[i]);
            learn(x, i * p, targets[i], absLabel, history.weight(i));
        }
    }

    private void checkBatch(Dataset data, String what) {
        if (!data.featureNames().equals(featureNames)) {
            throw new InvalidDataException(null, -1, "featureNames", what + ": dataset features " + data.featureNames()
                    + " differ from the learner's " + featureNames);
        }
        float[] x = data.features();
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                int row = i / p;
                throw new InvalidDataException(data.symbolOf(row), row, featureNames.get(i % p), what + ": feature value " + x[i]
                        + "; expected a finite value");
            }
        }
        for (int i = 0; i < data.rows(); i++) {
            float w = data.weight(i);
            if (!(w >= 0) || Float.isInfinite(w)) {
                throw new InvalidDataException(data.symbolOf(i), i, "weights", what + ": weight " + w + "; expected finite and >= 0");
            }
        }
    }

    /** One implicit SGD step on a checked row; publishes the new coefficients. */
    private void learn(float[] x, int offset, double target, double absLabel, double weight) {
        if (weight == 0) return;
        stats.add(x, offset, absLabel, weight);
        double eta = weight * rate(stats.weight);
        double shrink = 1 / (1 + eta * config.l2());
        double[] mean = stats.mean;
        double clip = config.zClip();
        double dot = 0;
        double norm2 = 1; // the intercept's constant input
        for (int j = 0; j < p; j++) {
            double inv = stats.inverseStd(j);
            invStd[j] = inv;
            double zj = (x[offset + j] - mean[j]) * inv;
            zj = zj < -clip ? -clip : (zj > clip ? clip : zj);
            z[j] = zj;
            dot += coef[j] * zj;
            norm2 += zj * zj;
        }
        double f = intercept + shrink * dot;
        double a = eta * norm2;
        double xi = direction ? logisticStep(f, target > 0 ? 1 : 0, a) : a * (target - f) / (1 + a);
        double c = xi / norm2;
        intercept += c;
        for (int j = 0; j < p; j++) coef[j] = shrink * coef[j] + c * z[j];
        updates++;
        publish();
    }

    private double rate(double effectiveRows) {
        double eta0 = config.eta0();
        if (config.learningRate() == OnlineLearnerConfig.LearningRate.CONSTANT) return eta0;
        double n = Math.max(1, effectiveRows);
        double power = config.power();
        if (power == 1) return eta0 / n;
        if (power == 0.5) return eta0 / Math.sqrt(n);
        return power == 0 ? eta0 : eta0 / Math.pow(n, power);
    }

    /**
     * The change {@code xi} of the score in an implicit logistic step: the root of
     * {@code xi = a (y - sigmoid(f + xi))}, which lies between 0 and the explicit step
     * {@code a (y - sigmoid(f))}. Newton's method kept inside the shrinking bracket.
     */
    static double logisticStep(double f, double y, double a) {
        double r0 = a * (y - sigmoid(f));
        double lo = Math.min(0, r0);
        double hi = Math.max(0, r0);
        double xi = 0.5 * r0;
        for (int i = 0; i < 50; i++) {
            double s = sigmoid(f + xi);
            double g = xi - a * (y - s);
            if (g == 0) return xi;
            if (g > 0) hi = xi; else lo = xi;
            double nx = xi - g / (1 + a * s * (1 - s));
            if (!(nx > lo && nx < hi)) nx = 0.5 * (lo + hi);
            if (Math.abs(nx - xi) <= 1e-14 * (1 + Math.abs(xi))) return nx;
            xi = nx;
        }
        return xi;
    }

    static double sigmoid(double s) {
        return 1 / (1 + Math.exp(-s));
    }

    /**
     * The raw-scale model from the writer state, published in one write section: clipping z to
     * [-k, k] is clamping x to [mean - k std, mean + k std], and {@code b + w·z} is then
     * {@code c0 + c·x} with {@code c = w / std}, {@code c0 = b - c·mean}, so a reader needs one
     * clamp and one multiply-add per feature.
     */
    private void publish() {
        double[] mean = stats.mean;
        double clip = config.zClip();
        double c0 = intercept;
        for (int j = 0, k = 2; j < p; j++, k += 3) {
            double inv = invStd[j];
            double c = coef[j] * inv;
            double halfWidth = clip / inv; // +Infinity for a constant column (inv = 0), whose c is 0
            next[k] = c;
            next[k + 1] = mean[j] - halfWidth;
            next[k + 2] = mean[j] + halfWidth;
            c0 -= c * mean[j];
        }
        next[0] = c0;
        next[1] = stats.meanAbsLabel();
        long stamp = publication.writeLock();
        try {
            System.arraycopy(next, 0, published, 0, next.length);
        } finally {
            publication.unlockWrite(stamp);
        }
    }

    /** Recomputes the derived arrays from the state (after a restore) and publishes. */
    private void republish() {
        for (int j = 0; j < p; j++) invStd[j] = stats.weight > 0 ? stats.inverseStd(j) : 0;
        publish();
    }

    /**
     * Makes this learner an exact copy of {@code source} (same config and feature names
     * required): predictions switch atomically from the old to the new model for every reader.
     * Use it to swap a live learner to a newly promoted version without replacing the object
     * the readers hold. Not for the hot path (it takes a copy of the source first).
     *
     * @throws IllegalArgumentException naming the config or the feature names if they differ
     */
    public void copyStateFrom(OnlineLearner source) {
        if (source == this) return;
        if (!source.config.equals(config)) {
            throw new IllegalArgumentException("config of the source " + source.config + " differs from this learner's " + config);
        }
        if (!source.featureNames.equals(featureNames)) {
            throw new IllegalArgumentException("featureNames of the source " + source.featureNames + " differ from this learner's " + featureNames);
        }
        State s = source.state(); // consistent copy under the source's lock; never holds two locks
        synchronized (this) {
            restore(s);
        }
    }

    /**
     * This learner as JSON bytes ({@value #FORMAT}): feature names, config and the full state
     * (coefficients, statistics, the window's rows), doubles in their exact shortest form, so
     * {@link #fromSnapshot(byte[])} restores a learner with identical predictions that stays
     * identical under identical further updates. Consistent even while another thread learns.
     */
    public byte[] snapshot() {
        return OnlineSnapshotCodec.write(state());
    }

    /**
     * Restores a learner from {@link #snapshot()} bytes.
     *
     * @throws OnlineSnapshotException naming the field when the bytes are malformed or inconsistent
     */
    public static OnlineLearner fromSnapshot(byte[] bytes) {
        State s = OnlineSnapshotCodec.read(bytes);
        OnlineLearner l = new OnlineLearner(s.config, s.featureNames);
        synchronized (l) {
            l.restore(s);
        }
        return l;
    }

    /**
     * A new learner continuing this one's state under {@code newConfig}, which may change the
     * step size, penalty and decay factor but not the objective, the forgetting mode or the window.
     *
     * @throws IllegalArgumentException naming the parameter that cannot change
     */
    public OnlineLearner continueWith(OnlineLearnerConfig newConfig) {
        String differs = config.incompatibility(newConfig);
        if (differs != null) {
            throw new IllegalArgumentException("online learner parameter '" + differs + "' cannot change when continuing a learner ("
                    + config.toParams().get(differs) + " -> " + newConfig.toParams().get(differs) + "); train from scratch to change it");
        }
        State s = state();
        OnlineLearner l = new OnlineLearner(newConfig, featureNames);
        synchronized (l) {
            l.restore(new State(newConfig, s.featureNames, s.updates, s.intercept, s.coef, s.statWeight, s.mean, s.m2,
                    s.windowSize, s.windowHead, s.ringRows, s.ringAbsLabel, s.ringWeight));
        }
        return l;
    }

    /** A consistent copy of the writer state. */
    synchronized State state() {
        return new State(config, featureNames, updates, intercept, coef.clone(), stats.weight, stats.mean.clone(), stats.m2.clone(),
                stats.size, stats.head, stats.ringRows.clone(), stats.ringAbsLabel.clone(), stats.ringWeight.clone());
    }

    /** Replaces the writer state (caller holds this learner's lock) and publishes it. */
    private void restore(State s) {
        updates = s.updates;
        intercept = s.intercept;
        System.arraycopy(s.coef, 0, coef, 0, p);
        stats.weight = s.statWeight;
        System.arraycopy(s.mean, 0, stats.mean, 0, p + 1);
        System.arraycopy(s.m2, 0, stats.m2, 0, p + 1);
        stats.size = s.windowSize;
        stats.head = s.windowHead;
        System.arraycopy(s.ringRows, 0, stats.ringRows, 0, stats.ringRows.length);
        System.arraycopy(s.ringAbsLabel, 0, stats.ringAbsLabel, 0, stats.ringAbsLabel.length);
        System.arraycopy(s.ringWeight, 0, stats.ringWeight, 0, stats.ringWeight.length);
        republish();
    }

    private IllegalArgumentException wrongWidth(int width) {
        return new IllegalArgumentException("row has " + width + " features, expected " + p + " (online learner over " + featureNames + ")");
    }

    @Override
    public String toString() {
        return "OnlineLearner[" + p + " features, " + config + "]";
    }

    /** Everything a snapshot holds; arrays owned (already copied). Window fields are empty without a window. */
    record State(OnlineLearnerConfig config, List<String> featureNames, long updates, double intercept, double[] coef,
                 double statWeight, double[] mean, double[] m2, int windowSize, int windowHead, float[] ringRows,
                 double[] ringAbsLabel, double[] ringWeight) {}
}
