package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.TrainedModel;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every replay {@link ShadowTester} must have. Subclasses supply a tester that
 * promotes with at least 100 samples, a 2% improvement and significance at 5%.
 */
public abstract class ShadowTesterContract {
    protected abstract ShadowTester createTester(MutableClock clock);

    /** A model that predicts {@code f(row)}; row[0] and row[1] drive the label in {@link TestDatasets#linear}. */
    protected static TrainedModel model(ToDoubleFunction<float[]> f) {
        return new TrainedModel() {
            private boolean closed;

            public ModelType type() { return ModelType.XGBOOST; }
            public List<String> featureNames() { return List.of("f0", "f1", "f2"); }
            public double predict(float[] row) {
                if (closed) throw new IllegalStateException("closed");
                return f.applyAsDouble(row);
            }
            public double[] predict(Dataset d) {
                double[] out = new double[d.rows()];
                float[] row = new float[d.columns()];
                for (int i = 0; i < out.length; i++) out[i] = predict(d.row(i, row));
                return out;
            }
            public byte[] serialize() { return new byte[] {1}; }
            public String format() { return "test"; }
            public void close() { closed = true; }
        };
    }

    private static final ToDoubleFunction<float[]> TRUTH = r -> 0.01 * (0.6 * r[0] - 0.3 * r[1]);

    @Test
    void aClearlyBetterCandidateIsPromoted() {
        Dataset w = TestDatasets.linear(2000, 3, 1.0, 0.5, 21, 0);
        ShadowTestResult r = createTester(MutableClock.at("2026-01-01T00:00:00Z")).runShadowTest(ModelType.XGBOOST,
                new LoadedModel("cand", model(TRUTH)), new LoadedModel("act", model(x -> 0.0)), w);
        assertThat(r.decision()).isEqualTo(ShadowDecision.PROMOTE);
        assertThat(r.samples()).isEqualTo(2000);
        assertThat(r.candidateMae()).isLessThan(r.activeMae());
        assertThat(r.candidateVersion()).isEqualTo("cand");
        assertThat(r.activeVersion()).isEqualTo("act");
    }

    @Test
    void anEqualCandidateIsNotPromoted() {
        Dataset w = TestDatasets.linear(2000, 3, 1.0, 0.5, 22, 0);
        ShadowTestResult r = createTester(MutableClock.at("2026-01-01T00:00:00Z")).runShadowTest(ModelType.XGBOOST,
                new LoadedModel("cand", model(TRUTH)), new LoadedModel("act", model(TRUTH)), w);
        assertThat(r.decision()).isNotEqualTo(ShadowDecision.PROMOTE);
    }

    @Test
    void aWorseCandidateIsRejected() {
        Dataset w = TestDatasets.linear(2000, 3, 1.0, 0.5, 23, 0);
        ShadowTestResult r = createTester(MutableClock.at("2026-01-01T00:00:00Z")).runShadowTest(ModelType.XGBOOST,
                new LoadedModel("cand", model(x -> -TRUTH.applyAsDouble(x))), new LoadedModel("act", model(TRUTH)), w);
        assertThat(r.decision()).isEqualTo(ShadowDecision.REJECT);
    }

    @Test
    void tooFewSamplesMeansContinueTesting() {
        Dataset w = TestDatasets.linear(50, 3, 1.0, 0.5, 24, 0);
        ShadowTestResult r = createTester(MutableClock.at("2026-01-01T00:00:00Z")).runShadowTest(ModelType.XGBOOST,
                new LoadedModel("cand", model(TRUTH)), new LoadedModel("act", model(x -> 0.0)), w);
        assertThat(r.decision()).isEqualTo(ShadowDecision.CONTINUE_TESTING);
    }

    @Test
    void withoutAnActiveModelTheZeroForecastIsTheBar() {
        Dataset w = TestDatasets.linear(2000, 3, 1.0, 0.5, 25, 0);
        ShadowTester t = createTester(MutableClock.at("2026-01-01T00:00:00Z"));
        assertThat(t.runShadowTest(ModelType.XGBOOST, new LoadedModel("cand", model(TRUTH)), null, w).decision())
                .isEqualTo(ShadowDecision.PROMOTE);
        assertThat(t.runShadowTest(ModelType.XGBOOST, new LoadedModel("cand", model(x -> 0.02)), null, w).decision())
                .isEqualTo(ShadowDecision.REJECT);
    }

    @Test
    void theTesterNeverClosesTheModels() {
        Dataset w = TestDatasets.linear(300, 3, 1.0, 0.5, 26, 0);
        TrainedModel c = model(TRUTH), a = model(x -> 0.0);
        createTester(MutableClock.at("2026-01-01T00:00:00Z")).runShadowTest(ModelType.XGBOOST, new LoadedModel("cand", c),
                new LoadedModel("act", a), w);
        c.predict(new float[3]);
        a.predict(new float[3]);
    }
}
