package dev.clm.models.spark;

import dev.clm.api.ModelTrainer;
import java.io.Serializable;

/**
 * Builds the trainer that runs inside a Spark task (trainers hold native state and are not
 * serializable; their recipe is), e.g. {@code CompositeModelTrainer::trees}. Called once per task.
 */
@FunctionalInterface
public interface TrainerFactory extends Serializable {
    ModelTrainer create();
}
