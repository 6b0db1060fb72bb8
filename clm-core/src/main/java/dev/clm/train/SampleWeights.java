package dev.clm.train;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import java.time.Instant;
import java.util.Objects;

/**
 * Builds sample weights for cost-sensitive training ({@link Dataset#weights()}), as arrays or
 * as {@link SampleWeighting}s for the manager. Every result is clipped and normalised to mean
 * 1, so a weighting changes the relative influence of rows, not the effective amount of data
 * (which the trees' {@code min_child_weight} and ridge's penalty are scaled to).
 *
 * <ul>
 *   <li>{@link #fromRewardRisk}: a row's weight is the absolute realised reward/risk (R
 *       multiple) of the trade it belongs to, clipped to {@code [floor, cap]}; rows that
 *       belong to no realised trade get {@code floor}. Absolute, because big winners and big
 *       losers are both the rows where the direction call mattered most; the cap keeps one
 *       outlier trade from dominating, the floor keeps every row in play. Defaults: floor
 *       {@value #DEFAULT_FLOOR}, cap {@value #DEFAULT_CAP} R.</li>
 *   <li>{@link #classBalanced}: up rows (label &gt; 0) and the rest each get half of the total
 *       weight ({@code n / (2 n_class)}), the sample-weight form of class balancing; all ones
 *       when one class is missing.</li>
 * </ul>
 *
 * Stateless; the returned weightings are thread-safe if the caller's lookup is.
 */
public final class SampleWeights {
    /** Weight (before normalisation) of rows with no realised trade and lower clip of |R|. */
    public static final double DEFAULT_FLOOR = 0.25;
    /** Upper clip of |R| (reward/risk multiples) before normalisation. */
    public static final double DEFAULT_CAP = 4.0;

    /** The realised reward/risk of the trade a row belongs to, as the engine knows it. */
    @FunctionalInterface
    public interface TradeOutcomes {
        /**
         * Realised reward/risk (R multiple, e.g. +2.0 for a win of twice the risked amount) of
         * the trade opened on the bar at {@code rowTimeMillis} for {@code symbol}, or NaN when
         * no trade belongs to that row or it had not closed before {@code knownBefore}.
         */
        double rewardRisk(String symbol, long rowTimeMillis, Instant knownBefore);
    }

    private SampleWeights() {}

    /**
     * Weights from per-row reward/risk values (NaN: the row belongs to no realised trade):
     * {@code clip(|rr|, floor, cap)}, NaN to {@code floor}, then normalised to mean 1.
     *
     * @throws IllegalArgumentException unless {@code 0 <= floor <= cap}, {@code cap > 0}, both finite
     * @throws InvalidDataException     naming the row of an infinite value
     */
    public static float[] fromRewardRisk(double[] rewardRisk, double floor, double cap) {
        checkClip(floor, cap);
        Objects.requireNonNull(rewardRisk, "rewardRisk");
        double[] raw = new double[rewardRisk.length];
        for (int i = 0; i < raw.length; i++) {
            double r = rewardRisk[i];
            if (Double.isInfinite(r)) {
                throw new InvalidDataException(null, i, "rewardRisk", "reward/risk " + r + "; expected a finite R multiple or NaN (no trade)");
            }
            raw[i] = Double.isNaN(r) ? floor : Math.abs(r);
        }
        return normalised(raw, floor, cap);
    }

    /** {@link #fromRewardRisk(double[], double, double)} with the default floor and cap. */
    public static float[] fromRewardRisk(double[] rewardRisk) {
        return fromRewardRisk(rewardRisk, DEFAULT_FLOOR, DEFAULT_CAP);
    }

