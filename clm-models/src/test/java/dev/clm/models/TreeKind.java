package dev.clm.models;

import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.models.lightgbm.LightGBMModel;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.trees.FastTreePredictor;
import dev.clm.models.xgboost.XGBoostModel;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.util.function.Supplier;

/** The two tree kinds, for parameterized tests. */
public enum TreeKind {
    XGBOOST(ModelType.XGBOOST, XGBoostTrainer::new),
    LIGHTGBM(ModelType.LIGHTGBM, LightGBMTrainer::new);

    public final ModelType type;
    private final Supplier<ModelTrainer> trainer;

    TreeKind(ModelType type, Supplier<ModelTrainer> trainer) {
        this.type = type;
        this.trainer = trainer;
    }

    public ModelTrainer trainer() {
        return trainer.get();
    }

    public static FastTreePredictor fast(TrainedModel m) {
        if (m instanceof XGBoostModel x) return x.fastPredictor().orElseThrow();
        if (m instanceof LightGBMModel l) return l.fastPredictor().orElseThrow();
        throw new IllegalArgumentException(String.valueOf(m));
    }

    public static int trees(TrainedModel m) {
        if (m instanceof XGBoostModel x) return x.treeCount();
        if (m instanceof LightGBMModel l) return l.treeCount();
        throw new IllegalArgumentException(String.valueOf(m));
    }
}
