package dev.clm.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PopulationStabilityTest {

    private static double[] repeat(double[][] valueCount) {
        int n = 0;
        for (double[] vc : valueCount) n += (int) vc[1];
        double[] out = new double[n];
        int i = 0;
        for (double[] vc : valueCount) for (int k = 0; k < (int) vc[1]; k++) out[i++] = vc[0];
        return out;
    }

    private static double[] oneToHundred() {
        double[] ref = new double[100];
        for (int i = 0; i < 100; i++) ref[i] = i + 1;
        return ref;
    }

    private static double term(double a, double e) {
        return (a - e) * Math.log(a / e);
    }

    @Test
    void quartileBinsByHand() {
        // reference 1..100: quartile edges 25, 50, 75, each bin 25%.
        // current: 40 values <= 25, 30 in (25, 50], 20 in (50, 75], 10 above 75.
        double[] cur = repeat(new double[][] {{10, 40}, {26, 30}, {60, 20}, {99, 10}});
        double psi = PopulationStability.psi(SortedSample.of(oneToHundred(), "r"), SortedSample.of(cur, "c"), 4, 1e-4);
        double byHand = term(0.4, 0.25) + term(0.3, 0.25) + term(0.2, 0.25) + term(0.1, 0.25);
        assertThat(psi).isCloseTo(byHand, within(1e-12));
        assertThat(psi).isCloseTo(0.2282175, within(1e-6));
    }

    @Test
    void emptyBinIsFlooredAtEpsilon() {
        // everything in the first two quartile bins: the upper two are empty and cost (eps - .25) ln(eps / .25)
        double[] cur = repeat(new double[][] {{1, 50}, {50, 50}});
        double psi = PopulationStability.psi(SortedSample.of(oneToHundred(), "r"), SortedSample.of(cur, "c"), 4, 1e-4);
        double byHand = 2 * term(0.5, 0.25) + 2 * term(1e-4, 0.25);
        assertThat(psi).isCloseTo(byHand, within(1e-12));
    }

    @Test
    void tiedReferenceMergesRepeatedEdges() {
        // reference: 60 zeros and 40 ones; deciles give edges 0 (x6) and 1 (x3): bins {<=0} and {>0}
        double[] ref = repeat(new double[][] {{0, 60}, {1, 40}});
        double[] cur = repeat(new double[][] {{0, 30}, {1, 70}});
        double psi = PopulationStability.psi(SortedSample.of(ref, "r"), SortedSample.of(cur, "c"), 10, 1e-4);
        assertThat(psi).isCloseTo(term(0.3, 0.6) + term(0.7, 0.4), within(1e-12));
        assertThat(PopulationStability.psi(SortedSample.of(ref, "r"), SortedSample.of(ref.clone(), "c"), 10, 1e-4)).isZero();
    }
}
