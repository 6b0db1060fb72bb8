package dev.clm.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TwoSampleScanTest {
    private final org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest commons =
            new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();

    @Test
    @DisplayName("the one-sort scan gives the same D and PSI as the two-sorted-samples path and commons-math3")
    void sameAsSortedSamplePath() {
        Random r = new Random(31);
        int[][] sizes = {{2, 2}, {2, 50}, {37, 1000}, {500, 499}, {4000, 3000}};
        for (int[] s : sizes) {
            for (int kind = 0; kind < 5; kind++) {
                for (int bins : new int[] {2, 4, 10, 37}) {
                    double[] a = sample(r, s[0], kind, 0), b = sample(r, s[1], kind, 0.3);
                    TwoSampleScan.Stats scan = TwoSampleScan.ofFloatValued(a, b, bins, 1e-4);
                    SortedSample sa = SortedSample.of(a, "a"), sb = SortedSample.of(b, "b");
                    assertThat(scan.statistic()).as("kind %d sizes %d/%d", kind, s[0], s[1])
                            .isEqualTo(KolmogorovSmirnov.statistic(sa, sb))
                            .isEqualTo(commons.kolmogorovSmirnovStatistic(a, b));
                    assertThat(scan.psi()).as("psi kind %d sizes %d/%d bins %d", kind, s[0], s[1], bins)
                            .isEqualTo(PopulationStability.psi(sa, sb, bins, 1e-4));
                }
            }
        }
    }

    /** kind 0 continuous, 1 few distinct values, 2 constant, 3 mostly one value plus a tail, 4 signed zeros and infinities. */
    private static double[] sample(Random r, int n, int kind, double shift) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double g = r.nextGaussian() + shift;
            v[i] = (float) switch (kind) {
                case 0 -> g;
                case 1 -> Math.rint(g * 2);
                case 2 -> 1.5;
                case 3 -> r.nextDouble() < 0.8 ? 0.0 : g;
                default -> switch (i % 4) {
                    case 0 -> -0.0;
                    case 1 -> 0.0;
                    case 2 -> g > 1 ? Double.POSITIVE_INFINITY : g;
                    default -> Double.NEGATIVE_INFINITY;
                };
            };
        }
        return v;
    }
}
