package dev.clm.examples;

import dev.clm.http.CycleReports;
import dev.clm.api.CycleReport;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.SyntheticDataClient;
import dev.clm.jdbc.ClmDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The whole lifecycle on the embedded defaults: initial training, evaluation, registration,
 * shadow test and promotion; eight days later the TIME trigger and a second cycle, a third a
 * week after that, the version history; then a rollback of every type that replaced a version. Time is a settable clock, so the week passes at once.
 */
public final class LifecycleDemo {
    private LifecycleDemo() {}

    public static void main(String[] args) throws IOException {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 7;
        SettableClock clock = new SettableClock(Instant.parse("2024-06-01T00:00:00Z"));
        // Embedded default persistence: an H2 file database and artifact files in a fresh folder per run.
        Path dataDir = Files.createTempDirectory("clm-demo-");
        try (ClmDatabase db = ClmDatabase.builder().dataDirectory(dataDir).clock(clock).open()) {
            run(seed, clock, db, dataDir);
        }
    }

    private static Path writeReport(ContinuousLearningManager manager, CycleReport report, Path dataDir) {
        try {
            return CycleReports.write(report, manager.journal().traces(report.jobId()), dataDir.resolve("reports"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the cycle report under " + dataDir, e);
        }
    }

    private static void run(long seed, SettableClock clock, ClmDatabase db, Path dataDir) {
        Console console = new Console(System.out);
        // twenty symbols: the decision statistics count a timestamp once and 12-bar labels overlap, so five symbols'
        // two-week test split holds about 22 independent observations, too few to confirm this market's modest signal
        List<String> symbols = new java.util.ArrayList<>();
        for (int i = 0; i < DemoSetup.SYMBOLS; i++) symbols.add(String.format("SYN%02d", i));
        SyntheticDataClient data = new SyntheticDataClient(clock, seed, symbols, Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1));
        ContinuousLearningManager manager = ContinuousLearningManager.builder()
                .registry(db.registry())
                .jobStore(db.retrainingJobs())
                .clock(clock)
                .config(ClmConfig.defaults())
                .dataClient(data)
                .featureEngineer(DemoSetup.featureEngineer())
                .trainer(DemoSetup.trainer(db.registry()))
                .modelTypes(DemoSetup.MODEL_TYPES)
                .trainingParams(ModelType.ONLINE, DemoSetup.ONLINE_PARAMS)
                .trainingParams(ModelType.XGBOOST, DemoSetup.TREE_PARAMS)
                .trainingParams(ModelType.LIGHTGBM, DemoSetup.TREE_PARAMS)
                .trainingParams(ModelType.NHITS, DemoSetup.NHITS_PARAMS)
                .trainingParams(ModelType.PATCHTST, DemoSetup.PATCHTST_PARAMS)
                .build();
        List<ModelType> models = manager.modelTypes();

        console.title("clm demo  |  " + clock.instant() + "  |  symbols " + data.symbols() + " (synthetic, seed " + seed + ")");
        console.line("registry: embedded H2 + artifact files in " + dataDir);
        console.line("models: " + models + "   lookback " + manager.config().trainingLookback().toDays() + "d, retrain interval "
                + manager.config().retrainInterval().toDays() + "d, min improvement " + manager.config().minImprovement());
        console.status(manager.getModelStatusSummary());

        console.title("cycle 1: forced full retrain");
        CycleReport first = manager.runFullCycle(true, models);
        console.report(first);
        console.line("cycle report (HTML with charts, JSON beside it): " + writeReport(manager, first, dataDir));
        console.status(manager.getModelStatusSummary());

        clock.advance(Duration.ofDays(8));
        console.title("8 days later (" + clock.instant() + "): which triggers fire?");
        console.triggers(manager.checkIfRetrainNeeded());

        console.title("cycle 2: scheduled (not forced)");
        CycleReport second = manager.runFullCycle(false, models);
        console.report(second);
        console.status(manager.getModelStatusSummary());

        clock.advance(Duration.ofDays(7));
        console.title("a week later (" + clock.instant() + "): cycle 3");
        console.triggers(manager.checkIfRetrainNeeded());
        console.report(manager.runFullCycle(false, models));
        console.status(manager.getModelStatusSummary());

        console.title("version history");
        for (ModelType t : models) console.history(t, manager.registry().history(t, 10));

        console.title("rollback");
        for (ModelType t : models) {
            Optional<ModelArtifact> retired = manager.registry().findByStatus(t, ModelStatus.RETIRED).stream().findFirst();
            if (retired.isEmpty()) {
                console.line(t + ": no RETIRED version to roll back to (the active model was never replaced)");
                continue;
            }
            PromotionResult r = manager.rollback(t, retired.get().version());
            console.line(t + ": rolled back " + r.oldVersion() + " -> " + r.newVersion() + " (the replaced version is RETIRED, never deleted)");
        }
        console.status(manager.getModelStatusSummary());
        console.title("done");
    }
}
