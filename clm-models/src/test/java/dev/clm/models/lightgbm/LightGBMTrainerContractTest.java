package dev.clm.models.lightgbm;

import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.contract.ModelTrainerContract;
import java.util.Map;

class LightGBMTrainerContractTest extends ModelTrainerContract {
    @Override
    protected ModelTrainer createTrainer() {
        return new LightGBMTrainer();
    }

    @Override
    protected ModelType type() {
        return ModelType.LIGHTGBM;
    }

    @Override
    protected Map<String, String> fastParams() {
        return Map.of("num_rounds", "40", "learning_rate", "0.1", "max_depth", "4", "incremental_rounds", "10", "threads", "1");
    }
}
