package dev.clm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import dev.clm.testing.WideSyntheticMarket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WalkForwardForecasterTest {
    static final ModelType A = ModelType.of("model_a");

    @Test
    @DisplayName("answers for evidence rows by time and symbol or by features, refuses other rows, and stands for the candidate")
    void looksUpEvidenceRows() {
        MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");
        Dataset all = new SimpleFeatureEngineer(12).transform(WideSyntheticMarket.hourly(clock, 7)
                .loadTrainingData(clock.instant().minus(Duration.ofDays(20)), clock.instant()));
        Dataset evidence = all.slice(all.rows() / 2, all.rows());
        double[] forecasts = new double[evidence.rows()];
        for (int i = 0; i < forecasts.length; i++) forecasts[i] = i * 1e-4;
        ScriptedTrainer scripted = new ScriptedTrainer(A).then(A, ScriptedTrainer.constant(0.5));
        try (TrainedModel candidate = scripted.train(A, all, all, Map.of())) {
            WalkForwardForecaster f = new WalkForwardForecaster(candidate, evidence, forecasts, 3);
            assertThat(f.predict(evidence)).containsExactly(forecasts);
            // a later slice of the evidence (as the cycle report keeps) gets the same forecasts
            Dataset newest = evidence.slice(evidence.rows() - 50, evidence.rows());
            double[] tail = f.predict(newest);
            for (int i = 0; i < 50; i++) assertThat(tail[i]).isEqualTo(forecasts[evidence.rows() - 50 + i]);
            // a single row by its features (a row whose features no other evidence row shares)
            int k = uniqueRow(evidence);
            assertThat(f.predict(evidence.row(k, new float[evidence.columns()]))).isEqualTo(forecasts[k]);
            // rows that are not evidence have no out-of-sample forecast
            assertThatThrownBy(() -> f.predict(all.slice(0, 10))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("row 0").hasMessageContaining("not one of the walk-forward evidence rows");
            assertThatThrownBy(() -> f.predict(all.row(0, new float[all.columns()]))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not one of the");
            assertThat(f.serialize()).isEqualTo(candidate.serialize());
            assertThat(f.format()).isEqualTo(candidate.format());
            assertThat(f.folds()).isEqualTo(3);
        }
    }

    static int uniqueRow(Dataset d) {
        java.util.Map<java.util.List<Float>, Integer> seen = new java.util.HashMap<>();
        for (int i = 0; i < d.rows(); i++) {
            java.util.List<Float> key = new java.util.ArrayList<>();
            for (float v : d.row(i, new float[d.columns()])) key.add(v);
            seen.merge(key, 1, Integer::sum);
        }
        for (int i = 0; i < d.rows(); i++) {
            java.util.List<Float> key = new java.util.ArrayList<>();
            for (float v : d.row(i, new float[d.columns()])) key.add(v);
            if (seen.get(key) == 1) return i;
        }
        throw new AssertionError("no row with unique features");
    }
}
