package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.TrainedModel;
import dev.clm.models.internal.NativeHandles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sample weights reach the tree libraries: they change the fitted trees, a weight of zero
 * removes a row exactly, they weight the validation metric early stopping uses, and
 * incremental training honours them. Every native handle opened is freed (checked per test).
 *
 * <p>Why the zero-weight test is exact: a zero weight multiplies the row's gradient and
 * hessian by 0, so every histogram sum, leaf value and gain is bit-identical to the sums
 * without the row, provided nothing else sees the row. Three things could: (1) the bin
 * boundaries: LightGBM's bin finder sees feature values, not weights (with continuous
 * features the same comparison differed on every probe row in LightGBM, by up to 0.007, while
 * XGBoost's weighted quantile sketch stayed exact); the features here take 10 integer values
 * that every bin has many rows of, so the bins are the distinct values either way; (2) row sampling (one random draw per row shifts the stream):
 * subsample is 1; (3) LightGBM's row counts ({@code min_data_in_leaf} counts rows, not
 * weights): {@code min_data_in_leaf=1}, so no count limit binds. One thread, so the summation
 * order is the row order in both runs (a zero term leaves every partial sum unchanged).
 */
class SampleWeightTest {
    static final long HOUR = 3_600_000L;
    static final String[] HANDLE_KINDS = {"xgboost.booster", "xgboost.dmatrix", "lightgbm.booster", "lightgbm.dataset"};

    final long[] liveBefore = new long[HANDLE_KINDS.length];

    @BeforeEach
    void countHandles() {
        for (int k = 0; k < HANDLE_KINDS.length; k++) liveBefore[k] = NativeHandles.live(HANDLE_KINDS[k]);
    }

    @AfterEach
    void everyHandleIsFreed() {
        for (int k = 0; k < HANDLE_KINDS.length; k++) {
            assertThat(NativeHandles.live(HANDLE_KINDS[k])).as("live %s handles", HANDLE_KINDS[k]).isEqualTo(liveBefore[k]);
        }
    }

    static Map<String, String> exactParams(TreeKind kind) {
        Map<String, String> p = new HashMap<>(Map.of("num_rounds", "60", "learning_rate", "0.1", "max_depth", "4",
                "subsample", "1.0", "early_stopping_rounds", "10", "threads", "1", "incremental_rounds", "20"));
        if (kind == TreeKind.LIGHTGBM) p.put("min_data_in_leaf", "1");
        return p;
    }

