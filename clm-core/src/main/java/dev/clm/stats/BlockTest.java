package dev.clm.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Test of a zero mean for a dependent time series, by a Student-t test on the means of purged,
 * time-ordered blocks; the estimate, its standard error and confidence interval, and the
 * effective sample size come from the same blocks.
 *
 * <p>Notes:
 * <ul>
 *   <li>Ibragimov, R. and Müller, U. K. (2010), "t-statistic based correlation and heterogeneity
 *       robust inference", Journal of Business and Economic Statistics 28(4): split the sample
 *       into q groups whose estimates are approximately independent and normal (possibly with
 *       different variances), and apply the usual t-test with q-1 degrees of freedom to the q
 *       group estimates. The test is valid (conservative) at levels up to 8.3% for any q >= 2,
 *       also when the variances differ between groups, so volatility regimes do not break it. That
 *       guarantee is two-sided (one-sided about 4%); clm's one-sided 5% decisions are checked by
 *       simulation instead (clm-examples {@code DecisionSizeBenchmark}: 2.9% to 5.0% at 20,000 A/A
 *       decisions on correlated, heavy-tailed, volatility-clustered panels with 12-bar labels).</li>
 *   <li>The groups are contiguous blocks of time of at least {@value #MIN_BLOCK_HORIZONS} label
 *       horizons. Labels are forward returns over a horizon H, so an observation at t shares
 *       outcome bars with every observation within H of it; the first observations of each block
 *       that lie within H of the previous block's last kept observation are purged (dropped), so
 *       no label window spans two blocks (the purging of López de Prado, M. (2018), "Advances in
 *       Financial Machine Learning", Wiley, ch. 7). Dependence is measured in time, not in rows,
 *       so the number of symbols interleaved does not matter once the series is aggregated per
 *       timestamp ({@link TimeAggregation}).</li>
 *   <li>Why not Newey–West on rows: with h-step overlapping labels a Bartlett lag of h-1 recovers
 *       only about 2/3 of an MA(h-1) long-run variance, and on a symbol-interleaved series the lag
 *       in rows covers a fraction of the horizon in time; both make a test oversized. Block means
 *       need no bandwidth choice beyond "longer than the horizon", and the t reference with q-1
 *       degrees of freedom pays honestly for the few independent blocks a short window has.</li>
 * </ul>
 *
 * <p>Volatility-scaled variant ({@link #test(TimeAggregation.Series, TimeAggregation.Series, long, int)}):
 * each block's statistic is the block's sum of the series divided by its sum of a scale series
 * (for a loss differential: the zero forecast's loss, i.e. the block's realised volatility), and
 * the t-test runs on those ratios. Market volatility changes several-fold between weeks, so
 * unscaled block means of a loss differential are dominated by the few volatile blocks and the
 * test has the power of fewer blocks than it has; scaled, every block counts for its relative
 * skill. The null it tests is "no skill per unit of volatility in the blocks on average". Mean,
 * standard error and interval are reported back in the series' units (times the mean scale).
 * Size checked by the same simulations as the unscaled test.
 *
 * <p>Effective sample size: the number of non-overlapping label windows the kept observations
 * span, {@code sum over blocks of min(timestamps, floor(span / H) + 1)}; a cross-section of
 * symbols at one timestamp counts once.
 *
 * <p>Stateless and thread-safe.
 */
public final class BlockTest {
    /** Most blocks used; more blocks purge more data for little gain in degrees of freedom. */
    public static final int DEFAULT_MAX_BLOCKS = 10;
    /** Shortest block, in label horizons. */
    public static final int MIN_BLOCK_HORIZONS = 3;
    /** Confidence of the reported interval. */
    public static final double CONFIDENCE = 0.95;
    private static final double DEGENERATE = 1e12;

    private BlockTest() {}

    /**
     * Outcome of a test of mean = 0.
     *
     * @param mean             the estimate: mean of the block means
     * @param stdError         its standard error, {@code sd(block means) / sqrt(blocks)}; NaN with fewer than 2 blocks
     * @param lower            lower end of the 95% interval (t with blocks-1 df); NaN with fewer than 2 blocks
     * @param upper            upper end of the 95% interval
     * @param statistic        t statistic {@code mean / stdError} (+/-1e12 when the block means are all equal and non-zero)
     * @param pValueGreater    one-sided p-value of H1: mean > 0 (1 when not decidable)
     * @param pValueLess       one-sided p-value of H1: mean < 0 (1 when not decidable)
     * @param blocks           blocks used (>= 2 for a decision)
     * @param blocksPositive   blocks whose mean is > 0
     * @param effectiveSamples non-overlapping label windows in the kept data
     * @param timestamps       distinct timestamps kept after purging
     */
    public record Result(double mean, double stdError, double lower, double upper, double statistic, double pValueGreater,
                         double pValueLess, int blocks, int blocksPositive, double effectiveSamples, int timestamps) {
        /** Whether there were at least two blocks, so that the p-values mean something. */
        public boolean decidable() {
            return blocks >= 2;
        }

        /** Share of blocks with a positive mean; 0 when there are none. */
        public double shareBlocksPositive() {
            return blocks == 0 ? 0 : blocksPositive / (double) blocks;
        }
    }

    /** Aggregates rows per timestamp, then tests with {@link #DEFAULT_MAX_BLOCKS}. */
    public static Result ofRows(double[] x, long[] timesMillis, int n, long horizonMillis) {
        return test(TimeAggregation.meanPerTimestamp(x, timesMillis, n), horizonMillis, DEFAULT_MAX_BLOCKS);
    }

    /**
     * Tests mean = 0 on a per-timestamp series.
     *
     * @param horizonMillis label horizon in time (> 0): observations closer than this share outcome bars
     * @param maxBlocks     most blocks (>= 2)
     */
    public static Result test(TimeAggregation.Series s, long horizonMillis, int maxBlocks) {
        return test(s, null, horizonMillis, maxBlocks);
    }

    /**
     * Tests mean = 0 on a per-timestamp series, each block's mean taken relative to the block's mean
     * of {@code scale} (non-negative, at the same timestamps as {@code s}); null: unscaled.
     *
     * @param horizonMillis label horizon in time (> 0): observations closer than this share outcome bars
     * @param maxBlocks     most blocks (>= 2)
     */
    public static Result test(TimeAggregation.Series s, TimeAggregation.Series scale, long horizonMillis, int maxBlocks) {
        if (scale != null && scale.size() != s.size()) {
            throw new IllegalArgumentException("scale has " + scale.size() + " timestamps, the series " + s.size());
        }
        if (horizonMillis <= 0) throw new IllegalArgumentException("horizonMillis must be > 0, was " + horizonMillis);
        if (maxBlocks < 2) throw new IllegalArgumentException("maxBlocks must be >= 2, was " + maxBlocks);
        int n = s.size();
        if (n == 0) return new Result(0, Double.NaN, Double.NaN, Double.NaN, 0, 1, 1, 0, 0, 0, 0);
        long[] t = s.timesMillis();
        double[] v = s.values();
        double[] w = scale == null ? null : scale.values();
        double meanScale = 1;
        if (w != null) {
            double total = 0;
            for (int k = 0; k < n; k++) total += w[k];
            meanScale = total / n;
            // no scale anywhere (no move at all): fall back to the plain means
            if (!(meanScale > 0)) {
                w = null;
                meanScale = 1;
            }
        }
        long span = t[n - 1] - t[0] + Math.max(1, s.medianStepMillis());
        long minLength = Math.multiplyExact(horizonMillis, (long) MIN_BLOCK_HORIZONS);
        int q = (int) Math.min(maxBlocks, span / minLength);
        if (q < 1) q = 1;
        double blockLength = span / (double) q;

        double[] means = new double[q];
        int used = 0, positive = 0, kept = 0;
        double ess = 0;
        int i = 0;
        long lastKept = Long.MIN_VALUE;
        for (int b = 0; b < q; b++) {
            long end = b == q - 1 ? Long.MAX_VALUE : t[0] + (long) Math.floor((b + 1) * blockLength);
            double sum = 0, scaleSum = 0;
            int count = 0;
            long first = 0, last = 0;
            for (; i < n && t[i] < end; i++) {
                if (lastKept != Long.MIN_VALUE && count == 0 && t[i] - lastKept < horizonMillis) continue; // purge
                if (count == 0) first = t[i];
                last = t[i];
                sum += v[i];
                if (w != null) scaleSum += w[i];
                count++;
            }
            if (count == 0) continue;
            lastKept = last;
            // scaled: the block's relative value in units of the mean scale; a block without any scale keeps its plain mean
            double m = w == null || !(scaleSum > 0) ? sum / count : sum / scaleSum * meanScale;
            means[used++] = m;
            if (m > 0) positive++;
            kept += count;
            ess += Math.min(count, Math.floorDiv(last - first, horizonMillis) + 1);
        }
        double mean = 0;
        for (int b = 0; b < used; b++) mean += means[b];
        mean = used == 0 ? 0 : mean / used;
        if (used < 2) return new Result(mean, Double.NaN, Double.NaN, Double.NaN, 0, 1, 1, used, positive, ess, kept);
        double ss = 0;
        for (int b = 0; b < used; b++) ss += (means[b] - mean) * (means[b] - mean);
        double se = Math.sqrt(ss / (used - 1) / used);
        TDistribution dist = new TDistribution(null, used - 1.0);
        double stat;
        if (!(se > 0)) stat = mean > 0 ? DEGENERATE : mean < 0 ? -DEGENERATE : 0;
        else stat = mean / se;
        double tq = dist.inverseCumulativeProbability(0.5 + CONFIDENCE / 2);
        double half = se > 0 ? tq * se : 0;
        double pGreater = clamp01(1 - dist.cumulativeProbability(stat));
        double pLess = clamp01(dist.cumulativeProbability(stat));
        if (stat == 0) pGreater = pLess = se > 0 ? 0.5 : 1;
        return new Result(mean, se, mean - half, mean + half, stat, pGreater, pLess, used, positive, ess, kept);
    }

    /**
     * Effective sample size of rows at these timestamps for a label horizon: the non-overlapping
     * label windows their distinct timestamps span (purging as {@link #test} would).
     */
    public static double effectiveSamples(long[] timesMillis, int n, long horizonMillis) {
        return test(TimeAggregation.meanPerTimestamp(new double[n], timesMillis, n), horizonMillis, DEFAULT_MAX_BLOCKS)
                .effectiveSamples();
    }

    /**
     * The label horizon in time implied by {@code horizonBars} bars at the median spacing of the
     * distinct timestamps; at least 1 ms.
     */
    public static long horizonMillis(long[] timesMillis, int n, int horizonBars) {
        TimeAggregation.Series s = TimeAggregation.meanPerTimestamp(new double[n], timesMillis, n);
        return Math.max(1, s.medianStepMillis() * Math.max(1, horizonBars));
    }

    static double clamp01(double p) {
        return Double.isNaN(p) ? 1.0 : Math.max(0.0, Math.min(1.0, p));
    }
}
