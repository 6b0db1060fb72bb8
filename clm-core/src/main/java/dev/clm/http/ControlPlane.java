package dev.clm.http;

import dev.clm.api.CycleReport;
import dev.clm.api.DriftEvent;
import dev.clm.api.DriftType;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowTestResult;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the HTTP control plane drives. {@link ManagerControlPlane} implements it over a
 * {@code ContinuousLearningManager}; an engine with its own server can mount the same handlers
 * ({@link ClmHttpServer#routes}) over its own implementation.
 *
 * <p>Unknown model types and versions throw {@link dev.clm.api.UnknownModelException} (answered 404);
 * a retraining request while a cycle runs throws {@link dev.clm.api.JobAlreadyRunningException} (409).
 */
public interface ControlPlane {

    /** Model types the manager looks after. */
    List<ModelType> modelTypes();

    /** Every version of the managed types, optionally filtered, newest first per type. */
    List<ModelArtifact> models(Optional<ModelType> type, Optional<ModelStatus> status);

    /** One version. */
    ModelArtifact version(ModelType type, String version);

    /** The newest {@code limit} versions of {@code type}. */
    List<ModelArtifact> history(ModelType type, int limit);

    ModelArtifact retire(ModelType type, String version);

    PromotionResult rollback(ModelType type, String version);

    /** Promotes the newest SHADOW version of {@code type}; {@code force} skips the statistical decision. */
    PromotionResult promoteShadow(ModelType type, boolean force);

    /** Starts a cycle in the background and answers once its job exists. */
    JobView submitRetraining(RetrainRequest request);

    Optional<JobView> job(String jobId);

    List<JobView> jobs(int limit);

    List<ShadowView> shadows();

    List<DriftEvent> driftEvents(Duration within, Optional<DriftType> type);

    /** Runs a drift check of {@code type} now; answers the events it recorded. */
    List<DriftEvent> checkDrift(ModelType type);

    List<PerformanceLog> performance(ModelType type, Duration within);

    /** Which retrain triggers fire now, per managed type (nothing is trained). */
    Map<ModelType, Set<RetrainTrigger>> checkTriggers();

    /** The RL agents the manager maintains, with their current version. */
    List<RlAgentView> rlAgents();

    StatusView status();

    void start();

    void stop();

    /** The report of a finished cycle this control plane ran or saw, if it still holds it. */
    Optional<CycleReport> report(String jobId);

    /** The evaluation rows of each type in a finished cycle, when they were kept (for the report's charts). */
    default Map<ModelType, dev.clm.report.EvaluationTrace> traces(String jobId) {
        return Map.of();
    }

    /**
     * The ACTIVE version's skill over the zero forecast on its recent unseen rows, relative to
     * the zero forecast's MAE (0.05 = 5% lower error), with its dependence-aware 95% interval;
     * empty without an ACTIVE version or unseen rows. May be cached for a few minutes.
     */
    default Optional<dev.clm.api.Estimate> liveSkill(ModelType type) {
        return Optional.empty();
    }

    /** Metrics in Prometheus text exposition format. */
    String prometheusScrape();

    /** A retraining request. {@code days} = 0 uses the configured training lookback. */
    record RetrainRequest(RetrainingType type, List<ModelType> models, String reason, int days) {
        public RetrainRequest {
            models = List.copyOf(models);
        }
    }

    /** A job with per-model stage progress and, once finished, its report's status. */
    record JobView(RetrainingJob job, Map<ModelType, String> stages, String reportStatus, List<CycleReport.ModelFailure> failures) {
        public JobView {
            stages = Map.copyOf(stages);
            failures = List.copyOf(failures);
        }
    }

    /** One RL agent: name, the version its table descends from, updates, exploration rate, states. */
    record RlAgentView(String name, int version, long totalUpdates, double epsilon, int states) {}

    /** A SHADOW version's progress toward its decision. */
    record ShadowView(ModelType type, String version, String activeVersion, long samples, long targetSamples,
                      ShadowTestResult latest) {}

    /** Scheduler and model overview; {@code runningJob} is null when no cycle runs; {@code settings} is the whole settings tree, flattened to dotted keys. */
    record StatusView(boolean running, Instant at, Map<String, Instant> lastRuns, Map<String, Instant> nextRuns,
                      Map<ModelType, String> activeVersions, Map<ModelType, List<String>> shadowVersions,
                      String runningJob, Map<String, Object> settings) {}
}
