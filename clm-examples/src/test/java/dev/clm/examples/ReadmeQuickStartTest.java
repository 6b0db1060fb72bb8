package dev.clm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.CycleReport;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelType;
import dev.clm.config.ConfigLoader;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.jdbc.ClmDatabase;
import dev.clm.models.CompositeModelTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quick start runs as written: the statements between the markers below are the
 * README's Java block line for line (comments and indentation aside), except that the database
 * opens in a temporary folder instead of ./clm-data.
 */
class ReadmeQuickStartTest {
    private static final String TEST_ONLY_DIFFERENCE = ".dataDirectory(dir)";

    @Test
    @DisplayName("the quick start builds a manager on the embedded database, runs a cycle and closes")
    void quickStartRunsAsWritten(@TempDir Path dir) {
        long hour = 3_600_000L;
        long first = (System.currentTimeMillis() / hour - 3) * hour;
        long[] openTimesMillis = {first, first + hour, first + 2 * hour};
        double[] open = {100, 101, 102}, high = {101, 102, 103}, low = {99, 100, 101}, close = {101, 102, 102.5};
        double[] volume = {5, 6, 7};
        // --- README quick start ---
        Clock clock = Clock.systemUTC();
        ClmDatabase db = ClmDatabase.builder().clock(clock).dataDirectory(dir).open();
        ContinuousLearningManager clm = ContinuousLearningManager.builder()
                .stores(db)
                .config(ConfigLoader.fromEnvironment())
                .dataClient(db.dataClient())
                .featureEngineer(new TechnicalFeatureEngineer())
                .trainer(CompositeModelTrainer.trees())
                .build();

        db.dataClient().writeBars(new BarSeries("BTCUSDT", openTimesMillis, open, high, low, close, volume));

        clm.start();
        CycleReport report = clm.runFullCycle(false, clm.modelTypes());
        Optional<LoadedModel> active = clm.loadActiveModel(ModelType.XGBOOST);
        active.ifPresent(LoadedModel::close);
        clm.close();
        db.close();
        // --- end ---

        assertThat(clm.modelTypes()).containsExactly(ModelType.LIGHTGBM, ModelType.XGBOOST);
        assertThat(clm.clock()).isSameAs(clock);
        // an empty database: the cycle reports that it had no data instead of throwing
        assertThat(report.status()).isIn(CycleReport.Status.FAILED, CycleReport.Status.SKIPPED);
        assertThat(active).isEmpty();
        assertThat(clm.autopilot().isRunning()).isFalse();
        assertThat(clm.autopilot().isClosed()).isTrue();
    }

    @Test
    @DisplayName("the README's quick-start block is the code the test above runs")
    void readmeBlockIsWhatTheTestRuns() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int section = readme.indexOf("## Quick start for a trading engine");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        List<String> documented = statements(readme.substring(start, readme.indexOf("```", start)));

        String source = Files.readString(Path.of("src/test/java/dev/clm/examples/ReadmeQuickStartTest.java"));
        int from = source.indexOf("// --- README quick start ---\n") + "// --- README quick start ---\n".length();
        List<String> tested = statements(source.substring(from, source.indexOf("// --- end ---", from)).replace(TEST_ONLY_DIFFERENCE, ""));
        assertThat(tested).isEqualTo(documented);
    }

    /** The code lines without comments, indentation or blank lines. */
    private static List<String> statements(String code) {
        List<String> out = new ArrayList<>();
        for (String line : code.split("\n")) {
            int comment = line.indexOf("//");
            String s = (comment >= 0 ? line.substring(0, comment) : line).strip();
            if (!s.isEmpty()) out.add(s);
        }
        return out;
    }
}
