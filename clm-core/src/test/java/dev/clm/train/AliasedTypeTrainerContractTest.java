package dev.clm.train;

import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.contract.ModelTrainerContract;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;

/** A cadence type trained through the alias wrapper honours the trainer contract under its own name. */
@DisplayName("AliasedTypeTrainer (ridge.weekly as ridge) honours the ModelTrainer contract")
class AliasedTypeTrainerContractTest extends ModelTrainerContract {
    static final ModelType WEEKLY = ModelType.of("ridge.weekly");

    @Override
    protected ModelTrainer createTrainer() {
        return new AliasedTypeTrainer(new RidgeTrainer(), Map.of(WEEKLY, RidgeTrainer.RIDGE));
    }

    @Override
    protected ModelType type() {
        return WEEKLY;
    }
}
