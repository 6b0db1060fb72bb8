package dev.clm.features;

/**
 * Neutral values for degenerate denominators, applied after a vectorisable pass has computed a
 * ratio for every bar (a zero denominator gives an infinity or NaN there, which is replaced
 * here): the ratio loops stay free of branches, and the kept values are the same doubles.
 */
final class Guards {
    private Guards() {}

    /** {@code out[j] = neutral} where {@code denominator[j] == 0}, for j in [from, to). */
    static void whereZero(double[] denominator, int from, int to, double[] out, double neutral) {
        for (int j = from; j < to; j++) if (denominator[j] == 0) out[j] = neutral;
    }

    /** {@code out[j] = neutral} where {@code a[j] == b[j]}, for j in [from, to). */
    static void whereEqual(double[] a, double[] b, int from, int to, double[] out, double neutral) {
        for (int j = from; j < to; j++) if (a[j] == b[j]) out[j] = neutral;
    }
}
