package dev.clm.models.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class InterpolationTest {
    private static double[] apply(float[] w, double[] knots, int m) {
        double[] out = new double[m];
        for (int j = 0; j < m; j++) for (int i = 0; i < knots.length; i++) out[j] += knots[i] * w[i * m + j];
        return out;
    }

    @Test
    void linearBetweenAlignedEndPoints() {
        double[] out = apply(Interpolation.linearMatrix(2, 5), new double[] {0, 4}, 5);
        assertThat(out).containsExactly(new double[] {0, 1, 2, 3, 4}, within(1e-6));
        double[] three = apply(Interpolation.linearMatrix(3, 5), new double[] {1, 3, 2}, 5);
        assertThat(three).containsExactly(new double[] {1, 2, 3, 2.5, 2}, within(1e-6));
    }

    @Test
    void oneKnotIsAConstantAndEqualSizesAreTheIdentity() {
        assertThat(apply(Interpolation.linearMatrix(1, 4), new double[] {7}, 4)).containsExactly(7, 7, 7, 7);
        assertThat(apply(Interpolation.linearMatrix(3, 3), new double[] {5, -1, 2}, 3)).containsExactly(5, -1, 2);
    }
}
