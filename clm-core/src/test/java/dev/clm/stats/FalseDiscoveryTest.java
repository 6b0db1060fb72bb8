package dev.clm.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FalseDiscoveryTest {
    static final NormalDistribution N = new NormalDistribution(null, 0, 1);

    @Test
    @DisplayName("Benjamini-Hochberg: the largest k with p(k) <= k q / m")
    void stepUp() {
        assertThat(FalseDiscovery.threshold(new double[] {0.01, 0.04, 0.03}, 0.05)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(FalseDiscovery.threshold(new double[] {0.01, 0.03, 0.06}, 0.05)).isCloseTo(0.05 * 2 / 3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(FalseDiscovery.threshold(new double[] {0.01, 0.04, 0.06}, 0.05)).isCloseTo(0.05 / 3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(FalseDiscovery.threshold(new double[] {0.02, 0.04, 0.06}, 0.05)).isEqualTo(0.0);
        assertThat(FalseDiscovery.threshold(new double[] {0.016, 0.5, Double.NaN}, 0.05)).isCloseTo(0.05 / 3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(FalseDiscovery.threshold(new double[0], 0.05)).isZero();
        assertThatThrownBy(() -> FalseDiscovery.threshold(new double[] {0.1}, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Three model types judged on the same rows: one-sided tests with equicorrelated normal statistics.
     * With no skill anywhere the chance of any promotion in a cycle stays at q (200,000 cycles per
     * correlation); with skill everywhere the step-up promotes more than Bonferroni.
     */
    @Test
    @DisplayName("size with correlated types at 200,000 simulated cycles, and power against Bonferroni")
    void sizeAndPower() {
        int cycles = 200_000;
        double q = 0.05;
        for (double rho : new double[] {0.0, 0.5, 0.9}) {
            int anyFalse = simulate(cycles, rho, 0.0, q, false)[0];
            double rate = anyFalse / (double) cycles;
            double se = Math.sqrt(q * (1 - q) / cycles);
            assertThat(rate).as("rho %s: cycles with a false promotion", rho).isLessThanOrEqualTo(q + 3 * se);
        }
        int bh = simulate(cycles / 10, 0.5, 2.2, q, false)[1];
        int bonferroni = simulate(cycles / 10, 0.5, 2.2, q, true)[1];
        assertThat(bh).as("promotions of skilled types").isGreaterThan(bonferroni + bonferroni / 10);
    }

    /** [cycles with at least one promotion, promotions]; each type's statistic is drift + correlated noise. */
    private static int[] simulate(int cycles, double rho, double drift, double q, boolean bonferroni) {
        SplittableRandom rnd = new SplittableRandom(42);
        int hits = 0, promotions = 0;
        double[] p = new double[3];
        for (int c = 0; c < cycles; c++) {
            double common = gaussian(rnd);
            for (int k = 0; k < 3; k++) {
                double z = drift + Math.sqrt(rho) * common + Math.sqrt(1 - rho) * gaussian(rnd);
                p[k] = 1 - N.cumulativeProbability(z);
            }
            double threshold = bonferroni ? q / 3 : FalseDiscovery.threshold(p, q);
            int promoted = 0;
            for (double v : p) if (threshold > 0 && v <= threshold) promoted++;
            if (promoted > 0) hits++;
            promotions += promoted;
        }
        return new int[] {hits, promotions};
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
