package dev.clm.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.EvaluationResult;
import dev.clm.api.ModelEvaluator;
import dev.clm.api.contract.ModelEvaluatorContract;
import dev.clm.api.contract.MutableClock;
import dev.clm.api.contract.TestDatasets;
import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DefaultModelEvaluatorTest extends ModelEvaluatorContract {
    @Override
    protected ModelEvaluator createEvaluator() {
        return new DefaultModelEvaluator(MutableClock.at("2026-01-01T00:00:00Z"));
    }

    @Test
    void correlationMatchesCommonsMath() {
        Dataset d = TestDatasets.linear(1000, 3, 1.0, 0.7, 4, 0);
        double[] p = new double[d.rows()];
        double[] y = new double[d.rows()];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.006 * d.feature(i, 0);
            y[i] = d.labels()[i];
        }
        EvaluationResult r = createEvaluator().evaluatePredictions(p, d);
        assertThat(r.correlation()).isCloseTo(new PearsonsCorrelation().correlation(p, y), Offset.offset(1e-9));
        assertThat(r.regimeAccuracy()).containsKeys("up", "down", "high_move", "low_move");
        assertThat(r.hitRate()).isBetween(0.0, 1.0);
    }

    @Test
    void constantPredictionsHaveZeroCorrelationNotNaN() {
        Dataset d = TestDatasets.linear(100, 3, 1.0, 0.7, 4, 0);
        assertThat(createEvaluator().evaluatePredictions(new double[100], d).correlation()).isZero();
    }
}
