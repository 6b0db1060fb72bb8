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
 * @param symbols   number of distinct symbols interleaved in the rows (>= 1); reported only: the
 *                  statistics aggregate rows per timestamp, whatever the number of symbols
 * @param horizonMillis label horizon in time (ms): outcomes of forecasts closer than this overlap;
 *                  0 = the policy's forecast horizon in bars times the median timestamp step
 */
public record PairedForecasts(double[] active, double[] shadow, double[] realised, long[] timestampsMillis, int symbols,
                              long horizonMillis) {

    /** Pairs whose label horizon in time is inferred from the policy's horizon in bars. */
    public PairedForecasts(double[] active, double[] shadow, double[] realised, long[] timestampsMillis, int symbols) {
        this(active, shadow, realised, timestampsMillis, symbols, 0);
    }

    public PairedForecasts {
        int n = realised.length;
        if (active.length != n || shadow.length != n || timestampsMillis.length != n) {
            throw new IllegalArgumentException("paired arrays must have equal lengths: active " + active.length + ", shadow "
                    + shadow.length + ", realised " + n + ", timestamps " + timestampsMillis.length);
        }
        if (symbols < 1) throw new IllegalArgumentException("symbols must be >= 1, was " + symbols);
        if (horizonMillis < 0) throw new IllegalArgumentException("horizonMillis must be >= 0 (0 = inferred), was " + horizonMillis);
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

    /** The samples that have an outcome, in the given (sample-id) order; the horizon is inferred later. */
    public static PairedForecasts fromSamples(List<ShadowSample> samples) {
        return fromSamples(samples, 0);
    }

    /**
     * The samples that have an outcome, in the given (sample-id) order, with a label horizon of
     * {@code horizonBars} bars, a bar being the median step between one symbol's consecutive
     * timestamps (symbols recorded a few milliseconds apart do not shorten it); 0 = infer later.
     */
    public static PairedForecasts fromSamples(List<ShadowSample> samples, int horizonBars) {
        int n = 0;
        for (ShadowSample s : samples) if (s.hasOutcome()) n++;
        double[] a = new double[n], s2 = new double[n], r = new double[n];
        long[] ts = new long[n];
        java.util.Map<String, Long> lastBySymbol = new java.util.HashMap<>();
        long[] steps = new long[n];
        int k = 0;
        int i = 0;
        for (ShadowSample s : samples) {
            if (!s.hasOutcome()) continue;
            a[i] = s.activePrediction();
            s2[i] = s.shadowPrediction();
            r[i] = s.realisedReturn();
            ts[i] = s.timestampMillis();
            Long last = lastBySymbol.put(s.symbol(), ts[i]);
            if (last != null && ts[i] > last) steps[k++] = ts[i] - last;
            i++;
        }
        long horizon = 0;
        if (horizonBars > 0 && k > 0) {
            java.util.Arrays.sort(steps, 0, k);
            horizon = steps[k / 2] * horizonBars;
        }
        return new PairedForecasts(a, s2, r, ts, Math.max(1, lastBySymbol.size()), horizon);
    }

    /** The first {@code n} pairs (copies). */
    public PairedForecasts head(int n) {
        if (n >= size()) return this;
        return new PairedForecasts(java.util.Arrays.copyOf(active, n), java.util.Arrays.copyOf(shadow, n),
                java.util.Arrays.copyOf(realised, n), java.util.Arrays.copyOf(timestampsMillis, n), symbols, horizonMillis);
    }

    /** The label horizon in time: {@link #horizonMillis} if set, else {@code horizonBars} median timestamp steps. */
    public long horizonMillisOr(int horizonBars) {
        if (horizonMillis > 0) return horizonMillis;
        return dev.clm.stats.BlockTest.horizonMillis(timestampsMillis, size(), horizonBars);
    }
}
