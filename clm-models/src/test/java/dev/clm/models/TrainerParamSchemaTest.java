package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.InvalidParameterException;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.ensemble.EnsembleSpec;
import dev.clm.ensemble.EnsembleTrainer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.nhits.NHitsTrainer;
import dev.clm.models.patchtst.PatchTstTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import dev.clm.online.OnlineTrainer;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.train.RidgeTrainer;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every production trainer declares its parameters in one {@link ParamSchema} that the manager's build-time check uses. */
class TrainerParamSchemaTest {

    static Stream<Arguments> trainers() {
        ModelTrainer members = CompositeModelTrainer.builder().register(new XGBoostTrainer())
                .register(new LightGBMTrainer()).build();
        EnsembleTrainer ensembles = new EnsembleTrainer(new InMemoryModelRegistry(Clock.systemUTC()), members,
                EnsembleSpec.fittedBlend(List.of(ModelType.XGBOOST, ModelType.LIGHTGBM)),
                EnsembleSpec.stack(List.of(ModelType.XGBOOST, ModelType.LIGHTGBM)));
        return Stream.of(
                Arguments.of(new RidgeTrainer(), RidgeTrainer.RIDGE, "lambda", "-1"),
                Arguments.of(new OnlineTrainer(), ModelType.ONLINE, "decay", "1.5"),
                Arguments.of(new XGBoostTrainer(), ModelType.XGBOOST, "max_depth", "0"),
                Arguments.of(new LightGBMTrainer(), ModelType.LIGHTGBM, "max_depth", "31"),
                Arguments.of(new NHitsTrainer(), ModelType.NHITS, "batch_size", "0"),
                Arguments.of(new PatchTstTrainer(), ModelType.PATCHTST, "heads", "65"),
                Arguments.of(ensembles, ModelType.BLEND, "folds", "1"),
                Arguments.of(ensembles, ModelType.STACK, "meta_lambda", "-0.5"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("trainers")
    void declaresASchemaWhoseDefaultsValidate(ModelTrainer trainer, ModelType type, String key, String badValue) {
        ParamSchema schema = trainer.paramSchema(type);
        assertThat(schema.isUndeclared()).isFalse();
        assertThat(schema.type()).isEqualTo(type);
        assertThat(schema.params()).containsKey(key);
        assertThat(schema.defaults()).isNotEmpty().isEqualTo(trainer.defaultParams(type));
        trainer.checkParams(type, schema.defaults());
        trainer.checkParams(type, Map.of());
        assertThat(schema.resolve(Map.of()).asMap()).isEqualTo(schema.defaults());
        schema.params().values().forEach(p -> assertThat(p.description()).as(p.name()).isNotBlank());
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("trainers")
    void refusesAnUnknownKeyListingTheKnownOnes(ModelTrainer trainer, ModelType type, String key, String badValue) {
        Map<String, String> params = new HashMap<>(trainer.defaultParams(type));
        params.put("max_dept", "7");
        assertThatThrownBy(() -> trainer.checkParams(type, params))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.name()).isEqualTo("max_dept");
                    assertThat(e.value()).isEqualTo("7");
                    assertThat(e.type()).isEqualTo(type);
                })
                .hasMessageContaining("max_dept").hasMessageContaining(key);
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("trainers")
    void refusesAnOutOfRangeValueNamingKeyValueAndRange(ModelTrainer trainer, ModelType type, String key, String badValue) {
        String expected = trainer.paramSchema(type).params().get(key).expected();
        assertThatThrownBy(() -> trainer.checkParams(type, Map.of(key, badValue)))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.name()).isEqualTo(key);
                    assertThat(e.value()).isEqualTo(badValue);
                    assertThat(e.expected()).isEqualTo(expected).containsPattern("[\\[(].*, .*[)\\]]");
                })
                .hasMessageContaining("'" + key + "'").hasMessageContaining("'" + badValue + "'").hasMessageContaining(expected);
    }
}
