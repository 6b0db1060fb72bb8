package dev.clm.features;

/**
 * Selects written without branches, for conditions a branch predictor cannot guess (a price
 * moving up or down). Each returns exactly the double the plain conditional would, sign of zero
 * included. Stateless.
 */
final class BranchFree {
    private BranchFree() {}

    /** {@code cond ? x : 0} (0 is +0.0, as the conditional gives). */
    static double keepIf(boolean cond, double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) & -(cond ? 1L : 0L));
    }

    /** {@code cond ? -x : x} (negation flips the sign bit, also of 0). */
    static double negateIf(boolean cond, double x) {
        return Double.longBitsToDouble(Double.doubleToRawLongBits(x) ^ (cond ? Long.MIN_VALUE : 0L));
    }

    /** 1 when {@code x != 0} (neither +0.0 nor -0.0; NaN counts as non-zero, as {@code !=} says), else 0. */
    static int nonZero(double x) {
        long bits = Double.doubleToRawLongBits(x) << 1; // drops the sign: 0 exactly for +0.0 and -0.0
        return (int) ((bits | -bits) >>> 63);
    }
}