    /** A weighting that looks up each row's trade in {@code outcomes} (see {@link #fromRewardRisk}). */
    public static SampleWeighting rewardRisk(TradeOutcomes outcomes, double floor, double cap) {
        Objects.requireNonNull(outcomes, "outcomes");
        checkClip(floor, cap);
        return (rows, knownBefore) -> {
            double[] rr = new double[rows.rows()];
            for (int i = 0; i < rr.length; i++) rr[i] = outcomes.rewardRisk(rows.symbolOf(i), rows.timestamps()[i], knownBefore);
            return fromRewardRisk(rr, floor, cap);
        };
    }

    /** {@link #rewardRisk(TradeOutcomes, double, double)} with the default floor and cap. */
    public static SampleWeighting rewardRisk(TradeOutcomes outcomes) {
        return rewardRisk(outcomes, DEFAULT_FLOOR, DEFAULT_CAP);
    }

    /** Class-balance weights of {@code d}'s direction (label &gt; 0 vs the rest); mean 1. */
    public static float[] classBalanced(Dataset d) {
        int n = d.rows();
        int up = 0;
        for (float y : d.labels()) if (y > 0) up++;
        float[] w = new float[n];
        if (up == 0 || up == n) {
            java.util.Arrays.fill(w, 1f);
            return w;
        }
        float wUp = (float) (n / (2.0 * up)), wDown = (float) (n / (2.0 * (n - up)));
        for (int i = 0; i < n; i++) w[i] = d.labels()[i] > 0 ? wUp : wDown;
        return w;
    }

    /** Class balancing as a weighting (labels of the split itself are known: purged splits). */
    public static SampleWeighting classBalance() {
        return (rows, knownBefore) -> classBalanced(rows);
    }

    /**
     * {@code raw} clipped to {@code [min, max]} and scaled to mean 1, as floats.
     *
     * @throws InvalidDataException naming the row of a negative or non-finite value, or when all are 0
     */
    public static float[] normalised(double[] raw, double min, double max) {
        double sum = 0;
        double[] c = new double[raw.length];
        for (int i = 0; i < raw.length; i++) {
            if (!(raw[i] >= 0) || Double.isInfinite(raw[i])) {
                throw new InvalidDataException(null, i, "weights", "raw weight " + raw[i] + "; expected a finite value >= 0");
            }
            c[i] = Math.min(max, Math.max(min, raw[i]));
            sum += c[i];
        }
        if (raw.length > 0 && !(sum > 0)) {
            throw new InvalidDataException(null, -1, "weights", "all " + raw.length + " weights are 0; expected at least one positive weight");
        }
        float[] out = new float[raw.length];
        double mean = sum / raw.length;
        for (int i = 0; i < out.length; i++) out[i] = (float) (c[i] / mean);
        return out;
    }

    /**
     * {@code d} with {@code weights} checked: one per row, finite, {@code >= 0} (else an
     * {@link InvalidDataException} naming the row), not all zero.
     */
    public static Dataset apply(Dataset d, float[] weights, String what) {
        Dataset out = d.withWeights(checked(weights, d, what));
        out.requireUsableWeights(what);
        return out;
    }

    /** Checks a weight array against {@code d}'s rows; returns it. */
    static float[] checked(float[] weights, Dataset d, String what) {
        if (weights == null) throw new IllegalArgumentException(what + ": the weighting returned null; expected " + d.rows() + " weights");
        if (weights.length != d.rows()) {
            throw new InvalidDataException(null, -1, "weights", what + ": " + weights.length + " weights for " + d.rows()
                    + " rows; expected one per row");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0) || weights[i] == Float.POSITIVE_INFINITY) {
                throw new InvalidDataException(d.symbolOf(i), i, "weights", what + ": sample weight " + weights[i]
                        + "; expected a finite weight >= 0");
            }
        }
        return weights;
    }

    private static void checkClip(double floor, double cap) {
        if (!(floor >= 0) || !(cap > 0) || floor > cap || Double.isInfinite(cap)) {
            throw new IllegalArgumentException("reward/risk clip [floor, cap] = [" + floor + ", " + cap
                    + "]; expected finite 0 <= floor <= cap with cap > 0");
        }
    }
}
