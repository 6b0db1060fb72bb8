package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.EvaluationResult;
import dev.clm.api.ModelEvaluator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link ModelEvaluator} must have, checked against hand-computed values. */
public abstract class ModelEvaluatorContract {
    protected abstract ModelEvaluator createEvaluator();

    private static Dataset labels(float... y) {
        long[] ts = new long[y.length];
        for (int i = 0; i < ts.length; i++) ts[i] = i * 1000L;
        return new Dataset(java.util.List.of("x"), java.util.List.of("S"), ts, ts.clone(), new int[y.length], new float[y.length], y, null);
    }

    @Test
    void errorMetricsMatchHandComputedValues() {
        Dataset d = labels(0.01f, -0.02f, 0.03f, -0.01f);
        double[] p = {0.02, -0.01, -0.01, -0.02};
        EvaluationResult r = createEvaluator().evaluatePredictions(p, d);
        // errors: 0.01, 0.01, -0.04, -0.01
        assertThat(r.samples()).isEqualTo(4);
        assertThat(r.mae()).isCloseTo(0.0175, Offset.offset(1e-7));
        assertThat(r.rmse()).isCloseTo(Math.sqrt((1e-4 + 1e-4 + 16e-4 + 1e-4) / 4), Offset.offset(1e-7));
        assertThat(r.bias()).isCloseTo(-0.0075, Offset.offset(1e-7));
        assertThat(r.directionalAccuracy()).isEqualTo(0.75);
        assertThat(r.errorStd()).isCloseTo(Math.sqrt(((0.0175 * 0.0175) * 2 + 0.0325 * 0.0325 + 0.0025 * 0.0025) / 4), Offset.offset(1e-7));
    }

    @Test
    void perfectPredictionsScorePerfectly() {
        Dataset d = labels(0.01f, -0.02f, 0.03f);
        EvaluationResult r = createEvaluator().evaluatePredictions(new double[] {0.01f, -0.02f, 0.03f}, d);
        assertThat(r.mae()).isCloseTo(0, Offset.offset(1e-12));
        assertThat(r.directionalAccuracy()).isEqualTo(1.0);
        assertThat(r.correlation()).isCloseTo(1.0, Offset.offset(1e-9));
    }

    @Test
    void comparisonIsCandidateMinusActive() {
        ModelEvaluator e = createEvaluator();
        Dataset d = labels(0.01f, -0.02f, 0.03f, -0.01f);
        EvaluationResult cand = e.evaluatePredictions(new double[] {0.01, -0.02, 0.02, -0.01}, d);
        EvaluationResult act = e.evaluatePredictions(new double[] {0, 0, 0, 0}, d);
        EvaluationResult c = e.compareToActive(cand, act);
        assertThat(c.vsActive().deltaMae()).isCloseTo(cand.mae() - act.mae(), Offset.offset(1e-12));
        assertThat(c.vsActive().maeImprovement()).isCloseTo((act.mae() - cand.mae()) / act.mae(), Offset.offset(1e-12));
        assertThat(c.vsActive().deltaDirectionalAccuracy()).isCloseTo(1.0, Offset.offset(1e-12));
    }

    @Test
    void badInputIsRejected() {
        Dataset d = labels(0.01f, 0.02f);
        assertThatThrownBy(() -> createEvaluator().evaluatePredictions(new double[] {0.1}, d)).hasMessageContaining("2");
        assertThatThrownBy(() -> createEvaluator().evaluatePredictions(new double[] {0.1, Double.NaN}, d)).hasMessageContaining("NaN");
    }
}