    /**
     * Rows with six integer features in 0..9 and a label driven by three of them plus noise,
     * hourly from {@code startMillis}.
     */
    static Dataset grid(int rows, long seed, long startMillis) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int cols = 6;
        float[] x = new float[rows * cols];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) x[i * cols + j] = rnd.nextInt(10);
            int o = i * cols;
            y[i] = (float) (0.002 * (x[o] - 4.5) + (x[o + 1] > 5 ? 0.004 : -0.003) + 0.001 * x[o + 2] * (x[o + 3] > 4 ? 1 : -1)
                    + 0.006 * SyntheticMarket.gaussian(rnd));
        }
        return dataset(rows, cols, startMillis, x, y);
    }

    static Dataset dataset(int rows, int cols, long start, float[] x, float[] y) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < cols; j++) names.add("f" + j);
        long[] ts = new long[rows], end = new long[rows];
        for (int i = 0; i < rows; i++) {
            ts[i] = start + i * HOUR;
            end[i] = ts[i] + 12 * HOUR;
        }
        return new Dataset(names, List.of("SYN"), ts, end, new int[rows], x, y, null);
    }

    /** {@code d} without the rows where {@code drop} is true (weights dropped with them). */
    static Dataset without(Dataset d, boolean[] drop) {
        int cols = d.columns();
        int kept = 0;
        for (boolean b : drop) if (!b) kept++;
        float[] x = new float[kept * cols], y = new float[kept];
        float[] w = d.weights() == null ? null : new float[kept];
        long[] ts = new long[kept], end = new long[kept];
        for (int i = 0, k = 0; i < d.rows(); i++) {
            if (drop[i]) continue;
            System.arraycopy(d.features(), i * cols, x, k * cols, cols);
            y[k] = d.labels()[i];
            ts[k] = d.timestamps()[i];
            end[k] = d.labelEndTimestamps()[i];
            if (w != null) w[k] = d.weights()[i];
            k++;
        }
        return new Dataset(d.featureNames(), d.symbols(), ts, end, new int[kept], x, y, w);
    }

    /** Every 25th row gets a huge label (so it would matter) and weight 0; the others weight 1 or 2. */
    static Dataset withZeroWeightOutliers(Dataset d, boolean[] zeroed) {
        float[] y = d.labels().clone();
        float[] w = new float[d.rows()];
        for (int i = 0; i < d.rows(); i++) {
            zeroed[i] = i % 25 == 7;
            w[i] = zeroed[i] ? 0f : (i % 2 == 0 ? 1f : 2f);
            if (zeroed[i]) y[i] = 0.5f;
        }
        return new Dataset(d.featureNames(), d.symbols(), d.timestamps(), d.labelEndTimestamps(), d.symbolIds(), d.features(), y, w);
    }

    static double[] nativeOf(TrainedModel m, Dataset d) {
        return m.predict(d);
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("sample weights change the fitted trees")
    void weightsChangeTheTrees(TreeKind kind) {
        Dataset train = grid(1200, 1, 0), validation = grid(300, 2, 1300 * HOUR), probe = grid(300, 3, 0);
        float[] w = new float[train.rows()];
        for (int i = 0; i < w.length; i++) w[i] = train.feature(i, 0) > 4 ? 3f : 0.3f;
        ModelTrainer trainer = kind.trainer();
        assertThat(trainer.supportsSampleWeights(kind.type)).isTrue();
        try (TrainedModel plain = trainer.train(kind.type, train, validation, exactParams(kind));
             TrainedModel weighted = trainer.train(kind.type, train.withWeights(w), validation, exactParams(kind))) {
            double[] a = plain.predict(probe), b = weighted.predict(probe);
            int differ = 0;
            for (int i = 0; i < a.length; i++) if (a[i] != b[i]) differ++;
            System.out.printf("%s: weights change %d of %d probe predictions%n", kind, differ, a.length);
            assertThat(differ).isGreaterThan(a.length / 2);
            assertThat(weighted.provenance()).containsEntry("sample_weights", "used");
            assertThat(plain.provenance()).containsEntry("sample_weights", "none");
        }
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("a weight of zero removes a row's influence exactly, in full and in incremental training")
    void zeroWeightEqualsRemoval(TreeKind kind) {
        Dataset base = grid(1200, 4, 0), validation = grid(300, 5, 1300 * HOUR), probe = grid(400, 6, 0);
        boolean[] zeroed = new boolean[base.rows()];
        Dataset weighted = withZeroWeightOutliers(base, zeroed);
        Dataset removed = without(weighted, zeroed);
        Dataset counted = weighted.withWeights(null);
        ModelTrainer trainer = kind.trainer();
        Map<String, String> p = exactParams(kind);
        try (TrainedModel a = trainer.train(kind.type, weighted, validation, p);
             TrainedModel b = trainer.train(kind.type, removed, validation, p);
             TrainedModel c = trainer.train(kind.type, counted, validation, p)) {
            assertThat(a.predict(probe)).as("weight 0 vs removed rows").containsExactly(b.predict(probe));
            assertThat(a.provenance().get("trees")).isEqualTo(b.provenance().get("trees"));
            assertThat(a.provenance().get("validation.rmse")).isEqualTo(b.provenance().get("validation.rmse"));
            assertThat(c.predict(probe)).as("the outliers move the fit when they count").isNotEqualTo(a.predict(probe));
            assertThat(trees(a)).as("tree structure and leaf values").isEqualTo(trees(b));

            // incremental: continue both on new rows that again carry zero-weight outliers
            boolean[] zeroed2 = new boolean[600];
            Dataset more = withZeroWeightOutliers(grid(600, 7, 1700 * HOUR), zeroed2);
            Dataset validation2 = grid(200, 8, 2400 * HOUR);
            try (TrainedModel a2 = trainer.trainIncremental(kind.type, a, more, validation2, p);
                 TrainedModel b2 = trainer.trainIncremental(kind.type, b, without(more, zeroed2), validation2, p);
                 TrainedModel c2 = trainer.trainIncremental(kind.type, a, more.withWeights(null), validation2, p)) {
                assertThat(TreeKind.trees(a2)).isGreaterThan(TreeKind.trees(a));
                assertThat(a2.predict(probe)).as("incremental: weight 0 vs removed rows").containsExactly(b2.predict(probe));
                assertThat(c2.predict(probe)).as("incremental: the outliers count without weights").isNotEqualTo(a2.predict(probe));
            }
        }
    }

    /**
     * The trees without the parts that legitimately differ: XGBoost's JSON keeps no row counts
     * in trees except per-node hessian sums (equal here, since zero-weight rows add 0);
     * LightGBM's tree blocks record per-node row counts ({@code leaf_count}, {@code internal_count}),
     * which count zero-weight rows, so those lines are dropped.
     */
    static String trees(TrainedModel m) {
        ModelEnvelope env = ModelEnvelope.parse(m.serialize(), m.format());
        if (m.format().equals("lightgbm-text")) {
            String text = env.nativeText();
            StringBuilder sb = new StringBuilder();
            boolean inTrees = false;
            for (String line : text.split("\n")) {
                if (line.startsWith("Tree=")) inTrees = true;
                if (line.startsWith("end of trees")) break;
                if (inTrees && !line.startsWith("leaf_count=") && !line.startsWith("internal_count=")) sb.append(line).append('\n');
            }
            return sb.toString();
        }
        return java.util.HexFormat.of().formatHex(env.nativeModel());
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("validation weights are in the early-stopping metric: the recorded best score is the weighted RMSE")
    void validationMetricIsWeighted(TreeKind kind) {
        Dataset train = grid(1200, 9, 0), validation = grid(400, 10, 1300 * HOUR);
        float[] w = new float[validation.rows()];
        for (int i = 0; i < w.length; i++) w[i] = validation.feature(i, 1) > 5 ? 5f : 0.2f;
        Dataset weightedValidation = validation.withWeights(w);
        ModelTrainer trainer = kind.trainer();
        Map<String, String> p = exactParams(kind);
        try (TrainedModel m = trainer.train(kind.type, train, weightedValidation, p);
             TrainedModel unweighted = trainer.train(kind.type, train, validation, p)) {
            double[] pred = m.predict(validation);
            double weighted = rmse(pred, validation, w), plain = rmse(pred, validation, null);
            double recorded = Double.parseDouble(m.provenance().get("validation.rmse"));
            System.out.printf("%s: recorded %.6g, weighted %.6g, unweighted %.6g; trees %s (weighted validation) vs %s%n", kind, recorded,
                    weighted, plain, m.provenance().get("trees"), unweighted.provenance().get("trees"));
            assertThat(recorded).isCloseTo(weighted, org.assertj.core.data.Offset.offset(weighted * 1e-5));
            assertThat(Math.abs(plain - weighted)).as("the weights matter for this metric").isGreaterThan(weighted * 1e-2);
        }
    }

    static double rmse(double[] pred, Dataset d, float[] w) {
        double s = 0, sw = 0;
        for (int i = 0; i < pred.length; i++) {
            double wi = w == null ? 1 : w[i];
            double e = pred[i] - d.labels()[i];
            s += wi * e * e;
            sw += wi;
        }
        return Math.sqrt(s / sw);
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("all-zero training or validation weights are rejected naming the split")
    void allZeroWeightsAreRejected(TreeKind kind) {
        Dataset train = grid(300, 11, 0), validation = grid(100, 12, 400 * HOUR);
        ModelTrainer trainer = kind.trainer();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trainer.train(kind.type, train, validation.withWeights(new float[100]),
                exactParams(kind))).isInstanceOf(dev.clm.api.InvalidDataException.class).hasMessageContaining("validation split")
                .hasMessageContaining("weights");
    }
}
