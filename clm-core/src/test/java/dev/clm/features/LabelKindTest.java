package dev.clm.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.LabelKind;
import dev.clm.api.MarketData;
import dev.clm.api.ModelType;
import dev.clm.api.UnsupportedLabelException;
import dev.clm.eval.DefaultModelEvaluator;
import dev.clm.online.OnlineTrainer;
import dev.clm.train.RidgeTrainer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The label kinds: definitions checked against the bars, recorded in the config, and checked by trainers and the evaluator. */
class LabelKindTest {
    private static final BarSeries NEAR = TechnicalFeatureEngineerTest.shared("binance_perp_1h/NEARUSDT_PERP_1h.csv").sliceRows(0, 5000);

    private static Dataset transform(LabelKind kind) {
        return new TechnicalFeatureEngineer(FeatureConfig.builder().label(kind).build()).transform(MarketData.of(NEAR));
    }

    private static int bar(long ts) {
        return Arrays.binarySearch(NEAR.timestamps(), ts);
    }

    private static double sigma(int t, int n) {
        double[] c = NEAR.close();
        double sum = 0;
        for (int i = t - n + 1; i <= t; i++) sum += Math.log(c[i] / c[i - 1]);
        double mean = sum / n, sq = 0;
        for (int i = t - n + 1; i <= t; i++) sq += Math.pow(Math.log(c[i] / c[i - 1]) - mean, 2);
        return Math.sqrt(sq / n);
    }

    @Test
    @DisplayName("direction = sign of the forward log return; vol-scaled = r / (trailing sigma x sqrt(h)); regime = r beyond +-0.5 sigma sqrt(h)")
    void definitions() {
        Dataset ret = transform(LabelKind.FORWARD_LOG_RETURN);
        Dataset dir = transform(LabelKind.DIRECTION);
        Dataset scaled = transform(LabelKind.VOL_SCALED_RETURN);
        Dataset regime = transform(LabelKind.REGIME);
        assertThat(ret.labelKind()).isEqualTo(LabelKind.FORWARD_LOG_RETURN);
        assertThat(dir.labelKind()).isEqualTo(LabelKind.DIRECTION);
        assertThat(scaled.labelKind()).isEqualTo(LabelKind.VOL_SCALED_RETURN);
        assertThat(regime.labelKind()).isEqualTo(LabelKind.REGIME);
        assertThat(dir.timestamps()).isEqualTo(ret.timestamps());
        assertThat(Arrays.equals(dir.features(), ret.features())).as("features do not depend on the label").isTrue();
        double h = Math.sqrt(FeatureConfig.DEFAULT_HORIZON);
        int[] seen = new int[3];
        for (int r = 0; r < ret.rows(); r++) {
            int t = bar(ret.timestamps()[r]);
            double fwd = Math.log(NEAR.close()[t + 12] / NEAR.close()[t]);
            assertThat(ret.labels()[r]).isEqualTo((float) fwd);
            assertThat(dir.labels()[r]).isEqualTo((float) Math.signum(fwd));
            double move = sigma(t, FeatureConfig.DEFAULT_LABEL_VOLATILITY_PERIOD) * h;
            assertThat((double) scaled.labels()[r]).isCloseTo(fwd / move, org.assertj.core.data.Offset.offset(1e-5 * Math.abs(fwd / move) + 1e-9));
            float want = fwd > 0.5 * move ? 1 : fwd < -0.5 * move ? -1 : 0;
            assertThat(regime.labels()[r]).as("regime at bar %d", t).isEqualTo(want);
            seen[(int) want + 1]++;
        }
        for (int count : seen) assertThat(count).as("rows per regime").isGreaterThan(100);
    }

    @Test
    @DisplayName("the label kind and its settings are recorded and rebuilt by fromConfig; an unknown kind names the key")
    void recordedInConfig() {
        FeatureConfig c = FeatureConfig.builder().label(LabelKind.REGIME).labelVolatilityPeriod(48).regimeThreshold(1.0).build();
        Map<String, String> m = new TechnicalFeatureEngineer(c).config();
        assertThat(m).containsEntry("label", "regime").containsEntry("labelVolatilityPeriod", "48").containsEntry("regimeThreshold", "1.0");
        assertThat(TechnicalFeatureEngineer.fromConfig(m).featureConfig()).isEqualTo(c);
        assertThat(new TechnicalFeatureEngineer().config()).containsEntry("label", "forward_log_return");
        Map<String, String> bad = new java.util.HashMap<>(m);
        bad.put("label", "sharpe");
        assertThatThrownBy(() -> TechnicalFeatureEngineer.fromConfig(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'label'").hasMessageContaining("sharpe");
    }

    @Test
    @DisplayName("a volatility label needs its trailing window: rows start after it, and a long window lengthens the warm-up")
    void labelWarmup() {
        TechnicalFeatureEngineer fe = new TechnicalFeatureEngineer(FeatureConfig.builder().label(LabelKind.VOL_SCALED_RETURN)
                .labelVolatilityPeriod(500).build());
        assertThat(fe.warmupBars()).isEqualTo(500);
        assertThat(fe.transform(MarketData.of(NEAR)).timestamps()[0]).isEqualTo(NEAR.timestamps()[500]);
    }

    @Test
    @DisplayName("trainers and the evaluator: ridge and the evaluator take every kind; the online trainer refuses all but the log return, naming it")
    void trainersCheckTheKind() {
        Dataset dir = transform(LabelKind.DIRECTION);
        Dataset train = dir.slice(0, 3000), validation = dir.slice(3000, dir.rows());
        var model = new RidgeTrainer().train(RidgeTrainer.RIDGE, train, validation, Map.of());
        double[] p = new double[validation.rows()];
        for (int r = 0; r < p.length; r++) p[r] = model.predict(Arrays.copyOfRange(validation.features(), r * validation.columns(), (r + 1) * validation.columns()));
        var clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(new DefaultModelEvaluator(clock).evaluatePredictions(p, validation).directionalAccuracy()).isBetween(0.0, 1.0);
        assertThatThrownBy(() -> new OnlineTrainer().train(ModelType.ONLINE, train, validation, Map.of()))
                .isInstanceOf(UnsupportedLabelException.class).hasMessageContaining("'direction'").hasMessageContaining("OnlineTrainer")
                .satisfies(e -> assertThat(((UnsupportedLabelException) e).labelKind()).isEqualTo(LabelKind.DIRECTION));
        Dataset logReturns = transform(LabelKind.FORWARD_LOG_RETURN).slice(3000, dir.rows());
        assertThatThrownBy(() -> new RidgeTrainer().train(RidgeTrainer.RIDGE, train, logReturns, Map.of()))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("'direction'").hasMessageContaining("'forward_log_return'");
    }
}
