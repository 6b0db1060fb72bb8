package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.TrainedModel;
import dev.clm.models.trees.FastTreePredictor;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Java tree evaluator equals the library's own batch prediction on a real-sized model
 * (500 trees, depth 7, 56 features, no early stopping), both on rows with missing values and
 * exact zeros (per-node path) and on clean rows (branch-free path), within float rounding
 * (relative 1e-6, several float ulps; in practice the difference is 0).
 */
class FastPredictorEqualityTest {

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("fast predictor equals the native prediction on a 500-tree depth-7 model")
    void fastEqualsNative(TreeKind kind) {
        Dataset all = withMissingAndZeros(SyntheticMarket.wide(3000, 56, 3, 1_700_000_000_000L));
        Dataset train = all.slice(0, 2000), validation = all.slice(2000, 2500), test = all.slice(2500, 3000);
        Map<String, String> params = new HashMap<>(Map.of("num_rounds", "500", "max_depth", "7", "learning_rate", "0.05",
                "early_stopping_rounds", "0", "threads", "1"));
        if (kind == TreeKind.LIGHTGBM) params.put("num_leaves", "127"); // full depth-7 trees
        try (TrainedModel m = kind.trainer().train(kind.type, train, validation, params)) {
            FastTreePredictor fast = TreeKind.fast(m);
            assertThat(fast.treeCount()).isEqualTo(500);
            double[] expected = m.predict(test);
            float[] row = new float[test.columns()];
            double maxDiff = 0;
            for (int i = 0; i < test.rows(); i++) {
                double got = fast.predict(test.row(i, row));
                maxDiff = Math.max(maxDiff, Math.abs(got - expected[i]));
                assertThat(got).as("row %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6 * Math.max(1e-2, Math.abs(expected[i]))));
                assertThat(m.predict(row)).isEqualTo(got);
            }
            // Rows without NaN or zeros take the branch-free path: it must agree too.
            Dataset clean = SyntheticMarket.wide(500, 56, 99, 1_800_000_000_000L);
            double[] expectedClean = m.predict(clean);
            for (int i = 0; i < clean.rows(); i++) {
                double got = fast.predict(clean.row(i, row));
                maxDiff = Math.max(maxDiff, Math.abs(got - expectedClean[i]));
                assertThat(got).as("clean row %d", i).isCloseTo(expectedClean[i],
                        org.assertj.core.data.Offset.offset(1e-6 * Math.max(1e-2, Math.abs(expectedClean[i]))));
                assertThat(fast.predict(row, fast.treeCount())).as("clean row %d, per-node path", i).isEqualTo(got);
            }
            System.out.printf("%s fast vs native: max |diff| = %.3g over %d rows%n", kind, maxDiff, test.rows() + clean.rows());
        }
    }

    /** 3% NaN (missing) and 3% exact zeros, so default directions and zero handling are exercised. */
    static Dataset withMissingAndZeros(Dataset d) {
        float[] x = d.features().clone();
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < x.length; i++) {
            double u = rnd.nextDouble();
            if (u < 0.03) x[i] = Float.NaN;
            else if (u < 0.06) x[i] = 0f;
        }
        return new Dataset(d.featureNames(), d.symbols(), d.timestamps(), d.labelEndTimestamps(), d.symbolIds(), x, d.labels(), null);
    }
}
