package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandWidthIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.bollinger.PercentBIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;

/**
 * The engine's own double values (before the cast to float) on the hardest real windows, against
 * ta4j 0.17 (DoubleNum) on the same bars, for many start offsets: Gemini BTC's quiet window (closes
 * alternating 606.37 / 606.38, a deviation 1e-5 of the price) to 1e-9 relative, and its flat
 * window (28 bars at 4371.25) where the width is exactly 0 and %b / z-score take their neutral
 * values (ta4j leaves a rounding residue of about 8e-14 in the width, so its %b and z-score are
 * ratios of residues there).
 */
class Ta4jQuietAndFlatWindowTest {
    private static final double REL = 1e-9;
    private static final BarSeries GEMINI = TechnicalFeatureEngineerTest.shared("gemini_1h/BTCUSD_gemini_1h.csv");

    /** The kernel's double value of every column at every bar of {@code s} (NaN where no row is emitted). */
    static Map<String, double[]> kernelDoubles(FeatureConfig c, BarSeries s) {
        FeatureLayout layout = FeatureLayout.of(c);
        int cols = layout.columns(), warmup = layout.maxWarmup();
        double[][] out = new double[cols][s.size()];
        for (double[] o : out) Arrays.fill(o, Double.NaN);
        FeatureKernel kernel = new FeatureKernel(c, layout, new ScratchColumns(FeatureKernel.slots(c, FeatureKernel.BLOCK_BARS)),
                FeatureKernel.BLOCK_BARS);
        Segments seg = Segments.of(s, c.maxGapBars());
        for (int g = 0; g < seg.count(); g++) {
            int a = seg.start(g), b = seg.end(g);
            if (a + warmup >= b) continue;
            kernel.computeSegment(s, a, b, a + warmup, (values, firstSlot, firstBar, rows) -> {
                for (int col = 0; col < cols; col++) {
                    for (int r = 0; r < rows; r++) out[col][firstBar + r] = values[col][firstSlot + r];
                }
            });
        }
        Map<String, double[]> m = new LinkedHashMap<>();
        for (int col = 0; col < cols; col++) m.put(layout.names().get(col), out[col]);
        return m;
    }

    /** ta4j's %b, width and z-score (close - SMA) / SD over 20 bars, k = 2. */
    private static Map<String, double[]> ta4j(BarSeries s) {
        org.ta4j.core.BarSeries t = Ta4jCrossCheckTest.toTa4j(s);
        ClosePriceIndicator close = new ClosePriceIndicator(t);
        SMAIndicator sma = new SMAIndicator(close, 20);
        StandardDeviationIndicator sd = new StandardDeviationIndicator(close, 20);
        BollingerBandsMiddleIndicator mid = new BollingerBandsMiddleIndicator(sma);
        BollingerBandsUpperIndicator up = new BollingerBandsUpperIndicator(mid, sd);
        BollingerBandsLowerIndicator lo = new BollingerBandsLowerIndicator(mid, sd);
        PercentBIndicator pct = new PercentBIndicator(close, 20, 2.0);
        BollingerBandWidthIndicator width = new BollingerBandWidthIndicator(up, mid, lo);
        int n = s.size();
        double[] p = new double[n], w = new double[n], z = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = pct.getValue(i).doubleValue();
            w[i] = width.getValue(i).doubleValue();
            double d = sd.getValue(i).doubleValue();
            z[i] = (close.getValue(i).doubleValue() - sma.getValue(i).doubleValue()) / d;
        }
        return Map.of("bb_pct_b_20", p, "bb_width_20", w, "zscore_close_20", z);
    }

    @Test
    @DisplayName("quiet window (606.37 / 606.38 alternating): %b, width and z-score equal ta4j's to 1e-9 relative for 40 starts")
    void quietWindowMatchesTa4j() {
        int quietEnd = 8300; // closes of rows 8281..8300 take exactly the two values 606.37 and 606.38
        double[] c = GEMINI.close();
        for (int i = quietEnd - 19; i <= quietEnd; i++) assertThat(c[i]).isIn(606.37, 606.38);
        int compared = 0;
        for (int offset = 0; offset < 40; offset++) {
            int start = quietEnd - 341 - 8 * offset; // rows are emitted from start + 300 (warm-up) on
            BarSeries s = GEMINI.sliceRows(start, quietEnd + 30);
            Map<String, double[]> ours = kernelDoubles(FeatureConfig.defaults(), s);
            Map<String, double[]> theirs = ta4j(s);
            for (String name : theirs.keySet()) {
                for (int bar = quietEnd - 40; bar < quietEnd + 30; bar++) {
                    int i = bar - start;
                    double o = ours.get(name)[i], t = theirs.get(name)[i];
                    assertThat(Double.isNaN(o)).as(name + " emitted at bar " + bar + ", start " + start).isFalse();
                    assertThat(Math.abs(o - t)).as("%s at bar %d, start %d: ours %s, ta4j %s", name, bar, start, o, t)
                            .isLessThanOrEqualTo(REL * Math.abs(t));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(40 * 3 * 70);
    }

    @Test
    @DisplayName("flat window (4371.25): width exactly 0 (ta4j: rounding residue below 1e-12), %b 0.5 and z-score 0 exactly")
    void flatWindowNeutral() {
        for (int offset = 0; offset < 40; offset++) {
            int start = 16519 - 301 - 7 * offset;
            BarSeries s = GEMINI.sliceRows(start, 16530);
            Map<String, double[]> ours = kernelDoubles(FeatureConfig.defaults(), s);
            Map<String, double[]> theirs = ta4j(s);
            for (int bar = 16519; bar <= 16525; bar++) {
                int i = bar - start;
                assertThat(theirs.get("bb_width_20")[i]).isLessThan(1e-12); // ta4j leaves rounding residue here
                assertThat(ours.get("bb_width_20")[i]).as("width at bar %d, start %d", bar, start).isZero();
                // ta4j's %b and z-score here are ratios of its rounding residues; ours are the neutral values.
                assertThat(ours.get("bb_pct_b_20")[i]).isEqualTo(0.5);
                assertThat(ours.get("zscore_close_20")[i]).isZero();
            }
        }
    }
}
