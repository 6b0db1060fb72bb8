package dev.clm.bench;

import java.util.SplittableRandom;

/**
 * A simulated panel of hourly bars for the decision-size proofs: {@code symbols} correlated
 * symbols (one common factor with loading {@code sqrt(rho)}), Student-t(5) shocks, persistent
 * stochastic volatility (log-volatility AR(1), phi 0.98), and labels that are 12-bar forward
 * sums of the one-bar returns, so consecutive labels share 11 bars exactly as clm's labels do.
 * A predictable component {@code signal * g} can be added to each one-bar return, g being a
 * persistent AR(1) feature per symbol that a model may see. Deterministic for a seed.
 */
public final class PanelMarket {
    public static final long HOUR_MS = 3_600_000L;
    public static final int HORIZON_BARS = 12;
    public static final long START_MS = 1_700_000_000_000L - (1_700_000_000_000L % HOUR_MS);

    /** Rows in time-major order (all symbols of a timestamp, then the next timestamp). */
    public record Panel(int symbols, int timestamps, long[] timesMillis, int[] symbolIds, double[] label, double[] feature) {
        public int rows() {
            return label.length;
        }
    }

    private PanelMarket() {}

    /**
     * @param signal size of the predictable part of each one-bar return per unit of the feature (0 = none)
     */
    public static Panel generate(int symbols, int timestamps, double rho, double signal, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int bars = timestamps + HORIZON_BARS;
        double[][] ret = new double[symbols][bars];
        double[][] feat = new double[symbols][bars];
        double logVol = 0;
        double[] g = new double[symbols];
        double lf = Math.sqrt(rho), li = Math.sqrt(1 - rho);
        for (int t = 0; t < bars; t++) {
            logVol = 0.98 * logVol + 0.2 * Math.sqrt(1 - 0.98 * 0.98) * gaussian(rnd);
            double vol = 0.01 * Math.exp(logVol);
            double f = studentT5(rnd);
            for (int s = 0; s < symbols; s++) {
                g[s] = 0.9 * g[s] + Math.sqrt(1 - 0.81) * gaussian(rnd);
                feat[s][t] = g[s];
                // the feature known at t predicts the next bar's return
                double predictable = t > 0 ? signal * feat[s][t - 1] : 0;
                ret[s][t] = vol * (lf * f + li * studentT5(rnd)) + vol * predictable;
            }
        }
        int n = symbols * timestamps;
        long[] ts = new long[n];
        int[] ids = new int[n];
        double[] y = new double[n], x = new double[n];
        int k = 0;
        for (int t = 0; t < timestamps; t++) {
            for (int s = 0; s < symbols; s++) {
                double sum = 0;
                for (int h = 1; h <= HORIZON_BARS; h++) sum += ret[s][t + h];
                ts[k] = START_MS + t * HOUR_MS;
                ids[k] = s;
                y[k] = sum;
                x[k] = feat[s][t];
                k++;
            }
        }
        return new Panel(symbols, timestamps, ts, ids, y, x);
    }

    static double gaussian(SplittableRandom rnd) {
        double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Student-t with 5 degrees of freedom scaled to unit variance. */
    static double studentT5(SplittableRandom rnd) {
        double z = gaussian(rnd), chi = 0;
        for (int i = 0; i < 5; i++) {
            double e = gaussian(rnd);
            chi += e * e;
        }
        return z / Math.sqrt(chi / 5) / Math.sqrt(5.0 / 3.0);
    }
}
