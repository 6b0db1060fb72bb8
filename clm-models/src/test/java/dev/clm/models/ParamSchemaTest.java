package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamSchemaTest {
    @Test
    void defaultsAreTheReferenceConfiguration() {
        for (ParamSchema s : List.of(XGBoostTrainer.schema(), LightGBMTrainer.schema())) {
            assertThat(s.defaults()).containsEntry("num_rounds", "500").containsEntry("max_depth", "7")
                    .containsEntry("learning_rate", "0.01").containsEntry("subsample", "0.8").containsEntry("seed", "42")
                    .containsEntry("early_stopping_rounds", "50")
                    .containsEntry("threads", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        }
    }

    @Test
    void overridesAreMergedAndValidated() {
        ResolvedParams p = XGBoostTrainer.schema().resolve(Map.of("max_depth", " 5 ", "learning_rate", "0.1"));
        assertThat(p.intValue("max_depth")).isEqualTo(5);
        assertThat(p.doubleValue("learning_rate")).isEqualTo(0.1);
        assertThat(p.intValue("num_rounds")).isEqualTo(500);
        assertThatThrownBy(() -> XGBoostTrainer.schema().resolve(Map.of("max_depth", "0")))
                .hasMessageContaining("max_depth").hasMessageContaining("[1, 30]");
        // binary:logistic is the direction objective (DirectionObjectiveTest); other link functions stay unsupported
        assertThatThrownBy(() -> XGBoostTrainer.schema().resolve(Map.of("objective", "count:poisson")))
                .hasMessageContaining("objective").hasMessageContaining("reg:squarederror");
        assertThatThrownBy(() -> LightGBMTrainer.schema().resolve(Map.of("eta", "0.1")))
                .hasMessageContaining("unknown parameter 'eta'").hasMessageContaining("learning_rate");
        assertThatThrownBy(() -> LightGBMTrainer.schema().resolve(Map.of("learning_rate", "NaN")))
                .hasMessageContaining("finite");
    }
}
