package dev.clm.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clm.api.InvalidDataException;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KolmogorovSmirnovTest {
    private final org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest reference =
            new org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest();

    private static double[] normal(Random r, int n, double mean, double sd, double roundTo) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double x = mean + sd * r.nextGaussian();
            v[i] = roundTo > 0 ? Math.round(x / roundTo) * roundTo : x;
        }
        return v;
    }

    private void assertMatchesCommonsMath(double[] a, double[] b) {
        KolmogorovSmirnov.Result ours = KolmogorovSmirnov.test(a, b);
        double d = reference.kolmogorovSmirnovStatistic(a, b);
        assertThat(ours.statistic()).isEqualTo(d); // bit-for-bit: both are integer / (n*m)
        double p = reference.approximateP(d, a.length, b.length);
        assertThat(ours.pValue()).isCloseTo(p, within(1e-9));
        if ((long) a.length * b.length >= 10_000) { // commons-math's public test uses the asymptotic p only above this
            assertThat(ours.pValue()).isCloseTo(reference.kolmogorovSmirnovTest(a, b), within(1e-9));
        }
        if (p > 1e-300) assertThat(ours.lnP()).isCloseTo(Math.log(ours.pValue()), within(1e-9));
    }

    @Test
    @DisplayName("statistic and p-value equal commons-math3 to 1e-9: equal and unequal sizes, shifts, many ties")
    void matchesCommonsMath() {
        Random r = new Random(7);
        int[][] sizes = {{100, 100}, {150, 90}, {1000, 37}, {2000, 3000}, {5, 7}, {20, 500}, {10_000, 9_999}};
        double[] shifts = {0.0, 0.02, 0.1, 0.3, 1.0};
        double[] rounding = {0.0, 0.5, 0.1, 1.0}; // > 0: heavy ties inside and across samples
        for (int[] s : sizes) {
            for (double shift : shifts) {
                for (double round : rounding) {
                    assertMatchesCommonsMath(normal(r, s[0], 0, 1, round), normal(r, s[1], shift, 1.2, round));
                }
            }
        }
    }

    @Test
    void identicalSamplesAndSingleValues() {
        double[] a = {1, 2, 2, 3, 3, 3};
        KolmogorovSmirnov.Result same = KolmogorovSmirnov.test(a, a.clone());
        assertThat(same.statistic()).isZero();
        assertThat(same.pValue()).isEqualTo(1.0);
        KolmogorovSmirnov.Result disjoint = KolmogorovSmirnov.test(new double[] {0, 0, 0}, new double[] {1, 1});
        assertThat(disjoint.statistic()).isEqualTo(1.0);
        assertThat(reference.kolmogorovSmirnovStatistic(new double[] {0, 0, 0}, new double[] {1, 1})).isEqualTo(1.0);
        // -0.0 and 0.0 are distinct values for both implementations (Double.compare order)
        double[] x = {-0.0, 0.0, 1.0};
        double[] y = {0.0, 0.0, 2.0};
        assertThat(KolmogorovSmirnov.test(x, y).statistic()).isEqualTo(reference.kolmogorovSmirnovStatistic(x, y));
    }

    @Test
    @DisplayName("p-values do not underflow: commons-math3 returns 0, the log p-value still ranks the pairs")
    void logPValueBeyondUnderflow() {
        Random r = new Random(3);
        double[] base = normal(r, 20_000, 0, 1, 0);
        double previous = 0;
        for (double shift : new double[] {0.2, 0.4, 0.8, 1.6}) {
            double[] moved = normal(r, 20_000, shift, 1, 0);
            KolmogorovSmirnov.Result ours = KolmogorovSmirnov.test(base, moved);
            assertThat(reference.kolmogorovSmirnovTest(base, moved)).isZero();
            assertThat(ours.lnP()).isFinite().isLessThan(previous);
            previous = ours.lnP();
        }
        // the leading term of the series dominates far in the tail: ln p = ln 2 - 2 t^2 exactly enough
        double t = 40;
        assertThat(KolmogorovSmirnov.lnPValueAt(t)).isCloseTo(Math.log(2) - 2 * t * t, within(1e-12));
        assertThat(KolmogorovSmirnov.pValueAt(t)).isZero();
    }

    @Test
    void asymptoticTailMatchesCommonsMathOverTheWholeRange() {
        for (double t = 0.05; t < 6; t += 0.0137) {
            double p = 1 - reference.ksSum(t, 1e-20, 100_000);
            assertThat(KolmogorovSmirnov.pValueAt(t)).as("t=%s", t).isCloseTo(p, within(1e-9));
        }
    }

    @Test
    void radixSortAgreesWithArraysSort() {
        Random r = new Random(11);
        double[] v = new double[50_000];
        for (int i = 0; i < v.length; i++) v[i] = switch (i % 4) {
            case 0 -> r.nextGaussian() * 1e-300;
            case 1 -> -r.nextDouble() * 1e200;
            case 2 -> Math.round(r.nextGaussian() * 3);
            default -> r.nextGaussian();
        };
        v[0] = Double.NEGATIVE_INFINITY;
        v[1] = Double.POSITIVE_INFINITY;
        v[2] = -0.0;
        SortedSample s = SortedSample.of(v, "v");
        double[] expected = v.clone();
        java.util.Arrays.sort(expected);
        for (int i = 0; i < v.length; i++) assertThat(Double.compare(s.get(i), expected[i])).as("index %d", i).isZero();
    }

    @Test
    void floatValuedSamplesTakeThe32BitPathAndStillMatch() {
        Random r = new Random(12);
        float[] f = new float[30_000];
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = i % 3 == 0 ? Math.round(r.nextGaussian() * 2) : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(20) - 10));
            d[i] = f[i];
        }
        f[0] = Float.NEGATIVE_INFINITY;
        f[1] = -0.0f;
        f[2] = Float.MIN_VALUE;
        for (int i = 0; i < 3; i++) d[i] = f[i];
        double[] expected = d.clone();
        java.util.Arrays.sort(expected);
        SortedSample fromFloats = SortedSample.of(f, "f");
        SortedSample fromDoubles = SortedSample.of(d, "d");
        for (int i = 0; i < d.length; i++) {
            assertThat(Double.compare(fromFloats.get(i), expected[i])).as("index %d", i).isZero();
            assertThat(Double.compare(fromDoubles.get(i), expected[i])).as("index %d", i).isZero();
        }
        double[] other = new double[20_000];
        for (int i = 0; i < other.length; i++) other[i] = (float) (r.nextGaussian() * 1.1);
        assertMatchesCommonsMath(d, other);
    }

    @Test
    void rejectsNaNAndEmptySamplesNamingTheColumn() {
        assertThatThrownBy(() -> SortedSample.of(new double[] {1, Double.NaN}, "rsi_14"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("rsi_14").hasMessageContaining("row 1");
        assertThatThrownBy(() -> SortedSample.of(new double[0], "rsi_14"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("empty");
    }
}
