package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.MarketData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link FeatureEngineer} must have, above all: no look-ahead. Subclasses
 * supply the engineer and market data long enough for its warm-up and horizon.
 */
public abstract class FeatureEngineerContract {
    protected abstract FeatureEngineer createEngineer();

    /** At least two symbols, each comfortably longer than warm-up + horizon. */
    protected abstract MarketData marketData();

    @Test
    @DisplayName("rows are in time order, features finite, labels the forward log return over the horizon")
    void rowsAreInTimeOrderWithFiniteFeaturesAndCorrectLabels() {
        FeatureEngineer fe = createEngineer();
        MarketData md = marketData();
        Dataset d = fe.transform(md);
        assertThat(d.rows()).isPositive();
        assertThat(d.featureNames()).isEqualTo(fe.featureNames());
        for (int i = 1; i < d.rows(); i++) assertThat(d.timestamps()[i]).isGreaterThanOrEqualTo(d.timestamps()[i - 1]);
        for (float v : d.features()) assertThat(Float.isFinite(v)).as("every feature value is finite").isTrue();
        int h = fe.horizon();
        for (int i = 0; i < d.rows(); i += Math.max(1, d.rows() / 200)) {
            BarSeries s = md.get(d.symbolOf(i)).orElseThrow();
            int t = Arrays.binarySearch(s.timestamps(), d.timestamps()[i]);
            assertThat(t).as("row time is a bar of its symbol").isGreaterThanOrEqualTo(0);
            assertThat(t + h).as("labelled rows have a bar %d steps later", h).isLessThan(s.size());
            double expected = Math.log(s.close()[t + h] / s.close()[t]);
            assertThat((double) d.labels()[i]).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6 + 1e-6 * Math.abs(expected)));
            assertThat(d.labelEndTimestamps()[i]).isEqualTo(s.timestamps()[t + h]);
        }
    }

    @Test
    @DisplayName("no look-ahead: changing bars after time t never changes the features at t")
    void changingBarsAfterTimeTNeverChangesFeaturesAtT() {
        FeatureEngineer fe = createEngineer();
        MarketData md = marketData();
        Dataset before = fe.transformForPrediction(md);
        BarSeries s0 = md.series().get(0);
        int cut = s0.size() * 2 / 3;
        long cutTime = s0.timestamps()[cut];
        double[] o = s0.open().clone(), h = s0.high().clone(), l = s0.low().clone(), c = s0.close().clone(), v = s0.volume().clone();
        for (int i = cut + 1; i < s0.size(); i++) {
            double f = 1.5 + 0.1 * Math.sin(i);
            o[i] *= f;
            c[i] *= f * 1.01;
            h[i] = Math.max(h[i] * f * 1.02, Math.max(o[i], c[i]));
            l[i] = Math.min(l[i] * f * 0.99, Math.min(o[i], c[i]));
            v[i] *= 3;
        }
        List<BarSeries> changed = new ArrayList<>(md.series());
        changed.set(0, new BarSeries(s0.symbol(), s0.timestamps(), o, h, l, c, v));
        Dataset after = fe.transformForPrediction(new MarketData(changed));
        int cols = before.columns();
        int compared = 0;
        for (int i = 0; i < before.rows(); i++) {
            if (!before.symbolOf(i).equals(s0.symbol()) || before.timestamps()[i] > cutTime) continue;
            int j = indexOf(after, before.symbolIds()[i], before.timestamps()[i]);
            assertThat(j).isGreaterThanOrEqualTo(0);
            for (int k = 0; k < cols; k++) {
                assertThat(after.feature(j, k)).as("feature %s at %d", before.featureNames().get(k), before.timestamps()[i])
                        .isEqualTo(before.feature(i, k));
            }
            compared++;
        }
        assertThat(compared).isPositive();
    }

    @Test
    @DisplayName("prediction rows include the newest bars, without labels")
    void predictionRowsIncludeTheNewestBarsWithoutLabels() {
        FeatureEngineer fe = createEngineer();
        MarketData md = marketData();
        Dataset p = fe.transformForPrediction(md);
        Dataset t = fe.transform(md);
        assertThat(p.rows()).isGreaterThan(t.rows());
        long newest = md.series().get(0).timestamps()[md.series().get(0).size() - 1];
        int last = -1;
        for (int i = 0; i < p.rows(); i++) if (p.symbolOf(i).equals(md.series().get(0).symbol()) && p.timestamps()[i] == newest) last = i;
        assertThat(last).as("the newest bar has a prediction row").isGreaterThanOrEqualTo(0);
        assertThat(p.labels()[last]).isNaN();
    }

    private static int indexOf(Dataset d, int symbolId, long ts) {
        int i = d.indexAtOrAfter(ts);
        for (; i < d.rows() && d.timestamps()[i] == ts; i++) if (d.symbolIds()[i] == symbolId) return i;
        return -1;
    }
}
