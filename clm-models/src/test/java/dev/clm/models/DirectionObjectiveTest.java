package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.internal.NativeHandles;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.trees.FastTreePredictor;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The direction objective of the tree trainers: class-imbalance settings move the share of
 * positive forecasts, the Java evaluator handles the logistic link exactly like the native
 * predictor, and {@code predict} returns the documented forward-return forecast
 * {@code (2p - 1) * mean|label|}. Every native handle is freed (checked per test).
 */
class DirectionObjectiveTest {
    static final long HOUR = 3_600_000L;
    final long[] liveBefore = new long[SampleWeightTest.HANDLE_KINDS.length];

    @BeforeEach
    void countHandles() {
        for (int k = 0; k < liveBefore.length; k++) liveBefore[k] = NativeHandles.live(SampleWeightTest.HANDLE_KINDS[k]);
    }

    @AfterEach
    void everyHandleIsFreed() {
        for (int k = 0; k < liveBefore.length; k++) {
            assertThat(NativeHandles.live(SampleWeightTest.HANDLE_KINDS[k])).as("live %s handles", SampleWeightTest.HANDLE_KINDS[k])
                    .isEqualTo(liveBefore[k]);
        }
    }

    static String objective(TreeKind kind) {
        return kind == TreeKind.XGBOOST ? DirectionTarget.XGBOOST_OBJECTIVE : DirectionTarget.LIGHTGBM_OBJECTIVE;
    }

    static Map<String, String> params(TreeKind kind, String... extra) {
        Map<String, String> p = new HashMap<>(Map.of("objective", objective(kind), "num_rounds", "80", "learning_rate", "0.1",
                "max_depth", "4", "early_stopping_rounds", "20", "threads", "1"));
        for (int i = 0; i < extra.length; i += 2) p.put(extra[i], extra[i + 1]);
        return p;
    }

