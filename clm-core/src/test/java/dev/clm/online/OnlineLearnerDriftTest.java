package dev.clm.online;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.TrainedModel;
import dev.clm.train.RidgeTrainer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The online learner follows coefficients that change half way; how fast depends on the forgetting setting. */
class OnlineLearnerDriftTest {
    private static final double[] BEFORE = {0.8, -0.5, 0.3, 0.0, 0.6, -0.2, 0.1, 0.4};
    private static final double[] AFTER = {-0.4, 0.6, 0.0, 0.7, -0.5, 0.3, -0.3, 0.0};

    @Test
    void tracksADriftingTargetBetterThanAFrozenBatchModel() {
        SyntheticStream s = new SyntheticStream(20_000, BEFORE, AFTER, 10_000, 0.5, 0.0, 42);
        double[] seOnline = new double[s.rows];
        double[] seFrozen = new double[s.rows];
        try (TrainedModel batch = new RidgeTrainer().train(RidgeTrainer.RIDGE, s.dataset(0, 9_000), s.dataset(9_000, 10_000),
                Map.of("lambda", "0"))) {
            OnlineLearner learner = new OnlineLearner(OnlineLearnerConfig.defaults(), s.names());
            for (int i = 0; i < s.rows; i++) {
                float[] row = s.row(i);
                double eo = learner.predict(row) - s.y[i]; // prequential: predicted before the row is learned
                double ef = batch.predict(row) - s.y[i];
                seOnline[i] = eo * eo;
                seFrozen[i] = ef * ef;
                learner.learnOne(row, s.y[i], 1.0);
            }
        }
        double floor = s.noiseFloor();
        double onlineSecond = mean(seOnline, 10_000, 20_000);
        double frozenSecond = mean(seFrozen, 10_000, 20_000);
        double onlineLastQuarter = mean(seOnline, 15_000, 20_000);
        System.out.printf("drift (defaults: window 1000, 1/n steps): noise floor MSE %.3e; rows 5k-10k MSE online %.3e, batch"
                        + " (in-sample) %.3e; second half MSE online %.3e vs frozen batch %.3e (ratio %.3f); last quarter online %.3e"
                        + " (%.2fx floor)%n", floor, mean(seOnline, 5_000, 10_000), mean(seFrozen, 5_000, 10_000), onlineSecond, frozenSecond,
                onlineSecond / frozenSecond, onlineLastQuarter, onlineLastQuarter / floor);
        // the frozen model's error after the change is ~20x the noise floor; the learner's is ~2x over the
        // whole second half (its recovery included) and back at the floor in the last quarter
        assertThat(onlineSecond).isLessThan(0.25 * frozenSecond);
        assertThat(onlineLastQuarter).isLessThan(1.15 * floor);
        assertThat(frozenSecond).isGreaterThan(10 * floor);
    }

    @Test
    void forgettingSettingChangesHowFastItAdapts() {
        SyntheticStream s = new SyntheticStream(40_000, BEFORE, AFTER, 10_000, 0.5, 0.0, 7);
        OnlineLearnerConfig d = OnlineLearnerConfig.defaults();
        Adaptation w200 = report(s, d.withWindow(200));
        Adaptation w1000 = report(s, d.withWindow(1000));
        Adaptation w5000 = report(s, d.withWindow(5000));
        Adaptation d99 = report(s, d.withDecay(0.99));
        Adaptation d999 = report(s, d.withDecay(0.999));
        // a short memory is noisy with 8 features: the steady-state error stays above the 1.25x threshold
        Adaptation d95 = report(s, d.withDecay(0.95));
        Adaptation d80 = report(s, d.withDecay(0.8));

        assertThat(w200.rows).isPositive();
        assertThat(w200.rows * 2).isLessThan(w1000.rows);
        assertThat(w1000.rows * 2).isLessThan(w5000.rows);
        assertThat(d99.rows).isPositive();
        assertThat(d99.rows * 2).isLessThan(d999.rows);
        // the price of fast forgetting: a noisier steady state
        assertThat(w200.steady).isGreaterThan(w5000.steady);
        assertThat(d80.steady).isGreaterThan(d95.steady).isGreaterThan(d99.steady).isGreaterThan(d999.steady);
    }

    private static Adaptation report(SyntheticStream s, OnlineLearnerConfig c) {
        Adaptation a = adaptation(s, c, 1.25);
        System.out.printf("forgetting %s %s: rows after the change until the rolling MSE is within 25%% of the noise floor: %s;"
                        + " steady-state MSE before the change %.3fx floor%n", c.forgetting(),
                c.forgetting() == OnlineLearnerConfig.Forgetting.WINDOW ? Integer.toString(c.windowRows()) : Double.toString(c.decay()),
                a.rows < 0 ? "never (of " + (s.rows - s.changeAt) + ")" : Integer.toString(a.rows), a.steady);
        return a;
    }

    record Adaptation(int rows, double steady) {}

    /**
     * Rows after the change until the 500-row rolling prequential MSE is within {@code factor} of
     * the noise floor (-1 if never), and the MSE over the 5,000 rows before the change relative to the floor.
     */
    static Adaptation adaptation(SyntheticStream s, OnlineLearnerConfig config, double factor) {
        OnlineLearner learner = new OnlineLearner(config, s.names());
        int w = 500;
        double[] se = new double[s.rows];
        int recovered = -1;
        double rolling = 0;
        for (int i = 0; i < s.rows; i++) {
            float[] row = s.row(i);
            double e = learner.predict(row) - s.y[i];
            se[i] = e * e;
            rolling += se[i];
            if (i >= w) rolling -= se[i - w];
            if (i >= s.changeAt + w && recovered < 0 && rolling / w <= factor * s.noiseFloor()) recovered = i - s.changeAt;
            learner.learnOne(row, s.y[i], 1.0);
        }
        return new Adaptation(recovered, mean(se, s.changeAt - 5000, s.changeAt) / s.noiseFloor());
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return s / (to - from);
    }
}
