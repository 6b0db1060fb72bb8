package dev.clm.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BlockTestTest {
    static final long H = 3_600_000L;

    /**
     * Worked by hand (Ibragimov and Müller 2010: a t-test on the fold means), with Student's t for
     * one degree of freedom in closed form (the Cauchy CDF 1/2 + atan(t)/pi), not commons-math3.
     *
     * <pre>
     * 12 hourly values 1 2 3 4 5 6 100 1 1 1 1 6, label horizon 2 h
     * span = 11 h + 1 h step = 12 h; folds of at least 3 horizons = 6 h: q = 2 folds of 6 h
     * fold 1: t = 0..5 h, mean 21/6 = 3.5
     * fold 2: t = 6..11 h; t = 6 h is within 2 h of the last kept time (5 h): purged (the 100 goes)
     *         mean (1+1+1+1+6)/5 = 2
     * estimate 2.75, sd of fold means sqrt(2 * 0.75^2 / 1) = 1.0607, se = 1.0607 / sqrt 2 = 0.75
     * t = 3.6667 with 1 df: p(greater) = 1/2 - atan(3.6667)/pi
     * effective sample: fold 1 min(6, floor(5/2)+1) = 3, fold 2 min(5, floor(4/2)+1) = 3: 6
     * 95% interval: 2.75 +/- tan(0.475 pi) * 0.75
     * </pre>
     */
    @Test
    @DisplayName("estimate, standard error, p-value, interval and effective sample equal the hand-worked example")
    void workedExample() {
        double[] v = {1, 2, 3, 4, 5, 6, 100, 1, 1, 1, 1, 6};
        long[] t = new long[12];
        for (int i = 0; i < 12; i++) t[i] = i * H;
        BlockTest.Result r = BlockTest.ofRows(v, t, 12, 2 * H);
        assertThat(r.blocks()).isEqualTo(2);
        assertThat(r.timestamps()).isEqualTo(11);
        assertThat(r.mean()).isCloseTo(2.75, within(1e-12));
        assertThat(r.stdError()).isCloseTo(0.75, within(1e-12));
        assertThat(r.statistic()).isCloseTo(2.75 / 0.75, within(1e-12));
        assertThat(r.pValueGreater()).isCloseTo(0.5 - Math.atan(2.75 / 0.75) / Math.PI, within(1e-9));
        assertThat(r.effectiveSamples()).isEqualTo(6.0);
        double half = Math.tan(0.475 * Math.PI) * 0.75;
        assertThat(r.lower()).isCloseTo(2.75 - half, within(1e-6));
        assertThat(r.upper()).isCloseTo(2.75 + half, within(1e-6));
        assertThat(r.blocksPositive()).isEqualTo(2);
    }

    @Test
    @DisplayName("rows of several symbols at one timestamp are averaged first and counted once")
    void crossSectionCountsOnce() {
        int hours = 240, symbols = 8;
        double[] v = new double[hours * symbols];
        long[] t = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            t[i] = (i / symbols) * H;
            v[i] = (i % symbols) - 3.5 + ((i / symbols) % 2 == 0 ? 1 : -1);
        }
        TimeAggregation.Series s = TimeAggregation.meanPerTimestamp(v, t, v.length);
        assertThat(s.size()).isEqualTo(hours);
        assertThat(s.rows()).containsOnly(symbols);
        assertThat(s.values()[0]).isCloseTo(1.0, within(1e-12));
        BlockTest.Result r = BlockTest.ofRows(v, t, v.length, 12 * H);
        // 240 hours of 12-hour labels: at most 20 non-overlapping windows, whatever the 1,920 rows
        assertThat(r.effectiveSamples()).isLessThanOrEqualTo(20.0);
        assertThat(r.blocks()).isEqualTo(BlockTest.DEFAULT_MAX_BLOCKS - 4); // 240 h / 36 h = 6 folds
    }

    @Test
    @DisplayName("a window shorter than two folds cannot decide")
    void tooShortIsUndecidable() {
        double[] v = new double[100];
        long[] t = new long[100];
        for (int i = 0; i < 100; i++) {
            t[i] = (i / 8) * H; // 8 symbols x 12.5 hours
            v[i] = 1;
        }
        BlockTest.Result r = BlockTest.ofRows(v, t, 100, 12 * H);
        assertThat(r.decidable()).isFalse();
        assertThat(r.pValueGreater()).isEqualTo(1.0);
        assertThat(r.stdError()).isNaN();
    }

    @Test
    @DisplayName("on unsorted rows the aggregation sorts by time")
    void unsortedRows() {
        TimeAggregation.Series s = TimeAggregation.meanPerTimestamp(new double[] {3, 1, 5}, new long[] {20, 10, 20}, 3);
        assertThat(s.timesMillis()).containsExactly(10, 20);
        assertThat(s.values()).containsExactly(1.0, 4.0);
    }

    @Test
    @DisplayName("size on an MA(11) series (overlapping 12-bar sums): at most 5% + 2 standard errors at 2,000 tests")
    void sizeOnOverlappingSums() {
        SplittableRandom rnd = new SplittableRandom(3);
        int tests = 2000, rejected = 0, n = 600;
        for (int k = 0; k < tests; k++) {
            double[] e = new double[n + 12];
            for (int i = 0; i < e.length; i++) e[i] = rnd.nextDouble(-1, 1);
            double[] v = new double[n];
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                for (int h = 1; h <= 12; h++) v[i] += e[i + h];
                t[i] = i * H;
            }
            if (BlockTest.ofRows(v, t, n, 12 * H).pValueGreater() < 0.05) rejected++;
        }
        double rate = rejected / (double) tests;
        System.out.printf("fold t-test size on MA(11) sums: %.4f%n", rate);
        assertThat(rate).isLessThanOrEqualTo(0.05 + 2 * Math.sqrt(0.05 * 0.95 / tests));
    }
}
