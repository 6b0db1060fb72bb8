package dev.clm.jdbc;

import dev.clm.api.Checksums;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingType;
import dev.clm.api.TimeRange;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.SyntheticDataClient;
import dev.clm.testing.ScriptedTrainer;
import dev.clm.testing.SimpleFeatureEngineer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The process the crash tests kill with SIGKILL. Arguments: mode ({@code registry} or
 * {@code job}), JDBC URL, schema (or "-"), artifact directory, version prefix.
 *
 * <ul>
 *   <li>registry: registers and promotes versions in a loop (rolling back to an older version
 *       every fourth round), printing "promoted &lt;version&gt;" after each promotion;</li>
 *   <li>job: starts a retraining job, prints "job &lt;id&gt;" and waits to be killed;</li>
 *   <li>cycle: runs a forced cycle of a manager on the database whose trainer prints "training"
 *       and then waits to be killed.</li>
 * </ul>
 */
public final class CrashChild {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        ClmDatabase.Builder b = ClmDatabase.builder().jdbcUrl(args[1]).artifactDirectory(Path.of(args[3])).maxPoolSize(2);
        if (!"-".equals(args[2])) b.schema(args[2]);
        ClmDatabase db = b.open();
        if (mode.equals("cycle")) {
            ModelType type = ModelType.of("model_a");
            Clock clock = Clock.fixed(Instant.parse("2024-06-01T00:00:00Z"), java.time.ZoneOffset.UTC);
            ScriptedTrainer trainer = new ScriptedTrainer(type).then(type, d -> {
                System.out.println("training");
                System.out.flush();
                try {
                    new CountDownLatch(1).await(); // hold the cycle until killed
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return row -> 0.0;
            });
            ContinuousLearningManager.builder().clock(clock).dataClient(SyntheticDataClient.hourly(clock, 7))
                    .featureEngineer(new SimpleFeatureEngineer(12)).trainer(trainer).registry(db.registry())
                    .jobStore(db.retrainingJobs()).build().runFullCycle(true, List.of(type));
            return;
        }
        if (mode.equals("job")) {
            RetrainingJob job = db.retrainingJobs().start("MANUAL", RetrainingType.FULL, List.of(ModelType.XGBOOST));
            System.out.println("job " + job.id());
            System.out.flush();
            new CountDownLatch(1).await(); // hold the job until killed
            return;
        }
        String prefix = args[4];
        ModelRegistry registry = db.registry();
        for (int i = 0; ; i++) {
            String version = prefix + "-" + i;
            byte[] bytes = payload(version);
            Instant now = Clock.systemUTC().instant();
            registry.save(new ModelArtifact(ModelType.XGBOOST, version, ModelStatus.CANDIDATE, now,
                    new TimeRange(now.minus(Duration.ofDays(30)), now), 1000, Map.of("rmse", 0.01 * i), Map.of(), Map.of("seed", "42"),
                    Map.of("trainer", "crash-child"), null, Checksums.sha256Hex(bytes), bytes.length, "test-bytes", null, null), bytes);
            registry.promote(ModelType.XGBOOST, version, "crash loop");
            if (i % 4 == 3) {
                String older = prefix + "-" + (i - 2);
                registry.promote(ModelType.XGBOOST, older, "crash loop rollback");
                version = older;
            }
            System.out.println("promoted " + version);
            System.out.flush();
        }
    }

    /** A few hundred KB, so a kill often lands while bytes are being written. */
    static byte[] payload(String version) {
        byte[] seed = version.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[256 * 1024 + seed.length];
        for (int i = 0; i < out.length; i++) out[i] = (byte) (seed[i % seed.length] * 31 + i);
        return out;
    }
}
