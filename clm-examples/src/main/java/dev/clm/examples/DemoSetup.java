package dev.clm.examples;

import dev.clm.api.FeatureEngineer;
import dev.clm.api.ModelTrainer;
import dev.clm.features.TechnicalFeatureEngineer;
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

    /** Ridge (pure Java), XGBoost and LightGBM behind one composite trainer. */
    static ModelTrainer trainer() {
        return CompositeModelTrainer.builder().register(new RidgeTrainer()).register(new XGBoostTrainer())
                .register(new LightGBMTrainer()).build();
    }

    /** The default technical feature set (55 features, forward return over 12 bars). */
    static FeatureEngineer featureEngineer() {
        return new TechnicalFeatureEngineer();
    }
}
