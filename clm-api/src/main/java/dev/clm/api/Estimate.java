package dev.clm.api;

/**
 * A statistic with its dependence-aware uncertainty: standard error and a 95% confidence
 * interval computed on the data's effective (non-overlapping) sample, not on raw rows.
 *
 * @param value            the point estimate (finite)
 * @param standardError    its standard error (>= 0), NaN when the sample was too short to estimate one
 * @param lower            lower end of the 95% interval, NaN when unknown
 * @param upper            upper end of the 95% interval, NaN when unknown
 * @param effectiveSamples independent observations the uncertainty rests on (>= 0), e.g. non-overlapping label windows
 */
public record Estimate(double value, double standardError, double lower, double upper, double effectiveSamples) {

    public Estimate {
        Checks.finite(value, "value");
        Checks.finiteOrNaN(standardError, "standardError");
        if (standardError < 0) throw new IllegalArgumentException("standardError must be >= 0 or NaN, was " + standardError);
        Checks.finiteOrNaN(lower, "lower");
        Checks.finiteOrNaN(upper, "upper");
        if (lower > upper) throw new IllegalArgumentException("lower (" + lower + ") must be <= upper (" + upper + ")");
        Checks.nonNegative(effectiveSamples, "effectiveSamples");
    }

    /** A value whose uncertainty is unknown. */
    public static Estimate unknown(double value) {
        return new Estimate(value, Double.NaN, Double.NaN, Double.NaN, 0);
    }

    /** Whether the standard error is known. */
    public boolean hasStandardError() {
        return !Double.isNaN(standardError);
    }
}
