package dev.clm.models.spark;

import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.contract.ModelTrainerContract;
import java.util.Map;

/** The Spark XGBoost trainer, on Spark local[2] with two XGBoost workers, honours the trainer contract. */
class SparkXGBoostTrainerContractTest extends ModelTrainerContract {

    @Override
    protected ModelTrainer createTrainer() {
        return new SparkXGBoostTrainer(LocalSpark.session(), 2);
    }

    @Override
    protected ModelType type() {
        return ModelType.XGBOOST;
    }

    @Override
    protected Map<String, String> fastParams() {
        return Map.of("num_rounds", "60", "learning_rate", "0.1", "max_depth", "4", "early_stopping_rounds", "10",
                "incremental_rounds", "20");
    }
}
