package dev.clm.ensemble;

import java.util.Arrays;

/**
 * How an ensemble turns its members' forecasts {@code p_j} into one forecast of the forward log
 * return: the score {@code z = intercept + sum_j coefficients[j] * p_j}, then the link:
 *
 * <ul>
 *   <li>{@link Link#IDENTITY}: the forecast is {@code z} (blends: intercept 0 and weights that
 *       are non-negative and sum to 1; ridge stacking: any coefficients);</li>
 *   <li>{@link Link#DIRECTION_PROBABILITY}: {@code z} is the log-odds of an up move (logistic
 *       stacking); the forecast is {@code (2 sigmoid(z) - 1) * returnScale}, the expected
 *       return if up and down moves have the mean absolute size {@code returnScale}, so every
 *       model type still predicts the same label.</li>
 * </ul>
 *
 * Immutable (the array is copied in and out).
 */
public record Combination(Link link, double intercept, double[] coefficients, double returnScale) {

    /** The link from the linear score to the forecast. */
    public enum Link { IDENTITY, DIRECTION_PROBABILITY }

    public Combination {
        if (link == null) throw new IllegalArgumentException("link must not be null");
        if (coefficients == null || coefficients.length == 0) throw new IllegalArgumentException("coefficients must not be empty");
        coefficients = coefficients.clone();
        if (!Double.isFinite(intercept)) throw new IllegalArgumentException("intercept must be finite, was " + intercept);
        for (int j = 0; j < coefficients.length; j++) {
            if (!Double.isFinite(coefficients[j])) throw new IllegalArgumentException("coefficients[" + j + "] must be finite, was " + coefficients[j]);
        }
        if (!(returnScale > 0) || Double.isInfinite(returnScale)) {
            throw new IllegalArgumentException("returnScale must be finite and > 0, was " + returnScale);
        }
    }

    /** A convex combination: {@code weights} non-negative, summing to 1 within 1e-9 (then normalised exactly). */
    public static Combination weights(double[] weights) {
        double sum = 0;
        for (int j = 0; j < weights.length; j++) {
            if (!(weights[j] >= 0) || Double.isInfinite(weights[j])) {
                throw new IllegalArgumentException("weights[" + j + "] must be finite and >= 0, was " + weights[j]);
            }
            sum += weights[j];
        }
        if (Math.abs(sum - 1) > 1e-9) throw new IllegalArgumentException("weights must sum to 1, sum to " + sum + " " + Arrays.toString(weights));
        double[] w = new double[weights.length];
        for (int j = 0; j < w.length; j++) w[j] = weights[j] / sum;
        return new Combination(Link.IDENTITY, 0, w, 1);
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    public int members() {
        return coefficients.length;
    }

    /** Coefficient of member {@code j} (no copy). */
    public double coefficient(int j) {
        return coefficients[j];
    }

    /** The forecast for the linear score {@code z}. */
    public double forecast(double z) {
        if (link == Link.IDENTITY) return z;
        return (2 / (1 + Math.exp(-z)) - 1) * returnScale;
    }

    /** The forecast for member forecasts {@code p} (one per member). */
    public double combine(double[] p) {
        double z = intercept;
        for (int j = 0; j < coefficients.length; j++) z += coefficients[j] * p[j];
        return forecast(z);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Combination c && link == c.link && Double.compare(intercept, c.intercept) == 0
                && Arrays.equals(coefficients, c.coefficients) && Double.compare(returnScale, c.returnScale) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(coefficients) * 31 + link.hashCode();
    }

    @Override
    public String toString() {
        return "Combination[" + link + ", intercept=" + intercept + ", coefficients=" + Arrays.toString(coefficients)
                + (link == Link.IDENTITY ? "" : ", returnScale=" + returnScale) + "]";
    }
}
