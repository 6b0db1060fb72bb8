package dev.clm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParamSchemaTest {
    enum Mode { FAST, SLOW }

    private final ModelType type = ModelType.of("demo");
    private final ParamSchema schema = ParamSchema.builder(type)
            .intParam("depth", 7, 1, 30, "tree depth")
            .longParam("seed", 42, 0, Long.MAX_VALUE, "seed")
            .doubleParam("rate", 0.5, ParamSchema.Range.open(0, 1), "rate")
            .doubleParam("clip", Double.POSITIVE_INFINITY, new ParamSchema.Range(0, true, Double.POSITIVE_INFINITY, false), "clip")
            .booleanParam("verbose", false, "log more")
            .enumParam("mode", Mode.FAST, "speed")
            .choiceParam("objective", "reg:squarederror", Set.of("reg:squarederror", "reg:absoluteerror"), "loss")
            .intListParam("kernels", "4,2,1", 1, 64, "kernels")
            .add(new ParamSchema.Param("lambda", ParamSchema.Kind.DOUBLE, "auto", ParamSchema.Range.atLeast(0), Set.of("auto"), null, "penalty"))
            .tag("shape", "depth", "kernels")
            .rule(p -> {
                if (p.intValue("depth") > 20 && p.booleanValue("verbose")) throw new IllegalArgumentException("depth > 20 with verbose");
            })
            .build();

    @Test
    void defaultsResolveAndValuesAreNormalisedAndTyped() {
        assertThat(schema.defaults()).containsEntry("depth", "7").containsEntry("clip", "Infinity").containsEntry("mode", "fast");
        ResolvedParams p = schema.resolve(Map.of("depth", " 09 ", "mode", "SLOW", "verbose", "TRUE", "kernels", "8, 2", "lambda", "0.3"));
        assertThat(p.intValue("depth")).isEqualTo(9);
        assertThat(p.string("depth")).isEqualTo("9");
        assertThat(p.enumValue("mode", Mode.class)).isEqualTo(Mode.SLOW);
        assertThat(p.booleanValue("verbose")).isTrue();
        assertThat(p.intList("kernels")).containsExactly(8, 2);
        assertThat(p.doubleValue("lambda")).isEqualTo(0.3);
        assertThat(p.longValue("seed")).isEqualTo(42);
        assertThat(schema.resolve(Map.of()).string("lambda")).isEqualTo("auto");
        assertThat(schema.namesTagged("shape")).containsExactly("depth", "kernels");
    }

    @Test
    void unknownKeysListTheKnownOnes() {
        assertThatThrownBy(() -> schema.validate(Map.of("max_dept", "3")))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.name()).isEqualTo("max_dept");
                    assertThat(e.expected()).contains("depth", "rate", "kernels");
                })
                .hasMessageContaining("unknown parameter 'max_dept' for demo").hasMessageContaining("depth");
    }

    @Test
    void badValuesNameKeyValueAndRange() {
        assertThatThrownBy(() -> schema.validate(Map.of("depth", "31"))).isInstanceOf(InvalidParameterException.class)
                .hasMessage("parameter 'depth' of demo was '31', out of range; expected an integer in [1, 30]");
        assertThatThrownBy(() -> schema.validate(Map.of("depth", "deep")))
                .hasMessage("parameter 'depth' of demo was 'deep', expected an integer in [1, 30]");
        assertThatThrownBy(() -> schema.validate(Map.of("depth", "4294967297"))).hasMessageContaining("[1, 30]");
        assertThatThrownBy(() -> schema.validate(Map.of("rate", "1"))).hasMessageContaining("a finite number in (0, 1)");
        assertThatThrownBy(() -> schema.validate(Map.of("rate", "NaN"))).hasMessageContaining("'rate'");
        assertThatThrownBy(() -> schema.validate(Map.of("clip", "0"))).hasMessageContaining("a number in (0, Infinity]");
        assertThatThrownBy(() -> schema.validate(Map.of("lambda", "Infinity"))).hasMessageContaining("'auto' or a finite number in [0, Infinity)");
        assertThatThrownBy(() -> schema.validate(Map.of("lambda", "-1"))).hasMessageContaining("'lambda'");
        assertThatThrownBy(() -> schema.validate(Map.of("verbose", "yes"))).hasMessageContaining("true or false");
        assertThatThrownBy(() -> schema.validate(Map.of("mode", "medium"))).hasMessageContaining("one of [fast, slow]");
        assertThatThrownBy(() -> schema.validate(Map.of("objective", "REG:SQUAREDERROR"))).hasMessageContaining("objective");
        assertThatThrownBy(() -> schema.validate(Map.of("kernels", "4,x"))).hasMessageContaining("'kernels'").hasMessageContaining("'4,x'");
        assertThatThrownBy(() -> schema.validate(Map.of("kernels", "4,0"))).hasMessageContaining("each in [1, 64]");
        assertThatThrownBy(() -> schema.validate(Map.of("depth", " "))).hasMessageContaining("'depth'");
        assertThatThrownBy(() -> schema.validate(Map.of("depth", "25", "verbose", "true")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depth > 20");
        assertThat(schema.params().get("clip").expected()).isEqualTo("a number in (0, Infinity]");
    }

    @Test
    void defaultsAreCheckedWhenBuilt() {
        assertThatThrownBy(() -> ParamSchema.builder(type).intParam("depth", 0, 1, 30, "d").build())
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("'depth'");
        assertThatThrownBy(() -> ParamSchema.builder(type).intParam("a", 1, 0, 9, "").intParam("a", 2, 0, 9, "").build())
                .hasMessageContaining("declared twice");
    }

    @Test
    void anUndeclaredSchemaChecksNothing() {
        ParamSchema open = ParamSchema.undeclared(type);
        assertThat(open.isUndeclared()).isTrue();
        assertThat(open.defaults()).isEmpty();
        assertThat(open.resolve(Map.of("anything", "x")).string("anything")).isEqualTo("x");
        ModelTrainer custom = new ModelTrainer() {
            @Override public java.util.Set<ModelType> supportedTypes() { return Set.of(type); }
            @Override public TrainedModel train(ModelType t, Dataset a, Dataset b, Map<String, String> p) { throw new UnsupportedOperationException(); }
            @Override public TrainedModel trainIncremental(ModelType t, TrainedModel m, Dataset a, Dataset b, Map<String, String> p) { throw new UnsupportedOperationException(); }
            @Override public TrainedModel load(ModelType t, byte[] bytes) { throw new UnsupportedOperationException(); }
        };
        custom.checkParams(type, Map.of("whatever", "1"));
        assertThat(custom.defaultParams(type)).isEmpty();
    }
}
