package dev.clm.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.api.UnknownModelException;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompositeModelTrainerTest {
    static final Map<String, String> FAST = Map.of("num_rounds", "10", "learning_rate", "0.2", "max_depth", "3", "threads", "1");
    final Dataset all = SyntheticMarket.wide(1200, 6, 4, 1_700_000_000_000L);
    final Dataset train = all.slice(0, 1000), validation = all.slice(1000, 1200);

    @Test
    void dispatchesEachTypeToItsTrainer() {
        try (CompositeModelTrainer c = CompositeModelTrainer.trees()) {
            assertThat(c.supportedTypes()).containsExactlyInAnyOrder(ModelType.XGBOOST, ModelType.LIGHTGBM);
            for (ModelType type : List.of(ModelType.XGBOOST, ModelType.LIGHTGBM)) {
                assertThat(c.defaultParams(type)).containsEntry("num_rounds", "500").containsEntry("max_depth", "7");
                try (TrainedModel m = c.train(type, train, validation, FAST);
                     TrainedModel loaded = c.load(type, m.serialize())) {
                    assertThat(m.type()).isEqualTo(type);
                    assertThat(loaded.predict(validation)).containsExactly(m.predict(validation));
                }
            }
        }
    }

    @Test
    void anEngineCanPlugInItsOwnKind() {
        ModelType custom = ModelType.of("my_mean");
        MeanTrainer mine = new MeanTrainer(custom);
        CompositeModelTrainer c = CompositeModelTrainer.builder().register(new XGBoostTrainer()).register(mine).build();
        try (TrainedModel m = c.train(custom, train, validation, Map.of())) {
            assertThat(m.predict(new float[6])).isEqualTo(mine.mean(train));
        }
        assertThat(mine.calls.get()).isEqualTo(1);
        c.close();
        assertThat(mine.closed.get()).isEqualTo(1);
    }

    @Test
    void unknownTypeNamesTheTypeAndTheKnownOnes() {
        CompositeModelTrainer c = CompositeModelTrainer.builder().register(new XGBoostTrainer()).build();
        assertThatThrownBy(() -> c.train(ModelType.LIGHTGBM, train, validation, FAST)).isInstanceOf(UnknownModelException.class)
                .hasMessageContaining("lightgbm").hasMessageContaining("xgboost");
    }

    @Test
    void registeringATypeTwiceNeedsReplace() {
        CompositeModelTrainer.Builder b = CompositeModelTrainer.builder().register(new XGBoostTrainer());
        assertThatThrownBy(() -> b.register(new XGBoostTrainer())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has a trainer");
        assertThatThrownBy(() -> b.register(ModelType.LIGHTGBM, new XGBoostTrainer())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not support");
        XGBoostTrainer replacement = new XGBoostTrainer();
        assertThat(b.replace(ModelType.XGBOOST, replacement).build().trainerFor(ModelType.XGBOOST)).isSameAs(replacement);
    }

    @Test
    void incrementalBaseMustBeOfTheRequestedType() {
        try (CompositeModelTrainer c = CompositeModelTrainer.trees();
             TrainedModel x = c.train(ModelType.XGBOOST, train, validation, FAST)) {
            assertThatThrownBy(() -> c.trainIncremental(ModelType.LIGHTGBM, x, train, validation, FAST))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xgboost");
        }
    }

    /** A custom kind: predicts the training mean. */
    static final class MeanTrainer implements ModelTrainer, AutoCloseable {
        final ModelType type;
        final AtomicInteger calls = new AtomicInteger(), closed = new AtomicInteger();

        MeanTrainer(ModelType type) {
            this.type = type;
        }

        double mean(Dataset d) {
            double s = 0;
            for (float v : d.labels()) s += v;
            return s / d.rows();
        }

        @Override
        public Set<ModelType> supportedTypes() {
            return Set.of(type);
        }

        @Override
        public TrainedModel train(ModelType t, Dataset tr, Dataset v, Map<String, String> params) {
            calls.incrementAndGet();
            double mean = mean(tr);
            List<String> names = tr.featureNames();
            return new TrainedModel() {
                public ModelType type() { return type; }
                public List<String> featureNames() { return names; }
                public double predict(float[] row) { return mean; }
                public double[] predict(Dataset data) { return new double[data.rows()]; }
                public byte[] serialize() { return Double.toString(mean).getBytes(); }
                public String format() { return "text"; }
                public void close() {}
            };
        }

        @Override
        public TrainedModel trainIncremental(ModelType t, TrainedModel base, Dataset d, Dataset v, Map<String, String> p) {
            return train(t, d, v, p);
        }

        @Override
        public TrainedModel load(ModelType t, byte[] bytes) {
            throw new IllegalArgumentException("not needed here");
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }
}
