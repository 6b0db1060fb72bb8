package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ModelType;
import dev.clm.api.UnknownModelException;
import dev.clm.api.contract.MutableClock;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.SyntheticDataClient;
import dev.clm.features.TechnicalFeatureEngineer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Training parameters are checked against the trainer's schema when the manager is built, not at the first cycle. */
class BuildTimeParamCheckTest {
    final MutableClock clock = MutableClock.at("2024-06-01T00:00:00Z");

    ContinuousLearningManager.Builder builder() {
        return ContinuousLearningManager.builder().clock(clock).dataClient(SyntheticDataClient.hourly(clock, 2))
                .featureEngineer(new TechnicalFeatureEngineer()).trainer(CompositeModelTrainer.trees());
    }

    @Test
    @DisplayName("a typo such as max_dept is refused at build time, naming the key and the known keys")
    void typoIsRefusedAtBuild() {
        assertThatThrownBy(() -> builder().trainingParams(ModelType.XGBOOST, Map.of("max_dept", "3")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max_dept").hasMessageContaining("max_depth")
                .hasMessageContaining("xgboost");
    }

    @Test
    @DisplayName("an out-of-range value is refused at build time, naming the parameter and the range")
    void outOfRangeIsRefusedAtBuild() {
        assertThatThrownBy(() -> builder().trainingParams(ModelType.LIGHTGBM, Map.of("learning_rate", "7")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("learning_rate").hasMessageContaining("7");
    }

    @Test
    @DisplayName("parameters for a type the manager does not manage are refused")
    void paramsForAnUnmanagedType() {
        assertThatThrownBy(() -> builder().modelTypes(List.of(ModelType.XGBOOST))
                .trainingParams(ModelType.LIGHTGBM, Map.of("num_leaves", "15")).build())
                .isInstanceOf(UnknownModelException.class).hasMessageContaining("lightgbm");
    }

    @Test
    @DisplayName("valid parameters build")
    void validParametersBuild() {
        ContinuousLearningManager m = builder().trainingParams(ModelType.XGBOOST, Map.of("max_depth", "4")).build();
        assertThat(m.modelTypes()).contains(ModelType.XGBOOST, ModelType.LIGHTGBM);
        m.shadowService().close();
    }
}
