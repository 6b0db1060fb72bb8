package dev.clm.models;

import dev.clm.api.Dataset;
import dev.clm.api.TrainedModel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Comparator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Gain importance and native SHAP contributions of the tree models (what the cycle report shows). */
class FeatureAttributionTest {

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("contributions add up to the prediction, and the planted features carry the gain")
    void contributionsAndGain(TreeKind kind) {
        Dataset all = SyntheticMarket.wide(6_000, 8, 11, 1_700_000_000_000L);
        Dataset[] s = SyntheticMarket.split(all, 0.7, 0.15);
        try (TrainedModel m = kind.trainer().train(kind.type, s[0], s[1],
                Map.of("num_rounds", "60", "learning_rate", "0.1", "early_stopping_rounds", "0"))) {
            Map<String, Double> gain = m.featureGain();
            assertThat(gain).isNotEmpty();
            assertThat(m.featureNames()).containsAll(gain.keySet());
            assertThat(gain.values()).allMatch(v -> v >= 0 && Double.isFinite(v));
            String top = gain.entrySet().stream().max(Comparator.comparingDouble(Map.Entry::getValue)).orElseThrow().getKey();
            // the label is driven mostly by feature 0 (0.6 x0), then feature 1 and the x2*x3 / x4 terms
            assertThat(m.featureNames().indexOf(top)).isLessThanOrEqualTo(4);

            Dataset test = s[2];
            double[][] contrib = m.featureContributions(test).orElseThrow();
            double[] predicted = m.predict(test);
            assertThat(contrib).hasNumberOfRows(test.rows());
            for (int i = 0; i < test.rows(); i++) {
                assertThat(contrib[i]).hasSize(m.featureNames().size() + 1);
                double sum = 0;
                for (double c : contrib[i]) sum += c;
                assertThat(sum).as("row %d", i).isCloseTo(predicted[i], org.assertj.core.data.Offset.offset(1e-5));
            }
            m.close();
            assertThatThrownBy(m::featureGain).isInstanceOf(IllegalStateException.class);
        }
    }
}
