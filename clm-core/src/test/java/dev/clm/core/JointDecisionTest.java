package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TimeRange;
import dev.clm.shadow.ShadowEvaluator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JointDecisionTest {
    static ShadowTestResult result(ShadowDecision d, Double p) {
        Map<String, Double> stats = p == null ? Map.of() : Map.of(ShadowEvaluator.DECISION_P_VALUE, p);
        return new ShadowTestResult(ModelType.of("m"), "v1", null, 1000, 0.01, 0.011, 0.55, 0.5, 0.1, 0.5, 0, 0, d, "tested",
                TimeRange.ofEpochMillis(0, 1), stats, Instant.EPOCH);
    }

    @Test
    @DisplayName("PROMOTEs above the step-up threshold are withdrawn with the reason; custom testers' results are left alone")
    void withdrawsAboveTheThreshold() {
        List<ShadowTestResult> tested = List.of(result(ShadowDecision.PROMOTE, 0.01), result(ShadowDecision.PROMOTE, 0.045),
                result(ShadowDecision.REJECT, 0.6), result(ShadowDecision.PROMOTE, null));
        double t = JointDecision.threshold(tested, 0.05);
        assertThat(t).isCloseTo(0.05 / 3, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(JointDecision.apply(tested.get(0), t, 3).decision()).isEqualTo(ShadowDecision.PROMOTE);
        ShadowTestResult withdrawn = JointDecision.apply(tested.get(1), t, 3);
        assertThat(withdrawn.decision()).isEqualTo(ShadowDecision.REJECT);
        assertThat(withdrawn.reason()).contains("false-discovery control across the 3 candidates", "p=0.045", "tested");
        assertThat(JointDecision.apply(tested.get(3), t, 3).decision()).isEqualTo(ShadowDecision.PROMOTE);
        assertThat(JointDecision.threshold(List.of(result(ShadowDecision.PROMOTE, null)), 0.05)).isEqualTo(1.0);
        // two strong candidates pass at the full level, where Bonferroni would have asked for 0.025
        assertThat(JointDecision.threshold(List.of(result(ShadowDecision.PROMOTE, 0.04), result(ShadowDecision.PROMOTE, 0.03)), 0.05))
                .isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-15));
    }
}
