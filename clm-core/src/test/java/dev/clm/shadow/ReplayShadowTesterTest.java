package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ShadowTester;
import dev.clm.api.contract.MutableClock;
import dev.clm.api.contract.ShadowTesterContract;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ReplayShadowTesterTest extends ShadowTesterContract {
    @Override
    protected ShadowTester createTester(MutableClock clock) {
        return new ReplayShadowTester(clock, 100, 0.02, 0.05);
    }

    @Test
    void dieboldMarianoWithoutLagIsTheOneSampleTStatistic() {
        double[] d = {0.3, -0.1, 0.4, 0.2, 0.0, 0.5, -0.2, 0.3};
        double mean = 0.175;
        double var = 0;
        for (double x : d) var += (x - mean) * (x - mean);
        var /= d.length;
        assertThat(ReplayShadowTester.dieboldMariano(d, 0)).isCloseTo(mean / Math.sqrt(var / d.length), Offset.offset(1e-12));
    }

    @Test
    void neweyWestWidensTheVarianceForPositivelyAutocorrelatedDifferentials() {
        double[] d = new double[400];
        double x = 0;
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < d.length; i++) {
            x = 0.8 * x + r.nextDouble(-1, 1);
            d[i] = 0.1 + x;
        }
        assertThat(Math.abs(ReplayShadowTester.dieboldMariano(d, 12))).isLessThan(Math.abs(ReplayShadowTester.dieboldMariano(d, 0)));
    }
}
