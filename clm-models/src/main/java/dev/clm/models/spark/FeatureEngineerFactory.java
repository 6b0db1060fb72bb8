package dev.clm.models.spark;

import dev.clm.api.FeatureEngineer;
import java.io.Serializable;

/**
 * Builds the feature engineer on each executor (engineers are not serializable; their recipe is).
 * Typically {@code () -> TechnicalFeatureEngineer.fromConfig(config)} with {@code config} a copy
 * of the engineer's {@link FeatureEngineer#config()}, so executors compute the very features the
 * driver's engineer would.
 */
@FunctionalInterface
public interface FeatureEngineerFactory extends Serializable {
    FeatureEngineer create();
}
