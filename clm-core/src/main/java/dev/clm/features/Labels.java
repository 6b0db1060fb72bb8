package dev.clm.features;

/**
 * The label every model predicts: the forward log return {@code log(close[t+h] / close[t])}
 * over the horizon h, and its direction. Stateless.
 */
public final class Labels {
    private Labels() {}

    /** Forward log return from bar t to bar t + horizon; NaN when t + horizon is past the end or a close is not positive. */
    public static double forwardLogReturn(double[] close, int t, int horizon) {
        if (t < 0 || t + horizon >= close.length || !(close[t] > 0) || !(close[t + horizon] > 0)) return Double.NaN;
        return Math.log(close[t + horizon] / close[t]);
    }

    /** Direction of a label or prediction: +1 up, -1 down, 0 flat or unknown (NaN). */
    public static int direction(double logReturn) {
        return logReturn > 0 ? 1 : logReturn < 0 ? -1 : 0;
    }
}
