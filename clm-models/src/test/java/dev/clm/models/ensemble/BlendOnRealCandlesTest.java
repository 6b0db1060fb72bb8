package dev.clm.models.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Checksums;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.api.contract.MutableClock;
import dev.clm.data.CsvDataClient;
import dev.clm.data.SharedData;
import dev.clm.ensemble.EnsembleModel;
import dev.clm.ensemble.EnsembleSpec;
import dev.clm.ensemble.EnsembleTrainer;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.train.RidgeTrainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A blend with fitted weights on real hourly candles (../shared/data, the last 8,000 bars of
 * each file, {@link TechnicalFeatureEngineer} features, 12-bar forward log return): members
 * XGBoost, LightGBM and ridge are trained on the first half and registered ACTIVE; the blend's
 * weights are fitted on the next 30% (rows after the members' data ended, {@code holdout}, and
 * purged 5-fold refits, {@code kfold}); everything is scored on the last 20%, which nobody saw.
 * Splits are purged (a gap of one label horizon) between each part.
 *
 * <p>Stated tolerance: the blend's held-out MSE is at most 2% above the best single member's
 * (which member is best is only known afterwards; the blend must not pay much for not knowing).
 * Why 2%: on these candles every member is within a few percent of the zero forecast, and the
 * weights are fitted on about 1,800 rows of overlapping 12-bar returns (about 150 independent
 * ones), so their sampling error alone costs up to about 1% of MSE (BTC with holdout weights:
 * +1.2% in this run); a blend that leaked or mis-fitted would be off by far more.
 */
class BlendOnRealCandlesTest {
    static final double TOLERANCE = 0.02;
    static final int BARS = 8000, HORIZON = 12;
    static final Map<String, String> TREES = Map.of("num_rounds", "150", "learning_rate", "0.05", "max_depth", "3",
            "early_stopping_rounds", "20", "threads", "1");
    static CompositeModelTrainer memberTrainer;

    @BeforeAll
    static void trainers() {
        memberTrainer = CompositeModelTrainer.builder().register(new XGBoostTrainer()).register(new LightGBMTrainer())
                .register(new RidgeTrainer()).build();
    }

    @AfterAll
    static void close() {
        memberTrainer.close();
    }

    static Dataset candles(String file) {
        BarSeries all = CsvDataClient.read(SharedData.file("binance_spot_1h/" + file), file.replace("_1h.csv", ""),
                CsvDataClient.InvalidRowPolicy.FAIL);
        return new TechnicalFeatureEngineer().transform(MarketData.of(all.sliceRows(all.size() - BARS, all.size())));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"BTCUSDT_1h.csv", "ETHUSDT_1h.csv", "SOLUSDT_1h.csv", "BNBUSDT_1h.csv", "XRPUSDT_1h.csv"})
    @DisplayName("fitted blend weights: held-out MSE within 2% of the best single member (XGBoost, LightGBM, ridge)")
    void blendIsNeverMuchWorseThanTheBestMember(String file) {
        Dataset d = candles(file);
        int n = d.rows();
        Dataset memberTrain = d.slice(0, n * 40 / 100);
        Dataset memberValidation = d.slice(n * 40 / 100 + HORIZON, n * 50 / 100);
        Dataset blendTrain = d.slice(n * 50 / 100 + HORIZON, n * 72 / 100);
        Dataset blendValidation = d.slice(n * 72 / 100 + HORIZON, n * 80 / 100);
        Dataset test = d.slice(n * 80 / 100 + HORIZON, n);

        InMemoryModelRegistry registry = new InMemoryModelRegistry(MutableClock.at("2024-01-01T00:00:00Z"));
        List<ModelType> types = List.of(ModelType.XGBOOST, ModelType.LIGHTGBM, RidgeTrainer.RIDGE);
        double[] memberMse = new double[types.size()];
        for (int j = 0; j < types.size(); j++) {
            ModelType t = types.get(j);
            Map<String, String> p = t.equals(RidgeTrainer.RIDGE) ? Map.of("lambda", "auto") : TREES;
            try (TrainedModel m = memberTrainer.train(t, memberTrain, memberValidation, p)) {
                register(registry, m, memberTrain, memberValidation, p);
                memberMse[j] = mse(m.predict(test), test);
            }
        }
        double best = Math.min(memberMse[0], Math.min(memberMse[1], memberMse[2]));
        double zero = mse(new double[test.rows()], test);
        StringBuilder line = new StringBuilder(String.format("%-8s test %d rows: MSE/zero xgboost %.4f lightgbm %.4f ridge %.4f",
                file.replace("_1h.csv", ""), test.rows(), memberMse[0] / zero, memberMse[1] / zero, memberMse[2] / zero));
        List<Double> blendMses = new java.util.ArrayList<>();
        List<EnsembleSpec.FitSource> sources = new java.util.ArrayList<>();
        for (EnsembleSpec.FitSource source : EnsembleSpec.FitSource.values()) {
            EnsembleTrainer trainer = new EnsembleTrainer(registry, memberTrainer, EnsembleSpec.fittedBlend(types).withFitSource(source));
            try (EnsembleModel blend = (EnsembleModel) trainer.train(ModelType.BLEND, blendTrain, blendValidation, Map.of())) {
                double blendMse = mse(blend.predict(test), test);
                line.append(String.format(" | %s blend %.4f (%+.2f%% vs best) w=%s", source.name().toLowerCase(), blendMse / zero,
                        100 * (blendMse / best - 1), fmt(blend.combination().coefficients())));
                blendMses.add(blendMse);
                sources.add(source);
            }
        }
        System.out.println(line);
        for (int k = 0; k < blendMses.size(); k++) {
            assertThat(blendMses.get(k)).as("%s %s blend MSE %.6g vs best member %.6g", file, sources.get(k), blendMses.get(k), best)
                    .isLessThanOrEqualTo(best * (1 + TOLERANCE));
        }
    }

    static void register(InMemoryModelRegistry registry, TrainedModel m, Dataset train, Dataset validation, Map<String, String> params) {
        byte[] b = m.serialize();
        TimeRange range = TimeRange.ofEpochMillis(train.timestamps()[0], validation.labelEndTimestamps()[validation.rows() - 1]);
        String version = m.type().name() + "-1";
        registry.save(new ModelArtifact(m.type(), version, ModelStatus.CANDIDATE, range.end(), range, train.rows(), Map.of(), Map.of(),
                params, m.provenance(), null, Checksums.sha256Hex(b), b.length, m.format(), null, null), b);
        registry.promote(m.type(), version, "test setup");
    }

    static double mse(double[] p, Dataset d) {
        double s = 0;
        for (int i = 0; i < p.length; i++) s += (p[i] - d.labels()[i]) * (p[i] - d.labels()[i]);
        return s / p.length;
    }

    static String fmt(double[] w) {
        StringBuilder sb = new StringBuilder("[");
        for (int j = 0; j < w.length; j++) sb.append(j == 0 ? "" : ",").append(String.format("%.2f", w[j]));
        return sb.append(']').toString();
    }
}
