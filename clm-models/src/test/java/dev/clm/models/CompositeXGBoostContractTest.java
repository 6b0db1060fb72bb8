package dev.clm.models;

import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.contract.ModelTrainerContract;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** The composite users build the manager with ({@code CompositeModelTrainer.trees()}) honours the trainer contract for XGBOOST. */
@DisplayName("CompositeModelTrainer.trees() dispatching to XGBOOST honours the ModelTrainer contract")
class CompositeXGBoostContractTest extends ModelTrainerContract {
    @Override
    protected ModelTrainer createTrainer() {
        return CompositeModelTrainer.trees();
    }

    @Override
    protected ModelType type() {
        return ModelType.XGBOOST;
    }

    @Override
    protected Map<String, String> fastParams() {
        return Map.of("num_rounds", "40", "learning_rate", "0.1", "max_depth", "4", "incremental_rounds", "10", "threads", "1");
    }
}
