package dev.clm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.ModelType;
import dev.clm.config.ConfigLoader;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.jdbc.ClmDatabase;
import dev.clm.models.CompositeModelTrainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, as written there (with a temporary data folder), builds a working manager. */
class ReadmeQuickStartTest {
    @Test
    void quickStartBuildsAManagerOnTheEmbeddedDatabase(@TempDir Path dir) {
        try (ClmDatabase db = ClmDatabase.builder().dataDirectory(dir).open();
             CompositeModelTrainer trees = CompositeModelTrainer.trees()) {
            ContinuousLearningManager clm = ContinuousLearningManager.builder()
                    .clock(Clock.systemUTC())
                    .config(ConfigLoader.load(null, Map.of()))
                    .dataClient(db.dataClient())
                    .featureEngineer(new TechnicalFeatureEngineer())
                    .trainer(trees)
                    .registry(db.registry())
                    .jobStore(db.retrainingJobs())
                    .shadowResultStore(db.shadowResults())
                    .driftEventStore(db.driftEvents())
                    .performanceLogStore(db.performanceLogs())
                    .build();
            long hour = 3_600_000L;
            long first = (System.currentTimeMillis() / hour - 3) * hour;
            long[] openTimesMillis = {first, first + hour, first + 2 * hour};
            double[] open = {100, 101, 102}, high = {101, 102, 103}, low = {99, 100, 101}, close = {101, 102, 102.5};
            double[] volume = {5, 6, 7};
            db.dataClient().writeBars(new BarSeries("BTCUSDT", openTimesMillis, open, high, low, close, volume));
            assertThat(clm.dataClient().loadRecentData(Duration.ofDays(1)).get("BTCUSDT").orElseThrow().size()).isEqualTo(3);
            assertThat(clm.modelTypes()).containsExactly(ModelType.LIGHTGBM, ModelType.XGBOOST);
            assertThat(clm.loadActiveModel(ModelType.XGBOOST)).isEmpty();
            assertThat(clm.getModelStatusSummary()).hasSize(2);
            clm.shadowService().close();
        }
    }
}
