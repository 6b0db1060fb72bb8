package dev.clm.shadow;

import java.util.SplittableRandom;

/**
 * Simulated trades for the policy proofs: each trade has a realised return {@code r = sign *
 * |N(0, sigma)|} and two forecasts whose directions are right with probabilities
 * {@code activeWinRate} and {@code shadowWinRate}. The two "is it right" events are coupled by
 * a Gaussian copula with latent correlation {@code rho} (models retrained on the same data tend
 * to be right on the same trades). Forecast magnitudes are {@code sigma * U(0.05, 0.15)}: small
 * against the outcome, as real return forecasts are, so that a hit rate above 1/2 also beats the
 * zero-return forecast (the permanent challenger).
 * Deterministic for a seed.
 */
final class TradeSimulator {
    static final double SIGMA = 0.01;

    private TradeSimulator() {}

    static PairedForecasts trades(int n, double activeWinRate, double shadowWinRate, double rho, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] a = new double[n], s = new double[n], r = new double[n];
        long[] ts = new long[n];
        double qa = inverseNormal(activeWinRate), qs = inverseNormal(shadowWinRate);
        double sr = Math.sqrt(rho), sn = Math.sqrt(1 - rho);
        for (int i = 0; i < n; i++) {
            double sign = rnd.nextBoolean() ? 1 : -1;
            r[i] = sign * Math.abs(gaussian(rnd)) * SIGMA;
            double common = gaussian(rnd);
            boolean aRight = sr * common + sn * gaussian(rnd) < qa;
            boolean sRight = sr * common + sn * gaussian(rnd) < qs;
            a[i] = (aRight ? sign : -sign) * SIGMA * (0.05 + 0.1 * rnd.nextDouble());
            s[i] = (sRight ? sign : -sign) * SIGMA * (0.05 + 0.1 * rnd.nextDouble());
            ts[i] = 1_700_000_000_000L + i * 60_000L;
        }
        return new PairedForecasts(a, s, r, ts, 1);
    }

    /** A/A in the sense: the candidate is the active forecast plus small independent noise. */
    static PairedForecasts activePlusNoise(int n, double activeWinRate, double noiseSd, long seed) {
        PairedForecasts base = trades(n, activeWinRate, activeWinRate, 1.0, seed);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) s[i] = base.active()[i] + noiseSd * gaussian(rnd);
        return new PairedForecasts(base.active(), s, base.realised(), base.timestampsMillis(), 1);
    }

    static double gaussian(SplittableRandom rnd) {
        // Box–Muller; one value per call keeps the stream simple and deterministic.
        double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    static double inverseNormal(double p) {
        return new org.apache.commons.math3.distribution.NormalDistribution(null, 0, 1).inverseCumulativeProbability(p);
    }
}
