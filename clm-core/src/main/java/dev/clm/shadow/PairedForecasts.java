package dev.clm.shadow;

import dev.clm.api.InvalidDataException;
import dev.clm.api.ShadowSample;
import java.util.List;

/**
 * Active and shadow predictions with the realised outcome, paired by index, in time order.
 * The arrays are owned by this object and not copied.
 *
 * @param active    active predictions (0 for the zero-return forecast when nothing is active)
 * @param shadow    shadow (candidate) predictions
 * @param realised  realised forward returns
 * @param timestampsMillis time of each forecast (epoch ms)
 * @param symbols   number of distinct symbols interleaved in the rows (>= 1); widens the HAC lag in replay
 */
public record PairedForecasts(double[] active, double[] shadow, double[] realised, long[] timestampsMillis, int symbols) {

    public PairedForecasts {
        int n = realised.length;
        if (active.length != n || shadow.length != n || timestampsMillis.length != n) {
            throw new IllegalArgumentException("paired arrays must have equal lengths: active " + active.length + ", shadow "
                    + shadow.length + ", realised " + n + ", timestamps " + timestampsMillis.length);
        }
        if (symbols < 1) throw new IllegalArgumentException("symbols must be >= 1, was " + symbols);
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(active[i]) || !Double.isFinite(shadow[i]) || !Double.isFinite(realised[i])) {
                throw new InvalidDataException(null, i, "predictions/realised", "active " + active[i] + ", shadow " + shadow[i]
                        + ", realised " + realised[i] + "; expected finite values");
            }
        }
    }

    public int size() {
        return realised.length;
    }

    /** The samples that have an outcome, in the given (sample-id) order. */
    public static PairedForecasts fromSamples(List<ShadowSample> samples) {
        int n = 0;
        for (ShadowSample s : samples) if (s.hasOutcome()) n++;
        double[] a = new double[n], s2 = new double[n], r = new double[n];
        long[] ts = new long[n];
        java.util.Set<String> symbols = new java.util.HashSet<>();
        int i = 0;
        for (ShadowSample s : samples) {
            if (!s.hasOutcome()) continue;
            a[i] = s.activePrediction();
            s2[i] = s.shadowPrediction();
            r[i] = s.realisedReturn();
            ts[i] = s.timestampMillis();
            symbols.add(s.symbol());
            i++;
        }
        return new PairedForecasts(a, s2, r, ts, Math.max(1, symbols.size()));
    }

    /** The first {@code n} pairs (copies). */
    public PairedForecasts head(int n) {
        if (n >= size()) return this;
        return new PairedForecasts(java.util.Arrays.copyOf(active, n), java.util.Arrays.copyOf(shadow, n),
                java.util.Arrays.copyOf(realised, n), java.util.Arrays.copyOf(timestampsMillis, n), symbols);
    }
}
