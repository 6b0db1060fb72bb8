package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.TrainedModel;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the tree trainers' defaults (500 rounds, learning rate 0.01, early stopping 50) do when
 * the label has no signal, the usual case on real returns (TreeEarlyStoppingBenchmark): early
 * stopping keeps at least one tree, the model records how many it kept, and because boosting
 * starts from the training labels' mean, the kept model forecasts that mean (the training
 * period's drift) nearly constantly. (How many trees it keeps on noise varies with the draw:
 * 1 to a few hundred; on real candles the median was 2 to 4.)
 */
class EarlyStoppingTest {
    /** A drift of half a label standard deviation on every row, so "forecasts the training mean" is not "forecasts zero". */
    private static final double DRIFT_IN_STDS = 0.5;

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("no signal: >= 1 tree kept and recorded, and the forecast is the training mean, nearly constant")
    void noSignalKeepsFewTreesAndForecastsTheTrainingMean(TreeKind kind) {
        Dataset[] s = SyntheticMarket.split(withDrift(SyntheticMarket.randomWalk(6000, 20, 41)), 0.6, 0.2);
        double trainMean = mean(s[0].labels()), labelStd = std(s[0].labels());
        try (TrainedModel m = kind.trainer().train(kind.type, s[0], s[1], Map.of())) {
            int trees = Integer.parseInt(m.provenance().get("trees"));
            double[] p = m.predict(s[2]);
            assertThat(trees).as("trees recorded in provenance").isEqualTo(TreeKind.trees(m)).isGreaterThanOrEqualTo(1);
            // measured: forecast mean within 0.01 label std of the training mean, spread 0.08-0.09 of the labels'
            assertThat(Math.abs(mean(p) - trainMean)).as("test-period mean forecast %s vs training mean %s", mean(p), trainMean)
                    .isLessThan(0.05 * labelStd);
            assertThat(std(p)).as("spread of the forecasts vs the labels' standard deviation %s", labelStd).isLessThan(0.2 * labelStd);
        }
    }

    private static Dataset withDrift(Dataset d) {
        float[] y = d.labels().clone();
        double shift = DRIFT_IN_STDS * std(y);
        for (int i = 0; i < y.length; i++) y[i] += (float) shift;
        return new Dataset(d.featureNames(), d.symbols(), d.timestamps(), d.labelEndTimestamps(), d.symbolIds(), d.features(), y, null);
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    private static double std(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }
}
