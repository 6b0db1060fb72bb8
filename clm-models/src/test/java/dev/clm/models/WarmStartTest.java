package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.TrainedModel;
import dev.clm.models.trees.FastTreePredictor;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An incremental model starts from its parent: same first trees, same predictions before extra rounds. */
class WarmStartTest {
    static final Map<String, String> BASE = Map.of("num_rounds", "40", "learning_rate", "0.1", "max_depth", "4",
            "early_stopping_rounds", "0", "threads", "1");

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("the incremental model's parent prefix predicts exactly what the parent predicts")
    void incrementalModelStartsFromTheParent(TreeKind kind) {
        Dataset[] s = SyntheticMarket.split(SyntheticMarket.planted(4000, 10, 21), 0.5, 0.2);
        Dataset newData = s[1], validation = s[2];
        ModelTrainer trainer = kind.trainer();
        try (TrainedModel parent = trainer.train(kind.type, s[0], s[1].slice(0, 200), BASE);
             TrainedModel child = trainer.trainIncremental(kind.type, parent, newData, validation,
                     Map.of("incremental_rounds", "15", "early_stopping_rounds", "0", "learning_rate", "0.1", "threads", "1"))) {
            int parentTrees = TreeKind.trees(parent);
            assertThat(parentTrees).isEqualTo(40);
            assertThat(TreeKind.trees(child)).isEqualTo(parentTrees + 15);
            FastTreePredictor p = TreeKind.fast(parent), c = TreeKind.fast(child);
            float[] row = new float[validation.columns()];
            boolean extraRoundsChangeSomething = false;
            for (int i = 0; i < validation.rows(); i++) {
                validation.row(i, row);
                assertThat(c.predict(row, parentTrees)).as("row %d before extra rounds", i).isEqualTo(p.predict(row));
                if (c.predict(row) != p.predict(row)) extraRoundsChangeSomething = true;
            }
            assertThat(extraRoundsChangeSomething).isTrue();
            assertThat(child.provenance()).containsEntry("mode", "incremental").containsEntry("parent.trees", "40")
                    .containsKey("parent.sha256");
        }
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("zero extra rounds gives a copy of the parent, and the parent keeps working after the child closes")
    void zeroExtraRoundsCopiesTheParent(TreeKind kind) {
        Dataset[] s = SyntheticMarket.split(SyntheticMarket.planted(3000, 8, 22), 0.5, 0.2);
        ModelTrainer trainer = kind.trainer();
        try (TrainedModel parent = trainer.train(kind.type, s[0], s[1], BASE)) {
            double[] before = parent.predict(s[2]);
            try (TrainedModel child = trainer.trainIncremental(kind.type, parent, s[1], s[2], Map.of("incremental_rounds", "0", "threads", "1"))) {
                assertThat(child.predict(s[2])).containsExactly(before);
            }
            assertThat(parent.predict(s[2])).containsExactly(before);
        }
    }

    @ParameterizedTest
    @EnumSource(TreeKind.class)
    @DisplayName("with early stopping, extra rounds that never help validation are dropped")
    void earlyStoppingKeepsOnlyHelpfulExtraRounds(TreeKind kind) {
        Dataset[] s = SyntheticMarket.split(SyntheticMarket.randomWalk(3000, 8, 23), 0.5, 0.2);
        ModelTrainer trainer = kind.trainer();
        try (TrainedModel parent = trainer.train(kind.type, s[0], s[1], BASE);
             TrainedModel child = trainer.trainIncremental(kind.type, parent, s[1], s[2],
                     Map.of("incremental_rounds", "50", "early_stopping_rounds", "5", "learning_rate", "0.3", "threads", "1"))) {
            assertThat(TreeKind.trees(child)).isBetween(TreeKind.trees(parent), TreeKind.trees(parent) + 50);
            int kept = TreeKind.trees(child) - TreeKind.trees(parent);
            assertThat(child.provenance().get("trees")).isEqualTo(Integer.toString(TreeKind.trees(child)));
            assertThat(kept).isLessThan(50);
        }
    }
}
