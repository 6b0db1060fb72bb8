package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.TrainedModel;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Skill where there is signal, none where there is none, on held-out rows after a purged
 * time split. Margin stated: on the planted series each tree kind beats the best constant
 * forecast (zero return / always long / always short) on directional accuracy by at least 5
 * percentage points; on a pure random walk its accuracy stays below the one-sided 99.9% bound
 * of a coin (0.5 + 3.09 * 0.5 / sqrt(n)), i.e. no significant skill (a leak would show here).
 */
class TreeModelSkillTest {
    static final double MARGIN = 0.05;
    static final Map<String, String> PARAMS = Map.of("num_rounds", "300", "learning_rate", "0.03", "max_depth", "4",
            "early_stopping_rounds", "30", "threads", "1");

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("planted signal: held-out directional accuracy beats the constant baseline by >= 5 points")
    void learnsThePlantedSignal(TreeKind kind) {
        Dataset[] s = SyntheticMarket.split(SyntheticMarket.planted(8000, 20, 11), 0.6, 0.2);
        try (TrainedModel m = kind.trainer().train(kind.type, s[0], s[1], PARAMS)) {
            double acc = SyntheticMarket.directionalAccuracy(m.predict(s[2]), s[2].labels());
            double baseline = SyntheticMarket.constantBaselineAccuracy(s[2].labels());
            assertThat(acc).as("%s accuracy %.3f vs baseline %.3f", kind, acc, baseline).isGreaterThanOrEqualTo(baseline + MARGIN);
        }
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("random walk: no significant held-out skill")
    void findsNothingInARandomWalk(TreeKind kind) {
        Dataset[] s = SyntheticMarket.split(SyntheticMarket.randomWalk(8000, 20, 12), 0.6, 0.2);
        try (TrainedModel m = kind.trainer().train(kind.type, s[0], s[1], PARAMS)) {
            double acc = SyntheticMarket.directionalAccuracy(m.predict(s[2]), s[2].labels());
            double bound = 0.5 + 3.09 * 0.5 / Math.sqrt(s[2].rows());
            assertThat(acc).as("%s accuracy %.3f on a random walk", kind, acc).isLessThan(bound);
        }
    }
}
