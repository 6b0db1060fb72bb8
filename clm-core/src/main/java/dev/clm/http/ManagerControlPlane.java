package dev.clm.http;

import dev.clm.api.ClmEvent;
import dev.clm.api.CycleReport;
import dev.clm.api.DriftEvent;
import dev.clm.api.DriftType;
import dev.clm.api.Estimate;
import dev.clm.api.EvaluationResult;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingJob;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.UnknownModelException;
import dev.clm.api.JobStatus;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.core.CycleRequest;
import dev.clm.report.EvaluationTrace;
import dev.clm.scheduler.SystemStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The control plane over one {@link ContinuousLearningManager}. Retraining requests run on one
 * background thread owned by this object ({@link #close()} stops it); per-model progress,
 * reports and evaluation rows of recent jobs come from the manager's {@code CycleJournal}.
 */
public final class ManagerControlPlane implements ControlPlane, AutoCloseable {
    private static final Duration SUBMIT_WAIT = Duration.ofSeconds(30);
    /** How long a live skill estimate is reused (it loads and scores the performance window). */
    static final Duration LIVE_SKILL_TTL = Duration.ofMinutes(5);

    private final ContinuousLearningManager clm;
    private final Supplier<String> scrape;
    private final ExecutorService cycles = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "clm-http-cycle");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<?> lastCycle = CompletableFuture.completedFuture(null);
    private final Map<ModelType, CachedSkill> liveSkills = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.time.Clock clock;

    /**
     * @param scrape Prometheus text of the metrics the manager records (for example
     *               {@code prometheusRegistry::scrape}); null when no Prometheus registry is wired
     */
    public ManagerControlPlane(ContinuousLearningManager clm, Supplier<String> scrape) {
        this.clm = clm;
        this.scrape = scrape;
        this.clock = clm.clock();
    }

    @Override
    public List<ModelType> modelTypes() {
        return clm.modelTypes();
    }

    @Override
    public List<ModelArtifact> models(Optional<ModelType> type, Optional<ModelStatus> status) {
        List<ModelArtifact> out = new ArrayList<>();
        for (ModelType t : type.map(List::of).orElse(clm.modelTypes())) {
            requireManaged(t);
            out.addAll(status.isPresent() ? clm.registry().findByStatus(t, status.get()) : clm.registry().history(t, Integer.MAX_VALUE));
        }
        return out;
    }

    @Override
    public ModelArtifact version(ModelType type, String version) {
        requireManaged(type);
        return clm.registry().require(type, version);
    }

    @Override
    public List<ModelArtifact> history(ModelType type, int limit) {
        requireManaged(type);
        return clm.registry().history(type, limit);
    }

    @Override
    public ModelArtifact retire(ModelType type, String version) {
        requireManaged(type);
        clm.registry().require(type, version);
        ModelArtifact retired = clm.registry().retire(type, version);
        clm.context().events().publish(new ClmEvent.ModelRetired(clm.clock().instant(), type, version));
        return retired;
    }

    @Override
    public PromotionResult rollback(ModelType type, String version) {
        return clm.rollback(type, version);
    }

    @Override
    public PromotionResult promoteShadow(ModelType type, boolean force) {
        requireManaged(type);
        return clm.manualPromoteShadow(type, force);
    }

    @Override
    public JobView submitRetraining(RetrainRequest request) {
        List<ModelType> types = request.models().isEmpty() ? clm.modelTypes() : request.models();
        types.forEach(this::requireManaged);
        clm.jobStore().running().ifPresent(j -> { throw new JobAlreadyRunningException(j.id()); });
        CycleRequest cycle = new CycleRequest(true, types, request.type(), request.days() == 0 ? null : Duration.ofDays(request.days()));
        CompletableFuture<String> started = clm.journal().nextJob();
        CompletableFuture<CycleReport> done = CompletableFuture.supplyAsync(() -> clm.runCycle(cycle), cycles);
        lastCycle = done;
        done.whenComplete((report, error) -> {
            if (error != null) started.completeExceptionally(error instanceof java.util.concurrent.CompletionException c ? c.getCause() : error);
            else started.complete(report.jobId());
        });
        try {
            String jobId = started.get(SUBMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return job(jobId).orElseThrow(() -> new IllegalStateException("job " + jobId + " started but is not in the job store"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException("retraining failed to start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("retraining did not start within " + SUBMIT_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting retraining");
        }
    }

    @Override
    public Optional<JobView> job(String jobId) {
        return clm.jobStore().find(jobId).map(this::view);
    }

    private JobView view(RetrainingJob job) {
        Optional<CycleReport> report = clm.journal().report(job.id());
        Map<ModelType, String> progress = new LinkedHashMap<>();
        job.models().forEach(t -> progress.put(t, job.status() == JobStatus.RUNNING ? "queued" : "unknown"));
        progress.putAll(clm.journal().stages(job.id()));
        return new JobView(job, progress, report.map(r -> r.status().name()).orElse(null),
                report.map(CycleReport::failed).orElse(List.of()));
    }

    @Override
    public List<JobView> jobs(int limit) {
        return clm.jobStore().recent(limit).stream().map(this::view).toList();
    }

    @Override
    public List<ShadowView> shadows() {
        List<ShadowView> out = new ArrayList<>();
        long target = clm.shadowService().policy().minSamples();
        for (ModelType t : clm.modelTypes()) {
            String active = clm.registry().getActive(t).map(ModelArtifact::version).orElse(null);
            for (ModelArtifact s : clm.registry().findByStatus(t, ModelStatus.SHADOW)) {
                ShadowTestResult latest = null;
                long samples = 0;
                if (clm.shadowService().hasLiveSamples(t, s.version())) {
                    latest = clm.shadowService().evaluateShadow(t, s.version());
                    samples = latest.samples();
                }
                out.add(new ShadowView(t, s.version(), active, samples, target, latest));
            }
        }
        return out;
    }

    @Override
    public List<DriftEvent> driftEvents(Duration within, Optional<DriftType> type) {
        Instant since = clm.clock().instant().minus(within);
        return clm.driftEventStore().since(since, 10_000).stream().filter(e -> type.isEmpty() || e.driftType() == type.get()).toList();
    }

    @Override
    public List<DriftEvent> checkDrift(ModelType type) {
        requireManaged(type);
        Instant before = clm.clock().instant();
        clm.autopilot().operations().checkDrift(type);
        return clm.driftEventStore().since(before, 10_000).stream().filter(e -> e.modelType() == null || e.modelType().equals(type)).toList();
    }

    @Override
    public List<PerformanceLog> performance(ModelType type, Duration within) {
        requireManaged(type);
        return clm.supervisor().logs(type, clm.clock().instant().minus(within), 10_000);
    }

    @Override
    public Map<ModelType, Set<RetrainTrigger>> checkTriggers() {
        return clm.checkIfRetrainNeeded();
    }

    @Override
    public List<RlAgentView> rlAgents() {
        return clm.rlMaintenance().map(m -> m.agents().stream()
                .map(a -> new RlAgentView(a.name(), a.version(), a.totalUpdates(), a.epsilon(), a.stateCount())).toList())
                .orElse(List.of());
    }

    @Override
    public StatusView status() {
        SystemStatus s = clm.getSystemStatus();
        Map<String, Instant> last = new LinkedHashMap<>();
        s.lastRuns().forEach((k, v) -> last.put(k.name(), v));
        Map<String, Instant> next = new LinkedHashMap<>();
        s.nextRuns().forEach((k, v) -> next.put(k.name(), v));
        return new StatusView(s.running(), s.at(), last, next, s.activeVersions(), s.shadowVersions(),
                clm.jobStore().running().map(RetrainingJob::id).orElse(null), withoutSecrets(clm.config().asMap()));
    }

    /** The settings with credentials masked: a password in a JDBC URL, any key naming a password or token. */
    static Map<String, Object> withoutSecrets(Map<String, String> settings) {
        Map<String, Object> out = new java.util.TreeMap<>();
        settings.forEach((k, v) -> {
            String key = k.toLowerCase(java.util.Locale.ROOT);
            if (v != null && (key.contains("password") || key.contains("token") || key.contains("secret"))) out.put(k, "****");
            else out.put(k, v == null ? null : v.replaceAll("(?i)(password=)[^&;]*", "$1****"));
        });
        return out;
    }

    @Override
    public void start() {
        clm.start();
    }

    @Override
    public void stop() {
        clm.stop();
    }

    @Override
    public Optional<CycleReport> report(String jobId) {
        return clm.journal().report(jobId);
    }

    @Override
    public Map<ModelType, EvaluationTrace> traces(String jobId) {
        return clm.journal().traces(jobId);
    }

    /**
     * Waits until the last cycle this control plane started has ended (for shutdown and tests).
     *
     * @return whether it ended within {@code timeout}
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        try {
            lastCycle.handle((r, e) -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    @Override
    public Optional<Estimate> liveSkill(ModelType type) {
        requireManaged(type);
        Optional<ModelArtifact> active = clm.registry().getActive(type);
        if (active.isEmpty()) return Optional.empty();
        Instant now = clock.instant();
        CachedSkill c = liveSkills.get(type);
        if (c != null && c.version().equals(active.get().version()) && now.isBefore(c.at().plus(LIVE_SKILL_TTL))) return c.skill();
        Optional<Estimate> skill;
        try {
            EvaluationResult r = clm.evaluateModels(List.of(type)).get(type);
            skill = r == null ? Optional.empty() : relative(r);
        } catch (RuntimeException e) {
            skill = Optional.empty(); // a dashboard must not fail because the data source is down; the API reports errors elsewhere
        }
        liveSkills.put(type, new CachedSkill(active.get().version(), now, skill));
        return skill;
    }

    /** The absolute MAE reduction over zero as a share of the zero forecast's MAE, interval scaled alike. */
    static Optional<Estimate> relative(EvaluationResult r) {
        Estimate s = r.skillVsZero();
        if (s == null) return Optional.empty();
        double mae0 = r.mae() + s.value();
        if (!(mae0 > 0)) return Optional.empty();
        return Optional.of(new Estimate(s.value() / mae0, s.standardError() / mae0, s.lower() / mae0, s.upper() / mae0, s.effectiveSamples()));
    }

    private record CachedSkill(String version, Instant at, Optional<Estimate> skill) {}

    @Override
    public String prometheusScrape() {
        if (scrape == null) throw new HttpProblem(404, "Not Found", "no Prometheus registry is wired: build the manager with "
                + "MicrometerClmMetrics over a PrometheusMeterRegistry and pass its scrape to ManagerControlPlane", null);
        return scrape.get();
    }

    private void requireManaged(ModelType type) {
        if (!clm.modelTypes().contains(type)) throw new UnknownModelException(type, null, "model type is not managed; managed: " + clm.modelTypes());
    }

    /** Stops the background cycle thread (a running cycle is interrupted). */
    @Override
    public void close() {
        cycles.shutdownNow();
    }
}