    /**
     * About 22% up moves: the label is a weak function of f0 and f1 plus noise, shifted down.
     * Eight uniform features, hourly rows.
     */
    static Dataset imbalanced(int rows, long seed, long start) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int cols = 8;
        float[] x = new float[rows * cols];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) x[i * cols + j] = (float) SyntheticMarket.gaussian(rnd);
            int o = i * cols;
            y[i] = (float) (0.01 * (0.6 * x[o] + 0.4 * x[o + 1] + SyntheticMarket.gaussian(rnd) - 0.95));
        }
        return SampleWeightTest.dataset(rows, cols, start, x, y);
    }

    static double positiveShare(double[] forecasts) {
        int up = 0;
        for (double f : forecasts) if (f > 0) up++;
        return (double) up / forecasts.length;
    }

    static double labelShare(Dataset d) {
        int up = 0;
        for (float y : d.labels()) if (y > 0) up++;
        return (double) up / d.rows();
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("scale_pos_weight 4 instead of 1 raises the share of positive forecasts on imbalanced data")
    void scalePosWeightMovesThePositiveRate(TreeKind kind) {
        Dataset train = imbalanced(4000, 1, 0), validation = imbalanced(800, 2, 4100 * HOUR), test = imbalanced(1000, 3, 5000 * HOUR);
        ModelTrainer trainer = kind.trainer();
        try (TrainedModel neutral = trainer.train(kind.type, train, validation, params(kind));
             TrainedModel boosted = trainer.train(kind.type, train, validation, params(kind, "scale_pos_weight", "4"))) {
            double a = positiveShare(neutral.predict(test)), b = positiveShare(boosted.predict(test));
            System.out.printf("%s: up moves %.3f of test rows; positive forecasts %.3f (scale_pos_weight 1) vs %.3f (4)%n", kind,
                    labelShare(test), a, b);
            assertThat(labelShare(test)).isBetween(0.15, 0.30);
            assertThat(a).as("balanced loss on imbalanced data rarely calls up").isLessThan(labelShare(test));
            assertThat(b).as("up-weighted positives").isGreaterThan(a + 0.15);
            assertThat(boosted.provenance()).containsEntry("param.scale_pos_weight", "4").containsEntry("target", "direction")
                    .containsEntry(DirectionTarget.CLASS_WEIGHTS_KEY, "1.0,4.0");
        }
    }

    @Test
    @DisplayName("LightGBM's is_unbalance raises the share of positive forecasts too")
    void isUnbalanceMovesThePositiveRate() {
        Dataset train = imbalanced(4000, 4, 0), validation = imbalanced(800, 5, 4100 * HOUR), test = imbalanced(1000, 6, 5000 * HOUR);
        ModelTrainer trainer = new LightGBMTrainer();
        try (TrainedModel neutral = trainer.train(ModelType.LIGHTGBM, train, validation, params(TreeKind.LIGHTGBM));
             TrainedModel balanced = trainer.train(ModelType.LIGHTGBM, train, validation, params(TreeKind.LIGHTGBM, "is_unbalance", "true"))) {
            double a = positiveShare(neutral.predict(test)), b = positiveShare(balanced.predict(test));
            System.out.printf("LIGHTGBM: positive forecasts %.3f (is_unbalance false) vs %.3f (true), up moves %.3f%n", a, b, labelShare(test));
            assertThat(b).isGreaterThan(a + 0.15);
            // LightGBM's rule: the minority class (up) weighted by negatives / positives of the training rows
            double ratio = (1 - labelShare(train)) / labelShare(train);
            String[] w = balanced.provenance().get(DirectionTarget.CLASS_WEIGHTS_KEY).split(",");
            assertThat(Double.parseDouble(w[0])).isEqualTo(1.0);
            assertThat(Double.parseDouble(w[1])).isCloseTo(ratio, Offset.offset(1e-9));
        }
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("the Java evaluator equals the native predictor for the logistic objective to 1e-6")
    void fastPredictorHandlesTheLogisticLink(TreeKind kind) {
        Dataset all = FastPredictorEqualityTest.withMissingAndZeros(imbalanced(3000, 7, 0));
        Dataset train = all.slice(0, 2000), validation = all.slice(2000, 2500), test = all.slice(2500, 3000);
        Dataset clean = imbalanced(500, 8, 0);
        ModelTrainer trainer = kind.trainer();
        try (TrainedModel m = trainer.train(kind.type, train, validation,
                params(kind, "num_rounds", "200", "max_depth", "6", "early_stopping_rounds", "0", "scale_pos_weight", "3"))) {
            FastTreePredictor fast = TreeKind.fast(m);
            double scale = Double.parseDouble(m.provenance().get(DirectionTarget.SCALE_KEY));
            double maxDiff = 0;
            float[] row = new float[test.columns()];
            for (Dataset d : new Dataset[] {test, clean}) {
                double[] nativeForecasts = m.predict(d);
                for (int i = 0; i < d.rows(); i++) {
                    double p = fast.predict(d.row(i, row));
                    double nativeP = (nativeForecasts[i] / scale + 1) / 2;
                    assertThat(p).isBetween(0.0, 1.0);
                    assertThat(p).as("row %d", i).isCloseTo(nativeP, Offset.offset(1e-6));
                    maxDiff = Math.max(maxDiff, Math.abs(p - nativeP));
                    assertThat(m.predict(row)).isEqualTo(DirectionTarget.forecast(p, scale));
                    assertThat(fast.predict(row, fast.treeCount())).isCloseTo(p, Offset.offset(1e-12));
                }
            }
            System.out.printf("%s logistic: fast vs native max |p diff| = %.3g over %d rows%n", kind, maxDiff, test.rows() + clean.rows());
        }
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("predict returns (2p - 1) x mean|label|, kept through serialization and incremental training")
    void forecastIsAScaledDirection(TreeKind kind) {
        Dataset train = imbalanced(3000, 9, 0), validation = imbalanced(600, 10, 3100 * HOUR), test = imbalanced(600, 11, 3800 * HOUR);
        ModelTrainer trainer = kind.trainer();
        double meanAbs = 0;
        for (float y : train.labels()) meanAbs += Math.abs(y) / train.rows();
        try (TrainedModel m = trainer.train(kind.type, train, validation, params(kind))) {
            double scale = Double.parseDouble(m.provenance().get(DirectionTarget.SCALE_KEY));
            assertThat(scale).isCloseTo(meanAbs, Offset.offset(meanAbs * 1e-9));
            assertThat(m.provenance()).containsKey("validation.logloss").doesNotContainKey("validation.rmse");
            double[] f = m.predict(test);
            for (double v : f) assertThat(Math.abs(v)).isLessThanOrEqualTo(scale);
            // the sign is the classifier's call: better than chance on the planted direction
            assertThat(SyntheticMarket.directionalAccuracy(f, test.labels())).isGreaterThan(0.6);
            try (TrainedModel loaded = trainer.load(kind.type, m.serialize())) {
                assertThat(loaded.predict(test)).containsExactly(f);
            }
            try (TrainedModel child = trainer.trainIncremental(kind.type, m, validation, test, params(kind, "incremental_rounds", "0"))) {
                assertThat(child.provenance()).containsEntry(DirectionTarget.SCALE_KEY, m.provenance().get(DirectionTarget.SCALE_KEY));
                assertThat(child.predict(test)).containsExactly(f);
            }
            Map<String, String> regression = new HashMap<>(params(kind));
            regression.remove("objective");
            assertThatThrownBy(() -> trainer.trainIncremental(kind.type, m, validation, test, regression))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("objective").hasMessageContaining(objective(kind));
        }
    }

    @Test
    @DisplayName("the param schemas reject class-imbalance settings outside the direction objective and LightGBM's conflicting pair")
    void imbalanceParamsAreValidated() {
        assertThatThrownBy(() -> XGBoostTrainer.schema().resolve(Map.of("scale_pos_weight", "4")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale_pos_weight").hasMessageContaining("binary:logistic");
        assertThatThrownBy(() -> XGBoostTrainer.schema().resolve(Map.of("objective", "binary:logistic", "scale_pos_weight", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale_pos_weight");
        assertThat(XGBoostTrainer.schema().resolve(Map.of("objective", "binary:logistic", "scale_pos_weight", "4")).doubleValue("scale_pos_weight"))
                .isEqualTo(4.0);
        assertThatThrownBy(() -> LightGBMTrainer.schema().resolve(Map.of("is_unbalance", "true")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is_unbalance").hasMessageContaining("binary");
        assertThatThrownBy(() -> LightGBMTrainer.schema().resolve(Map.of("objective", "binary", "is_unbalance", "true", "scale_pos_weight", "2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be used together");
        assertThatThrownBy(() -> LightGBMTrainer.schema().resolve(Map.of("objective", "binary", "is_unbalance", "yes")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is_unbalance");
    }
}
