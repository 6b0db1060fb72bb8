package dev.clm.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.stat.descriptive.moment.Variance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DieboldMarianoTest {

    /**
     * Worked by hand from the documented formulas (Diebold & Mariano 1995; Newey & West 1987
     * Bartlett weights; Harvey, Leybourne & Newbold 1997), checked against the closed-form
     * Student-t CDF for 4 degrees of freedom, not against commons-math3.
     *
     * <pre>
     * absolute errors: active |e| = 3 1 4 2 5, shadow |e| = 2 2 2 2 2
     * d = 1 -1 2 0 3, n = 5, h = 2 (Newey–West lag L = h-1 = 1, weight w1 = 1 - 1/2 = 1/2)
     * mean(d) = 1; deviations 0 -2 1 -1 2
     * gamma0 = (0+4+1+1+4)/5 = 2; gamma1 = (0*-2 + -2*1 + 1*-1 + -1*2)/5 = -1
     * LRV = gamma0 + 2 * w1 * gamma1 = 2 - 1 = 1; DM = mean / sqrt(LRV/n) = sqrt(5)
     * HLN: k^2 = (n + 1 - 2h + h(h-1)/n) / n = (5 + 1 - 4 + 0.4) / 5 = 0.48
     * DM* = sqrt(5 * 0.48) = sqrt(2.4) = 1.5491933384829668
     * t(4) CDF: F(t) = 1/2 + (3/8) x (1 - x^2/12 ... ) with x = t / sqrt(1 + t^2/4):
     *   F(t) = 1/2 + (3/8) * t/sqrt(1+t^2/4) * (1 - (1/12) * t^2/(1+t^2/4))
     *   t^2 = 2.4: 1 + t^2/4 = 1.6, t/sqrt(1.6) = sqrt(1.5), t^2/1.6 = 1.5, 1 - 1.5/12 = 7/8
     * one-sided p = 1 - F = 1/2 - (21/64) sqrt(1.5) = 0.0981305891...
     * </pre>
     */
    @Test
    @DisplayName("statistic and p-value equal the hand-worked example to 1e-9")
    void workedExample() {
        double[] activeAbsErr = {3, 1, 4, 2, 5};
        double[] shadowAbsErr = {2, 2, 2, 2, 2};
        double[] d = new double[5];
        for (int i = 0; i < 5; i++) d[i] = activeAbsErr[i] - shadowAbsErr[i];

        DieboldMariano.Result raw = DieboldMariano.test(d, 5, 2, 1, false);
        assertThat(raw.longRunVariance()).isCloseTo(1.0, within(1e-12));
        assertThat(raw.statistic()).isCloseTo(Math.sqrt(5), within(1e-9));

        DieboldMariano.Result hln = DieboldMariano.test(d, 5, 2, 1, true);
        double expectedStat = Math.sqrt(2.4);
        double expectedOneSided = 0.5 - 21.0 / 64.0 * Math.sqrt(1.5);
        assertThat(hln.statistic()).isCloseTo(expectedStat, within(1e-9));
        assertThat(hln.pValueGreater()).isCloseTo(expectedOneSided, within(1e-9));
        assertThat(hln.pValueTwoSided()).isCloseTo(2 * expectedOneSided, within(1e-9));
        assertThat(expectedOneSided).isCloseTo(0.0981305891, within(1e-9));
    }

    @Test
    @DisplayName("with lag 0 and no correction it is the one-sample z statistic with variance divisor n")
    void lagZeroIsTheOneSampleStatistic() {
        double[] d = {0.3, -0.1, 0.7, 0.2, -0.4, 0.9, 0.05, 0.11};
        int n = d.length;
        double mean = 0;
        for (double v : d) mean += v;
        mean /= n;
        double sampleVar = new Variance(true).evaluate(d); // divisor n-1
        double popVar = sampleVar * (n - 1) / n;
        DieboldMariano.Result r = DieboldMariano.test(d, n, 1, 0, false);
        assertThat(r.statistic()).isCloseTo(mean / Math.sqrt(popVar / n), within(1e-12));
    }

    @Test
    void aConstantPositiveDifferentialIsDegenerateButFinite() {
        double[] d = {1, 1, 1, 1};
        DieboldMariano.Result r = DieboldMariano.test(d, 4, 1, 0, true);
        assertThat(r.statistic()).isPositive().isFinite();
        assertThat(r.pValueGreater()).isLessThan(1e-6);
    }

    @Test
    void mcNemarExactTailMatchesTheBinomialByHand() {
        // b = 8, c = 2: P(X >= 8 | n = 10, 1/2) = (C(10,8) + C(10,9) + C(10,10)) / 1024 = 56/1024
        assertThat(PairedHitTest.test(8, 2).pValueGreater()).isCloseTo(56.0 / 1024, within(1e-12));
        assertThat(PairedHitTest.test(0, 0).pValueGreater()).isEqualTo(1.0);
    }

    @Test
    void neweyWestWeightsTheFirstLagByOneHalfWithLagOne() {
        double[] x = {1, -1, 2, 0, 3};
        assertThat(LongRunVariance.neweyWest(x, 5, 1)).isCloseTo(1.0, within(1e-12));
        assertThat(LongRunVariance.neweyWest(x, 5, 0)).isCloseTo(2.0, within(1e-12));
    }
}
