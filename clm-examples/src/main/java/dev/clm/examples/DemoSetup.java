package dev.clm.examples;

import dev.clm.api.FeatureEngineer;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.ensemble.EnsembleSpec;
import dev.clm.ensemble.EnsembleTrainer;
import dev.clm.features.FeatureConfig;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.models.nhits.NHitsTrainer;
import dev.clm.models.patchtst.PatchTstTrainer;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import dev.clm.online.OnlineTrainer;
import dev.clm.train.RidgeTrainer;
import java.util.List;
import java.util.Map;

/** Collaborators of the demo. */
final class DemoSetup {
    private DemoSetup() {}

    /** Symbols of the synthetic market. */
    static final int SYMBOLS = 20;

    /** Fewer, faster trees than the production defaults so the demo runs in seconds. */
    static final Map<String, String> TREE_PARAMS = Map.of("num_rounds", "200", "learning_rate", "0.05",
            "early_stopping_rounds", "20");

    /** Small, few-epoch networks on a 32-bar return window so the demo stays quick on a CPU. */
    static final Map<String, String> NHITS_PARAMS = Map.of("input_size", "32", "epochs", "3");
    static final Map<String, String> PATCHTST_PARAMS = Map.of("input_size", "32", "patch_length", "8", "stride", "4",
            "epochs", "3");

    /**
     * The online learner on every-bar rows with 12-bar labels: consecutive labels overlap, so a
     * step of about 1/horizon (the default 1 suits one row per independent closed trade).
     */
    static final Map<String, String> ONLINE_PARAMS = Map.of("eta0", "0.08");

    /** The model types in training order: the members before the blend that combines them. */
    static final List<ModelType> MODEL_TYPES = List.of(RidgeTrainer.RIDGE, ModelType.XGBOOST, ModelType.LIGHTGBM,
            ModelType.ONLINE, ModelType.NHITS, ModelType.PATCHTST, ModelType.BLEND);

    /**
     * Ridge (pure Java), XGBoost, LightGBM, the online learner, N-HiTS and PatchTST behind one
     * composite trainer, plus a blend of ridge, XGBoost, LightGBM and the online learner with
     * weights fitted (non-negative, summing to 1) on purged out-of-fold forecasts.
     */
    static ModelTrainer trainer(ModelRegistry registry) {
        ModelTrainer members = CompositeModelTrainer.builder().register(new RidgeTrainer()).register(new XGBoostTrainer())
                .register(new LightGBMTrainer()).register(new OnlineTrainer()).register(new NHitsTrainer())
                .register(new PatchTstTrainer()).build();
        EnsembleSpec blend = EnsembleSpec.fittedBlend(List.of(RidgeTrainer.RIDGE, ModelType.XGBOOST, ModelType.LIGHTGBM, ModelType.ONLINE));
        return new EnsembleTrainer(registry, members, blend).withMembers();
    }

    /** The default technical feature set (55 features) plus a 32-bar return window for the sequence models. */
    static FeatureEngineer featureEngineer() {
        return new TechnicalFeatureEngineer(FeatureConfig.builder().returnLags(32).build());
    }
}
