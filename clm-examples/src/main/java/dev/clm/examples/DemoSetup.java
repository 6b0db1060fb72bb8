package dev.clm.examples;

import dev.clm.api.FeatureEngineer;
import dev.clm.api.ModelTrainer;
import dev.clm.features.FeatureConfig;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.models.nhits.NHitsTrainer;
import dev.clm.models.patchtst.PatchTstTrainer;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import dev.clm.train.RidgeTrainer;
import java.util.Map;

/** Collaborators of the demo. */
final class DemoSetup {
    private DemoSetup() {}

    /** Fewer, faster trees than the production defaults so the demo runs in seconds. */
    static final Map<String, String> TREE_PARAMS = Map.of("num_rounds", "200", "learning_rate", "0.05",
            "early_stopping_rounds", "20");

    /** Small, few-epoch networks on a 32-bar return window so the demo stays quick on a CPU. */
    static final Map<String, String> NHITS_PARAMS = Map.of("input_size", "32", "epochs", "3");
    static final Map<String, String> PATCHTST_PARAMS = Map.of("input_size", "32", "patch_length", "8", "stride", "4",
            "epochs", "3");

    /** Ridge (pure Java), XGBoost, LightGBM, N-HiTS and PatchTST behind one composite trainer. */
    static ModelTrainer trainer() {
        return CompositeModelTrainer.builder().register(new RidgeTrainer()).register(new XGBoostTrainer())
                .register(new LightGBMTrainer()).register(new NHitsTrainer()).register(new PatchTstTrainer()).build();
    }

    /** The default technical feature set (55 features) plus a 32-bar return window for the sequence models. */
    static FeatureEngineer featureEngineer() {
        return new TechnicalFeatureEngineer(FeatureConfig.builder().returnLags(32).build());
    }
}
