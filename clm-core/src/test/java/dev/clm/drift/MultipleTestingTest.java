package dev.clm.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.clm.drift.MultipleTesting.Correction;
import org.junit.jupiter.api.Test;

class MultipleTestingTest {

    @Test
    void benjaminiHochbergMatchesTheStepUpByHand() {
        double[] p = {0.01, 0.04, 0.03, 0.005, 0.5};
        double[] ln = new double[p.length];
        for (int i = 0; i < p.length; i++) ln[i] = Math.log(p[i]);
        double[] q = MultipleTesting.adjustLn(ln, Correction.BENJAMINI_HOCHBERG);
        // sorted: .005(1) .01(2) .03(3) .04(4) .5(5); p*m/rank = .025 .025 .05 .05 .5, running min from the top
        double[] expected = {0.025, 0.05, 0.05, 0.025, 0.5};
        for (int i = 0; i < p.length; i++) assertThat(Math.exp(q[i])).isCloseTo(expected[i], within(1e-12));
        double[] bonferroni = MultipleTesting.adjustLn(ln, Correction.BONFERRONI);
        assertThat(Math.exp(bonferroni[0])).isCloseTo(0.05, within(1e-12));
        assertThat(Math.exp(bonferroni[4])).isEqualTo(1.0);
    }

    @Test
    void ranksUnderflowedPValuesInLogSpace() {
        double[] ln = {-5000, -800, -3};
        double[] q = MultipleTesting.adjustLn(ln, Correction.BENJAMINI_HOCHBERG);
        assertThat(q[0]).isLessThan(q[1]);
        assertThat(q[1]).isLessThan(q[2]);
        assertThat(q[0]).isCloseTo(-5000 + Math.log(3), within(1e-9));
    }
}
