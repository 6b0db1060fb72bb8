package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The matrix writer flags exactly the rows with a value that is not finite as a float. */
class MatrixWriterTest {
    @Test
    @DisplayName("rows with NaN, infinity or a double that rounds to an infinite float are flagged; huge finite floats are kept")
    void flagsExactlyTheNonFiniteFloats() {
        int n = 40, cols = 3;
        long[] ts = new long[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = 1_600_000_000_000L + i * 60_000L;
            p[i] = 100 + i;
        }
        BarSeries s = new BarSeries("S", ts, p, p, p, p, p);
        double limit = 0x1.ffffffp127; // the midpoint between Float.MAX_VALUE and 2^128: rounds to infinity
        double[] special = {0x1p127, Float.MAX_VALUE, Math.nextDown(limit), limit, -limit, Double.NaN, Double.POSITIVE_INFINITY, 1e300};
        boolean[] nonFinite = {false, false, false, true, true, true, true, true};
        int rows = 20, firstSlot = 5;
        double[][] values = new double[cols][firstSlot + rows];
        for (double[] v : values) Arrays.fill(v, 1.5);
        for (int i = 0; i < special.length; i++) values[i % cols][firstSlot + 2 * i] = special[i];
        float[] features = new float[rows * cols];
        float[] labels = new float[rows];
        long[] labelEnds = new long[rows];
        FeatureConfig c = FeatureConfig.builder().horizon(1).build();
        MatrixWriter w = new MatrixWriter(s, cols, c, false, null, features, labels, labelEnds, rows);
        w.startSegment(n);
        w.accept(values, firstSlot, 10, rows);
        boolean[] bad = w.finish();
        assertThat(bad).isNotNull();
        for (int r = 0; r < rows; r++) {
            boolean expected = r % 2 == 0 && r / 2 < special.length && nonFinite[r / 2];
            assertThat(bad[r]).as("row %d", r).isEqualTo(expected);
            for (int col = 0; col < cols; col++) {
                assertThat(Float.floatToRawIntBits(features[r * cols + col])).isEqualTo(Float.floatToRawIntBits((float) values[col][firstSlot + r]));
            }
        }
        assertThat(labels[0]).isEqualTo((float) Math.log(p[11] / p[10]));
    }
}
