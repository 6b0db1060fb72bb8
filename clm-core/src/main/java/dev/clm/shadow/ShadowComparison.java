package dev.clm.shadow;

import dev.clm.stats.DieboldMariano;
import dev.clm.stats.PairedHitTest;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Every statistic the promotion policy looks at, computed from paired forecasts: per-side
 * metrics, the relative loss improvement, the Diebold–Mariano test on the loss differential
 * {@code loss(active) - loss(shadow)}, the exact McNemar test on hits and the two-sample KS
 * test of the absolute-error distributions. Immutable.
 *
 * @param improvement   (active mean loss - shadow mean loss) / active mean loss; positive = shadow better
 * @param hitTestPValue one-sided p-value that the shadow's hit rate is higher (McNemar on discordant
 *                      pairs; against a fair coin when the active side has no direction, e.g. the zero forecast)
 * @param hitWorsePValue one-sided p-value that the shadow's hit rate is lower (same tests, other tail)
 * @param meanDiff      mean(shadow prediction - active prediction)
 * @param stdDiff       standard deviation of that difference
 */
public record ShadowComparison(int n, SideMetrics active, SideMetrics shadow, double improvement,
                               DieboldMariano.Result dm, long discordantShadowOnly, long discordantActiveOnly,
                               double hitTestPValue, double hitWorsePValue, double ksStatistic, double ksPValue, double meanDiff, double stdDiff,
                               int hacLag) {

    /** Compares the first {@code n} pairs of {@code data} (n >= 3) with the configured forecast horizon. */
    static ShadowComparison compute(PairedForecasts data, int n, int hacLag, ShadowPolicyConfig cfg) {
        return compute(data, n, hacLag, cfg.forecastHorizon(), cfg);
    }

    /**
     * Compares the first {@code n} pairs of {@code data} (n >= 3).
     *
     * @param horizon forecast horizon in rows for the Harvey–Leybourne–Newbold correction
     */
    static ShadowComparison compute(PairedForecasts data, int n, int hacLag, int horizon, ShadowPolicyConfig cfg) {
        if (n < 3) throw new IllegalArgumentException("a shadow comparison needs >= 3 samples with outcomes, had " + n);
        double[] a = data.active(), s = data.shadow(), r = data.realised();
        LossFunction loss = cfg.loss();
        SideMetrics am = SideMetrics.of(a, r, n, loss);
        SideMetrics sm = SideMetrics.of(s, r, n, loss);

        double[] d = new double[n];
        double[] absA = new double[n], absS = new double[n];
        long shadowOnly = 0, activeOnly = 0, shadowHits = 0, shadowDirectional = 0;
        double diffSum = 0, diffSq = 0;
        for (int i = 0; i < n; i++) {
            d[i] = loss.loss(a[i], r[i]) - loss.loss(s[i], r[i]);
            absA[i] = Math.abs(a[i] - r[i]);
            absS[i] = Math.abs(s[i] - r[i]);
            double diff = s[i] - a[i];
            diffSum += diff;
            diffSq += diff * diff;
            double ar = a[i] * r[i], sr = s[i] * r[i];
            if (sr != 0) {
                shadowDirectional++;
                if (sr > 0) shadowHits++;
            }
            if (ar != 0 && sr != 0) {
                if (sr > 0 && ar < 0) shadowOnly++;
                else if (ar > 0 && sr < 0) activeOnly++;
            }
        }
        double improvement = am.meanLoss() > 0 ? (am.meanLoss() - sm.meanLoss()) / am.meanLoss() : 0.0;
        DieboldMariano.Result dm = DieboldMariano.test(d, n, horizon, hacLag, cfg.smallSampleCorrection());
        boolean coin = am.directionalSamples() == 0;
        double hitP = coin ? PairedHitTest.binomialUpperTail(shadowHits, shadowDirectional, 0.5)
                : PairedHitTest.test(shadowOnly, activeOnly).pValueGreater();
        double hitWorseP = coin ? PairedHitTest.binomialLowerTail(shadowHits, shadowDirectional, 0.5)
                : PairedHitTest.test(activeOnly, shadowOnly).pValueGreater();
        // A seeded generator: commons-math3 jitters tied values in the exact small-sample KS test.
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(new Well19937c(20240601L));
        double ksStat = ks.kolmogorovSmirnovStatistic(absA, absS);
        double ksP = ks.kolmogorovSmirnovTest(absA, absS);
        double meanDiff = diffSum / n;
        double stdDiff = Math.sqrt(Math.max(0, (diffSq - n * meanDiff * meanDiff) / (n - 1)));
        return new ShadowComparison(n, am, sm, improvement, dm, shadowOnly, activeOnly, clamp(hitP), clamp(hitWorseP), clamp(ksStat),
                clamp(ksP), meanDiff, stdDiff, hacLag);
    }

    private static double clamp(double p) {
        return Double.isNaN(p) ? 1.0 : Math.max(0, Math.min(1, p));
    }
}
