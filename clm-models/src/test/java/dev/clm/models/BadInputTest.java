package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelTrainer;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bad input fails before any native call, with a typed exception that says what and where. */
class BadInputTest {
    static final Map<String, String> FAST = Map.of("num_rounds", "10", "learning_rate", "0.2", "max_depth", "3", "threads", "1");
    Dataset train, validation;

    @BeforeEach
    void data() {
        Dataset all = SyntheticMarket.wide(1200, 6, 4, 1_700_000_000_000L);
        train = all.slice(0, 1000);
        validation = all.slice(1000, 1200);
    }

    @Nested
    @DisplayName("training input")
    class Training {
        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void emptySplitsAreNamed(TreeKind kind) {
            ModelTrainer t = kind.trainer();
            assertThatThrownBy(() -> t.train(kind.type, train.slice(0, 0), validation, FAST))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("train split is empty");
            assertThatThrownBy(() -> t.train(kind.type, train, validation.slice(0, 0), FAST))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("validation split is empty");
        }

        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void infiniteFeatureIsNamedWithRowAndColumn(TreeKind kind) {
            float[] x = train.features().clone();
            x[7 * 6 + 2] = Float.POSITIVE_INFINITY;
            Dataset bad = new Dataset(train.featureNames(), train.symbols(), train.timestamps(), train.labelEndTimestamps(),
                    train.symbolIds(), x, train.labels(), null);
            assertThatThrownBy(() -> kind.trainer().train(kind.type, bad, validation, FAST))
                    .isInstanceOfSatisfying(InvalidDataException.class, e -> {
                        assertThat(e.row()).isEqualTo(7);
                        assertThat(e.field()).isEqualTo("f2");
                    });
        }

        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void validationBeforeTrainIsRejected(TreeKind kind) {
            assertThatThrownBy(() -> kind.trainer().train(kind.type, validation, train, FAST))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("validation starts at");
        }

        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void outOfRangeParameterNamesNameValueAndRange(TreeKind kind) {
            Map<String, String> p = new HashMap<>(FAST);
            p.put("subsample", "1.5");
            assertThatThrownBy(() -> kind.trainer().train(kind.type, train, validation, p))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subsample").hasMessageContaining("1.5")
                    .hasMessageContaining("[0.001, 1]");
            p.put("subsample", "abc");
            assertThatThrownBy(() -> kind.trainer().train(kind.type, train, validation, p))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subsample");
        }

        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void baseOfAnotherKindIsRejected(TreeKind kind) {
            TreeKind other = kind == TreeKind.XGBOOST ? TreeKind.LIGHTGBM : TreeKind.XGBOOST;
            try (TrainedModel foreign = other.trainer().train(other.type, train, validation, FAST)) {
                assertThatThrownBy(() -> kind.trainer().trainIncremental(kind.type, foreign, validation, validation, FAST))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base must be");
            }
        }
    }

    @Nested
    @DisplayName("loading and predicting")
    class Models {
        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void garbageAndForeignBytesAreRejected(TreeKind kind) {
            ModelTrainer t = kind.trainer();
            assertThatThrownBy(() -> t.load(kind.type, new byte[] {1, 2, 3, 4, 5, 6}))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("CLMM");
            TreeKind other = kind == TreeKind.XGBOOST ? TreeKind.LIGHTGBM : TreeKind.XGBOOST;
            try (TrainedModel foreign = other.trainer().train(other.type, train, validation, FAST)) {
                byte[] bytes = foreign.serialize();
                assertThatThrownBy(() -> t.load(kind.type, bytes)).isInstanceOf(InvalidDataException.class)
                        .hasMessageContaining(foreign.format());
                byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length / 2);
                assertThatThrownBy(() -> other.trainer().load(other.type, truncated)).isInstanceOf(InvalidDataException.class);
            }
        }

        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void predictionDatasetWithOtherFeaturesIsRejected(TreeKind kind) {
            try (TrainedModel m = kind.trainer().train(kind.type, train, validation, FAST)) {
                Dataset renamed = new Dataset(List.of("f0", "f1", "f2", "f3", "f4", "other"), validation.symbols(), validation.timestamps(),
                        validation.labelEndTimestamps(), validation.symbolIds(), validation.features(), validation.labels(), null);
                assertThatThrownBy(() -> m.predict(renamed)).isInstanceOf(InvalidDataException.class)
                        .hasMessageContaining("'other'").hasMessageContaining("'f5'");
            }
        }

        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void everyCallAfterCloseFails(TreeKind kind) {
            TrainedModel m = kind.trainer().train(kind.type, train, validation, FAST);
            m.close();
            assertThatThrownBy(m::serialize).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> m.predict(validation)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> kind.trainer().trainIncremental(kind.type, m, train, validation, FAST))
                    .isInstanceOf(IllegalStateException.class);
        }

        @ParameterizedTest
        @EnumSource(TreeKind.class)
        void unknownTypeIsAnUnknownModelException(TreeKind kind) {
            assertThatThrownBy(() -> kind.trainer().load(dev.clm.api.ModelType.of("nope"), new byte[8]))
                    .isInstanceOf(UnknownModelException.class).hasMessageContaining("nope");
        }
    }
}
