package dev.clm.shadow;

import dev.clm.stats.BlockTest;
import dev.clm.stats.TimeAggregation;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Every statistic the promotion policy looks at, computed from paired forecasts: per-side
 * metrics, the relative loss improvement, and three dependence-aware tests ({@link BlockTest}:
 * rows averaged per timestamp, then a t-test on purged time blocks at least three label
 * horizons long; the two loss tests on each block's differential relative to the zero
 * forecast's loss in that block, so calm and volatile weeks weigh alike) of
 * <ul>
 *   <li>the loss differential {@code loss(active) - loss(shadow)} ({@link #lossVsActive});</li>
 *   <li>the loss differential against the zero-return forecast, {@code loss(0) - loss(shadow)}
 *       ({@link #lossVsZero}): the zero forecast is a permanent challenger;</li>
 *   <li>the hit differential {@code hit(shadow) - hit(active)}, a hit being a sign agreement of
 *       forecast and outcome; against a fair coin ({@code hit(shadow) - 1/2} on the shadow's
 *       directional rows) when the active side has no direction, e.g. the zero forecast
 *       ({@link #hitVsActive}).</li>
 * </ul>
 * The two-sample KS test of the absolute-error distributions and the discordant-pair counts are
 * reported only: they treat rows as independent, so nothing decides on them. Immutable.
 *
 * @param improvement   (reference mean loss - shadow mean loss) / reference mean loss, the reference
 *                      being the better of the active and the zero forecast; positive = shadow better
 * @param hitTestPValue one-sided p-value that the shadow's hit rate is higher ({@code hitVsActive})
 * @param hitWorsePValue one-sided p-value that the shadow's hit rate is lower
 * @param meanDiff      mean(shadow prediction - active prediction)
 * @param stdDiff       standard deviation of that difference
 * @param horizonMillis label horizon in time the blocks were purged with
 * @param activeVsZero  the active side's own skill, {@code loss(0) - loss(active)}: the baseline a
 *                      rollback watch compares the next model with
 * @param activeHitVsCoin the active side's hit edge over a coin, {@code hit(active) - 1/2} on its directional rows
 */
public record ShadowComparison(int n, SideMetrics active, SideMetrics shadow, double improvement,
                               BlockTest.Result lossVsActive, BlockTest.Result lossVsZero, BlockTest.Result hitVsActive,
                               long discordantShadowOnly, long discordantActiveOnly,
                               double hitTestPValue, double hitWorsePValue, double ksStatistic, double ksPValue, double meanDiff, double stdDiff,
                               long horizonMillis, double zeroMeanLoss, BlockTest.Result activeVsZero,
                               BlockTest.Result activeHitVsCoin) {

    /** The binding loss test: the larger one-sided p-value of the tests against the active and the zero forecast. */
    public BlockTest.Result bindingLossTest() {
        return lossVsActive.pValueGreater() >= lossVsZero.pValueGreater() ? lossVsActive : lossVsZero;
    }

    /** Compares the first {@code n} pairs of {@code data} (n >= 3) with the configured forecast horizon. */
    static ShadowComparison compute(PairedForecasts data, int n, ShadowPolicyConfig cfg) {
        if (n < 3) throw new IllegalArgumentException("a shadow comparison needs >= 3 samples with outcomes, had " + n);
        double[] a = data.active(), s = data.shadow(), r = data.realised();
        long[] ts = data.timestampsMillis();
        LossFunction loss = cfg.loss();
        SideMetrics am = SideMetrics.of(a, r, n, loss);
        SideMetrics sm = SideMetrics.of(s, r, n, loss);
        boolean coin = am.directionalSamples() == 0;

        double[] dActive = new double[n], dZero = new double[n], dHit = new double[n], aZero = new double[n], aHit = new double[n];
        double[] absA = new double[n], absS = new double[n], zeroLosses = new double[n];
        long shadowOnly = 0, activeOnly = 0;
        double diffSum = 0, diffSq = 0, zeroLoss = 0;
        for (int i = 0; i < n; i++) {
            double ls = loss.loss(s[i], r[i]);
            double l0 = loss.loss(0, r[i]);
            zeroLoss += l0;
            zeroLosses[i] = l0;
            dActive[i] = loss.loss(a[i], r[i]) - ls;
            dZero[i] = l0 - ls;
            aZero[i] = l0 - loss.loss(a[i], r[i]);
            absA[i] = Math.abs(a[i] - r[i]);
            absS[i] = Math.abs(s[i] - r[i]);
            double diff = s[i] - a[i];
            diffSum += diff;
            diffSq += diff * diff;
            double ar = a[i] * r[i], sr = s[i] * r[i];
            double hs = sr > 0 ? 1 : 0, ha = ar > 0 ? 1 : 0;
            dHit[i] = coin ? (sr > 0 ? 0.5 : sr < 0 ? -0.5 : 0) : hs - ha;
            aHit[i] = ar > 0 ? 0.5 : ar < 0 ? -0.5 : 0;
            if (ar != 0 && sr != 0) {
                if (sr > 0 && ar < 0) shadowOnly++;
                else if (ar > 0 && sr < 0) activeOnly++;
            }
        }
        zeroLoss /= n;
        long horizon = data.horizonMillisOr(cfg.forecastHorizon());
        // loss tests per unit of volatility (each block relative to the zero forecast's loss there): see BlockTest
        TimeAggregation.Series volatility = TimeAggregation.meanPerTimestamp(zeroLosses, ts, n);
        BlockTest.Result vsActive = BlockTest.test(TimeAggregation.meanPerTimestamp(dActive, ts, n), volatility, horizon,
                BlockTest.DEFAULT_MAX_BLOCKS);
        BlockTest.Result vsZero = coin ? vsActive
                : BlockTest.test(TimeAggregation.meanPerTimestamp(dZero, ts, n), volatility, horizon, BlockTest.DEFAULT_MAX_BLOCKS);
        BlockTest.Result hit = BlockTest.test(TimeAggregation.meanPerTimestamp(dHit, ts, n), horizon, BlockTest.DEFAULT_MAX_BLOCKS);
        BlockTest.Result activeSkill = BlockTest.test(TimeAggregation.meanPerTimestamp(aZero, ts, n), horizon, BlockTest.DEFAULT_MAX_BLOCKS);
        BlockTest.Result activeHit = BlockTest.test(TimeAggregation.meanPerTimestamp(aHit, ts, n), horizon, BlockTest.DEFAULT_MAX_BLOCKS);
        double reference = Math.min(am.meanLoss(), zeroLoss);
        double improvement = reference > 0 ? (reference - sm.meanLoss()) / reference : 0.0;
        // A seeded generator: commons-math3 jitters tied values in the exact small-sample KS test.
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest(new Well19937c(20240601L));
        double ksStat = ks.kolmogorovSmirnovStatistic(absA, absS);
        double ksP = ks.kolmogorovSmirnovTest(absA, absS);
        double meanDiff = diffSum / n;
        double stdDiff = Math.sqrt(Math.max(0, (diffSq - n * meanDiff * meanDiff) / (n - 1)));
        return new ShadowComparison(n, am, sm, improvement, vsActive, vsZero, hit, shadowOnly, activeOnly,
                clamp(hit.pValueGreater()), clamp(hit.pValueLess()), clamp(ksStat), clamp(ksP), meanDiff, stdDiff, horizon, zeroLoss,
                activeSkill, activeHit);
    }

    private static double clamp(double p) {
        return Double.isNaN(p) ? 1.0 : Math.max(0, Math.min(1, p));
    }
}
