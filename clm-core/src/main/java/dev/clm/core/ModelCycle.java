package dev.clm.core;

import dev.clm.api.ClmEvent;
import dev.clm.api.CycleReport;
import dev.clm.api.Dataset;
import dev.clm.api.EvaluationResult;
import dev.clm.api.EventPublisher;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.LoadedModel;
import dev.clm.api.MarketData;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelEvaluator;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.ShadowTester;
import dev.clm.api.TimeRange;
import dev.clm.api.TrainedModel;
import dev.clm.config.ClmConfig;
import dev.clm.context.ClmContext;
import dev.clm.report.CycleJournal;
import dev.clm.report.EvaluationTrace;
import dev.clm.report.FeatureRanking;
import dev.clm.shadow.Promoter;
import dev.clm.shadow.ReplayDecisions;
import dev.clm.stats.FalseDiscovery;
import dev.clm.train.SampleWeighting;
import dev.clm.train.SampleWeights;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One retraining cycle, start to end: check triggers, open a job, load data, build features,
 * split by time into walk-forward folds (per training lookback), then per triggered model type
 * train, refit on the earlier folds ({@link WalkForwardEvidence}), evaluate against the ACTIVE
 * version and the zero forecast on the fold rows neither has seen, register and replay
 * shadow-test; once every type is tested, decide them together (Benjamini–Hochberg across the
 * types, {@link FalseDiscovery}) and hand each PROMOTE to the {@link Promoter}. Ensemble types
 * (no walk-forward refits) are trained and decided after the others, on the members just
 * decided. One type failing never blocks the others.
 *
 * <p>Failure handling lives in two places only: {@link #run(boolean, List)} turns anything
 * thrown by the cycle itself (data, features, split, job store) into a FAILED report and job,
 * and {@link #runType} turns a type's failure into a {@link StageFailure} naming the stage
 * (the type's candidate is then REJECTED). The ACTIVE version is only ever changed by the
 * promoter's atomic promote. Metrics are recorded here, once per outcome, whoever called.
 *
 * <p>Thread-safe: one cycle at a time per manager ({@link JobAlreadyRunningException}
 * otherwise), and through the job store one per database.
 */
final class ModelCycle {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCycle.class);
    /** Features by gain and by mean |SHAP| kept per candidate for the report. */
    private static final int TOP_FEATURES = 12;
    /**
     * Newest evaluation rows kept per type for the report: walk-forward evidence can be months of a
     * large universe, and the journal keeps 20 jobs, so its memory is bounded here (~0.3 MB per type).
     */
    static final int TRACE_ROWS = 10_000;

    /** A failure at a named stage of one model type. */
    static final class StageFailure extends RuntimeException {
        final String stage;

        StageFailure(String stage, Throwable cause) {
            super(CycleErrors.describe(cause), cause);
            this.stage = stage;
        }
    }

    /** A type trained, registered as SHADOW and tested, waiting for the cycle's joint decision. */
    record Tested(ModelType type, String version, ModelArtifact asShadow, ModelArtifact active, ShadowTestResult result, boolean recorded,
                  CycleReport.TrainedVersion trained, CycleReport.ModelEvaluation evaluation, Map<String, Duration> durations,
                  List<CycleReport.ModelNote> notes) {}

    private final ClmContext ctx;
    private final ClmConfig config;
    private final Clock clock;
    private final ModelTrainer trainer;
    private final ModelEvaluator evaluator;
    private final ShadowTester shadowTester;
    private final ReplayDecisions replayDecisions;
    private final ModelRegistry registry;
    private final EventPublisher events;
    private final FeatureEngineer features;
    private final Promoter promoter;
    private final Triggers triggers;
    private final DatasetSplitter splitter;
    private final SampleWeighting sampleWeighting;
    private final Map<ModelType, TrainingCadence> cadences;
    private final AtomicReference<String> running = new AtomicReference<>();
    private final CycleJournal journal;
    private final CandidateRegistration registration;

    ModelCycle(ClmContext ctx, Promoter promoter, Triggers triggers, ReplayDecisions replayDecisions,
               Map<ModelType, TrainingCadence> cadences, SampleWeighting sampleWeighting, CycleJournal journal) {
        this.ctx = ctx;
        this.journal = journal;
        this.config = ctx.config();
        this.clock = ctx.clock();
        this.trainer = ctx.trainer();
        this.evaluator = ctx.evaluator();
        this.shadowTester = ctx.shadowTester();
        this.replayDecisions = replayDecisions;
        this.registry = ctx.registry();
        this.events = ctx.events();
        this.features = ctx.featureEngineer();
        this.promoter = promoter;
        this.triggers = triggers;
        this.cadences = cadences;
        this.sampleWeighting = sampleWeighting;
        this.registration = new CandidateRegistration(ctx, cadences);
        this.splitter = new DatasetSplitter(config.validationFraction(), config.testFraction(), config.embargoBars(),
                config.split().minRows());
    }

    /** Whether a cycle is running in this manager right now. */
    boolean isRunning() {
        return running.get() != null;
    }

    /**
     * Runs one cycle over {@code requested} (all MANUAL when {@code force}).
     *
     * @throws JobAlreadyRunningException if a cycle is already running here or, through the job store, elsewhere
     */
    CycleReport run(boolean force, List<ModelType> requested) {
        return run(new CycleRequest(force, requested, null, null));
    }

    /**
     * Runs one cycle as {@code request} says (its models must be given, not empty).
     *
     * @throws JobAlreadyRunningException if a cycle is already running here or, through the job store, elsewhere
     */
    CycleReport run(CycleRequest request) {
        String marker = "pending-" + Long.toHexString(System.nanoTime());
        if (!running.compareAndSet(null, marker)) throw new JobAlreadyRunningException(running.get());
        try {
            CycleReport report = runCycle(request.force(), request.models(), request.retrainingType(), request.lookback());
            if (!"none".equals(report.jobId())) journal.finished(report);
            return report;
        } finally {
            running.set(null);
        }
    }

    /*
     * Failure handling of a cycle (what is thrown, which status, what the job row says):
     * - a trigger check that throws fails its type at stage "trigger-check" (never a silent SKIPPED);
     * - one type failing (any Throwable but a VirtualMachineError) is that type's failure; the others go on;
     * - the status tells the truth: COMPLETED, PARTIAL (some types failed) or FAILED (none trained);
     * - anything thrown by the cycle itself ends the job FAILED with the error and releases the job lock; a
     *   VirtualMachineError is rethrown after that clean-up, everything else is returned as a FAILED report.
     * See CycleErrors for the classification.
     */
    private CycleReport runCycle(boolean force, List<ModelType> requested, RetrainingType kindOverride, Duration lookbackOverride) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Map<ModelType, Set<RetrainTrigger>> fired = new LinkedHashMap<>();
        CycleOutcomes c = new CycleOutcomes();
        if (force) {
            for (ModelType t : requested) fired.put(t, Set.of(RetrainTrigger.MANUAL));
        } else {
            Map<ModelType, Set<RetrainTrigger>> checked = new LinkedHashMap<>();
            triggers.check(requested, checked).forEach((t, error) -> {
                LOG.error("trigger check of {} failed: {}", t, error);
                c.fail(t, "trigger-check", error);
            });
            checked.forEach((t, f) -> { if (!f.isEmpty()) fired.put(t, f); });
        }
        List<ModelType> toTrain = new ArrayList<>(fired.keySet());
        RetrainingType kind = kindOverride != null ? kindOverride : retrainingTypeFor(force, toTrain);
        if (toTrain.isEmpty()) {
            c.durations.put("total", Duration.ofNanos(System.nanoTime() - t0));
            if (c.failed.isEmpty()) {
                return c.report("none", CycleReport.Status.SKIPPED, started, clock.instant(), force, kind, Map.of(),
                        "no retrain trigger fired for " + requested);
            }
            String error = "trigger check failed: " + failures(c.failed);
            ctx.metrics().failure(null, "cycle");
            events.publish(new ClmEvent.RetrainingFailed(clock.instant(), "none", error, 0.0));
            return c.report("none", CycleReport.Status.FAILED, started, clock.instant(), force, kind, Map.of(), error);
        }
        String triggerText = describe(fired);
        RetrainingJob job = ctx.jobStore().start(triggerText, kind, toTrain);
        running.set(job.id());
        journal.started(job.id(), toTrain);
        ModelType[] current = {null};
        // ---- the cycle's failure handling: anything thrown below ends the job FAILED, nothing ACTIVE changed ----
        try {
            events.publish(new ClmEvent.RetrainingStarted(clock.instant(), job.id(), triggerText));
            trainGroups(c, job.id(), toTrain, kind, lookbackOverride, current);
            int succeeded = c.trained.size();
            Duration total = Duration.ofNanos(System.nanoTime() - t0);
            c.durations.put("total", total);
            CycleReport.Status status = CycleReport.Status.of(succeeded, c.failed.size());
            if (status == CycleReport.Status.FAILED) {
                String error = "every model type failed: " + failures(c.failed);
                endJob(job, error, total);
                return c.report(job.id(), status, started, clock.instant(), force, kind, fired, error);
            }
            ctx.jobStore().complete(job.id(), toTrain.size(), succeeded);
            events.publish(new ClmEvent.RetrainingCompleted(clock.instant(), job.id(), toTrain.size(), succeeded, total.toNanos() / 1e9));
            String msg = succeeded + " of " + toTrain.size() + " model types trained, " + c.promoted.size() + " promoted"
                    + (c.failed.isEmpty() ? "" : ", " + c.failed.size() + " failed: " + failures(c.failed));
            return c.report(job.id(), status, started, clock.instant(), force, kind, fired, msg);
        } catch (Throwable e) {
            boolean fatal = CycleErrors.isFatal(e);
            Throwable shown = e instanceof StageFailure f && f.getCause() != null ? f.getCause() : e;
            String error = (e instanceof StageFailure f ? "stage " + f.stage + ": " : "")
                    + shown.getClass().getSimpleName() + ": " + shown.getMessage();
            if (fatal) {
                error = error + (current[0] == null ? "" : " (while running " + current[0] + ")") + "; the cycle was ended"
                        + (c.registered == 0 ? "" : ", versions registered before it are kept (undecided ones as SHADOW, for the shadow review)");
            }
            LOG.error("retraining job {} failed: {}", job.id(), error, e);
            Duration total = Duration.ofNanos(System.nanoTime() - t0);
            c.durations.put("total", total);
            endJob(job, error, total);
            if (fatal) throw CycleErrors.rethrow(e);
            return c.report(job.id(), CycleReport.Status.FAILED, started, clock.instant(), force, kind, fired, error);
        }
    }

    /** Marks the job FAILED (which releases its lock), counts and publishes the failure; never throws for the store or a listener. */
    private void endJob(RetrainingJob job, String error, Duration total) {
        ctx.metrics().failure(null, "cycle");
        try {
            ctx.jobStore().fail(job.id(), error);
        } catch (Throwable storeFailure) {
            LOG.error("could not record the failure of job {}", job.id(), storeFailure);
            if (CycleErrors.isFatal(storeFailure)) throw CycleErrors.rethrow(storeFailure);
        }
        events.publish(new ClmEvent.RetrainingFailed(clock.instant(), job.id(), error, total.toNanos() / 1e9));
    }

    /** "a at train (reason); b at data (reason)". */
    private static String failures(List<CycleReport.ModelFailure> failed) {
        StringBuilder sb = new StringBuilder();
        for (CycleReport.ModelFailure f : failed) {
            sb.append(sb.length() == 0 ? "" : "; ").append(f.type()).append(" at ").append(f.stage()).append(" (").append(f.reason()).append(')');
        }
        return sb.toString();
    }

    /** Prepares the data once per training lookback and runs each type of the group on it. */
    private void trainGroups(CycleOutcomes c, String jobId, List<ModelType> toTrain, RetrainingType kind, Duration lookbackOverride,
                             ModelType[] current) {
        Instant now = clock.instant();
        Duration lookback = lookbackOverride != null ? lookbackOverride : config.trainingLookback();
        Map<Duration, List<ModelType>> byLookback = byLookback(toTrain, lookback);
        StageFailure unprepared = null;
        int prepared = 0;
        Map<ModelType, DatasetSplitter.WalkForward> splits = new LinkedHashMap<>();
        for (Map.Entry<Duration, List<ModelType>> group : byLookback.entrySet()) {
            DatasetSplitter.WalkForward split;
            try {
                String suffix = group.getKey().equals(lookback) ? "" : ":" + group.getKey();
                split = prepare(c, now, group.getKey(), suffix);
                prepared++;
            } catch (StageFailure f) {
                // one lookback's data failing (e.g. too few rows for a short cadence) must not block the others
                if (byLookback.size() == 1) throw f;
                unprepared = unprepared == null ? f : unprepared;
                for (ModelType type : group.getValue()) {
                    LOG.warn("{} failed at stage {} (lookback {}): {}", type, f.stage, group.getKey(), f.getMessage());
                    c.fail(type, f.stage, f.getMessage());
                    journal.stage(jobId, type, "failed at " + f.stage);
                }
                continue;
            }
            for (ModelType type : group.getValue()) splits.put(type, split);
        }
        if (prepared == 0) throw unprepared;
        // Types built from other ACTIVE versions (ensembles) go second, on the members just decided.
        List<ModelType> builtOnOthers = new ArrayList<>();
        List<ModelType> first = new ArrayList<>();
        for (ModelType type : splits.keySet()) (trainer.supportsWalkForward(type) ? first : builtOnOthers).add(type);
        // each pass is its own family at its share of the level, so the cycle as a whole stays at the level
        double level = config.significanceLevel();
        trainAndDecide(c, jobId, first, splits, kind, current, level * first.size() / splits.size());
        trainAndDecide(c, jobId, builtOnOthers, splits, kind, current, level * builtOnOthers.size() / splits.size());
    }

    /** Trains and tests each of {@code types}, then decides them together, corrected for the number compared. */
    private void trainAndDecide(CycleOutcomes c, String jobId, List<ModelType> types, Map<ModelType, DatasetSplitter.WalkForward> splits,
                                RetrainingType kind, ModelType[] current, double level) {
        List<Tested> pending = new ArrayList<>();
        for (ModelType type : types) {
            TrainingCadence cadence = cadences.get(type);
            current[0] = type;
            try {
                pending.add(runType(jobId, type, splits.get(type), cadence != null ? cadence.retrainingType() : kind));
                c.registered++;
            } catch (StageFailure f) {
                failType(c, jobId, type, f);
            }
            current[0] = null;
        }
        List<ShadowTestResult> fresh = new ArrayList<>();
        for (Tested t : pending) if (!t.recorded()) fresh.add(t.result());
        double threshold = JointDecision.threshold(fresh, level);
        for (Tested t : pending) {
            current[0] = t.type();
            try {
                CycleOutcomes.Outcome o = settle(jobId, t, threshold, pending.size());
                c.add(o);
                ctx.metrics().retrain(t.type(), true, o.trained().trainingTime());
                triggers.clear(t.type());
            } catch (StageFailure f) {
                rejectQuietly(t.type(), t.version());
                ctx.metrics().failure(t.type(), f.stage);
                ctx.metrics().retrain(t.type(), false, Duration.ZERO);
                failType(c, jobId, t.type(), f);
            } catch (Throwable e) {
                rejectQuietly(t.type(), t.version());
                if (CycleErrors.isFatal(e)) throw CycleErrors.rethrow(e);
                failType(c, jobId, t.type(), new StageFailure("decide", e));
            }
            current[0] = null;
        }
    }

    private void failType(CycleOutcomes c, String jobId, ModelType type, StageFailure f) {
        LOG.warn("{} failed at stage {}: {}", type, f.stage, f.getMessage(), f.getCause());
        c.fail(type, f.stage, f.getMessage());
        journal.stage(jobId, type, "failed at " + f.stage);
    }

    /**
     * The final decision of one type: its test result, a PROMOTE withdrawn when its decision
     * p-value is above the cycle's false-discovery threshold, recorded once (replay decisions
     * are final), then handed to the promoter.
     */
    private CycleOutcomes.Outcome settle(String jobId, Tested t, double threshold, int compared) {
        ShadowTestResult shadow = stage("shadow", () -> replayDecisions.decide(t.asShadow(), t.active(),
                () -> JointDecision.apply(t.result(), threshold, compared)));
        PromotionResult promotion = decide(t.type(), t.version(), shadow);
        journal.stage(jobId, t.type(), promotion != null ? "promoted" : "shadow: " + shadow.decision().name().toLowerCase(java.util.Locale.ROOT));
        return new CycleOutcomes.Outcome(t.trained(), t.evaluation(), shadow, promotion, t.durations(), t.notes());
    }

    /** The types to train grouped by training lookback (a cadence's, else the configured one), in order of first appearance. */
    private Map<Duration, List<ModelType>> byLookback(List<ModelType> types, Duration lookback) {
        Map<Duration, List<ModelType>> groups = new LinkedHashMap<>();
        for (ModelType t : types) {
            TrainingCadence cadence = cadences.get(t);
            groups.computeIfAbsent(cadence != null ? cadence.lookback() : lookback, k -> new ArrayList<>()).add(t);
        }
        return groups;
    }

    /**
     * Loads {@code lookback} of data up to {@code now}, builds features, splits by time and
     * applies the sample weighting to train and validation (never to test). Each step is timed
     * ({@code data}, {@code features}, {@code split}, {@code weights}, plus {@code suffix}) and
     * a failure is a {@link StageFailure} naming the step.
     */
    private DatasetSplitter.WalkForward prepare(CycleOutcomes c, Instant now, Duration lookback, String suffix) {
        // the walk-forward folds before the test split need their own training window of history before them
        Instant from = now.minus(lookback).minus(config.split().walkForwardSpan());
        MarketData bars = timedStage(c, "data", suffix, () -> EmptyWindow.require(ctx.dataClient().loadTrainingData(from, now),
                ctx.dataClient(), from, now, lookback));
        Dataset dataset = timedStage(c, "features", suffix, () -> features.transform(bars));
        DatasetSplitter.WalkForward split = timedStage(c, "split", suffix, () -> splitter.walkForward(dataset,
                now.minus(lookback).toEpochMilli(), lookback.toMillis(), config.split().walkForwardFolds(),
                config.split().walkForwardFold().toMillis()));
        if (sampleWeighting == null) return split;
        return timedStage(c, "weights", suffix, () -> new DatasetSplitter.WalkForward(
                split.earlier().stream().map(this::weighted).toList(), weighted(split.last()), split.requested()));
    }

    /** The split with the sample weighting applied to train and validation; test rows stay unweighted for evaluation. */
    private DatasetSplitter.Split weighted(DatasetSplitter.Split split) {
        Instant validationStart = Instant.ofEpochMilli(split.validation().timestamps()[0]);
        Instant testStart = Instant.ofEpochMilli(split.test().timestamps()[0]);
        Dataset train = SampleWeights.apply(split.train(), sampleWeighting.weights(split.train(), validationStart), "train split");
        Dataset validation = SampleWeights.apply(split.validation(), sampleWeighting.weights(split.validation(), testStart),
                "validation split");
        return new DatasetSplitter.Split(train, validation, split.test().weights() == null ? split.test() : split.test().withWeights(null));
    }

    private static <T> T timedStage(CycleOutcomes c, String stage, String suffix, java.util.function.Supplier<T> work) {
        long t = System.nanoTime();
        try {
            return work.get();
        } catch (Throwable e) {
            if (CycleErrors.isFatal(e)) throw CycleErrors.rethrow(e);
            throw new StageFailure(stage, e);
        } finally {
            c.durations.put(stage + suffix, Duration.ofNanos(System.nanoTime() - t));
        }
    }

    /** INCREMENTAL when configured; else FULL for a forced cycle or one covering every managed type; else PARTIAL. */
    private RetrainingType retrainingTypeFor(boolean force, List<ModelType> toTrain) {
        if (config.retrainingType() == RetrainingType.INCREMENTAL) return RetrainingType.INCREMENTAL;
        if (config.retrainingType() == RetrainingType.PARTIAL) return RetrainingType.PARTIAL;
        return force || toTrain.containsAll(ctx.modelTypes()) ? RetrainingType.FULL : RetrainingType.PARTIAL;
    }

    private static String describe(Map<ModelType, Set<RetrainTrigger>> triggers) {
        StringBuilder sb = new StringBuilder();
        triggers.forEach((t, s) -> sb.append(sb.length() == 0 ? "" : "; ").append(t).append('=').append(new java.util.TreeSet<>(s)));
        return sb.toString();
    }

    /** Trains, evaluates, registers and shadow-tests one type (the decision comes later); a failure is a {@link StageFailure}. */
    private Tested runType(String jobId, ModelType type, DatasetSplitter.WalkForward folds, RetrainingType requested) {
        DatasetSplitter.Split split = folds.last();
        journal.stage(jobId, type, "training");
        Map<String, Duration> durations = new LinkedHashMap<>();
        // an unloadable ACTIVE does not block the type (see UsableActive)
        UsableActive usable = UsableActive.open(type, stage("load-active", () -> registry.getActive(type)), ctx::load);
        Optional<ModelArtifact> activeArtifact = usable.artifact();
        TrainedModel active = usable.model();
        TrainedModel candidate = null;
        WalkForwardForecaster forecasts = null;
        String version = null;
        try {
            Map<String, String> typeParams = mergedParams(type);
            boolean incremental = requested == RetrainingType.INCREMENTAL && active != null;
            Dataset trainRows = incremental ? rowsAfter(split.train(), activeArtifact.get().trainingRange()) : split.train();
            if (incremental && trainRows.rows() < config.cycle().incrementalMinRows()) {
                LOG.info("{}: only {} new training rows since the active model's data ended; training from scratch instead",
                        type, trainRows.rows());
                incremental = false;
                trainRows = split.train();
            }
            long t0 = System.nanoTime();
            TrainedModel activeForWarmStart = active;
            Dataset rows = trainRows;
            candidate = incremental
                    ? stage("train", () -> trainer.trainIncremental(type, activeForWarmStart, rows, split.validation(), typeParams))
                    : stage("train", () -> trainer.train(type, rows, split.validation(), typeParams));
            Duration trainTime = Duration.ofNanos(System.nanoTime() - t0);
            durations.put("train:" + type, trainTime);

            // Judge on walk-forward rows neither model has seen (the active's data ended at its trainingRange end).
            journal.stage(jobId, type, "walk-forward");
            long tw = System.nanoTime();
            long evaluateFrom = activeArtifact.map(a -> a.trainingRange().end().toEpochMilli() + 1).orElse(Long.MIN_VALUE);
            TrainedModel fitted = candidate;
            WalkForwardEvidence.Built evidence = stage("walk-forward",
                    () -> WalkForwardEvidence.build(trainer, type, typeParams, folds, fitted, evaluateFrom));
            forecasts = evidence.forecaster();
            durations.put("walk-forward:" + type, Duration.ofNanos(System.nanoTime() - tw));
            Dataset evalRows = evidence.rows();
            if (evalRows.rows() == 0) {
                throw new StageFailure("evaluate", new IllegalStateException("no test rows after the active model's training data ended ("
                        + activeArtifact.get().trainingRange().end() + "); cannot compare fairly"));
            }
            journal.stage(jobId, type, "evaluating");
            long t1 = System.nanoTime();
            TrainedModel cand = forecasts;
            TrainedModel act = active;
            EvaluationResult candEval = stage("evaluate", () -> evaluator.evaluate(cand, evalRows));
            EvaluationResult activeEval = act == null ? null : stage("evaluate-active", () -> evaluator.evaluate(act, evalRows));
            EvaluationResult baseline = evaluator.evaluatePredictions(new double[evalRows.rows()], evalRows);
            EvaluationResult compared = evaluator.compareToActive(candEval, activeEval != null ? activeEval : baseline);
            durations.put("evaluate:" + type, Duration.ofNanos(System.nanoTime() - t1));

            TrainedModel trained0 = candidate;
            Dataset trainedOn = trainRows;
            String parent = incremental ? activeArtifact.get().version() : null;
            RetrainingType trainedKind = trainedAs(incremental, requested);
            int foldsUsed = forecasts.folds();
            ModelArtifact saved = stage("register", () -> registration.register(type, trained0, trainedOn, split, compared, baseline,
                    typeParams, parent, trainTime, trainedKind, evalRows, foldsUsed));
            version = saved.version();
            journal.stage(jobId, type, "registered");
            keepTrace(jobId, type, version, activeArtifact.map(ModelArtifact::version).orElse(null), evalRows, forecasts, candidate, split.test(),
                    active);
            String v = version;
            ModelArtifact asShadow = stage("register", () -> registry.updateStatus(type, v, ModelStatus.SHADOW));

            long t2 = System.nanoTime();
            LoadedModel candLoaded = new LoadedModel(version, forecasts);
            LoadedModel activeLoaded = active == null ? null : new LoadedModel(activeArtifact.get().version(), active);
            // The first look of a replay is final (recorded when the cycle settles); a decision already recorded stands.
            Optional<ShadowTestResult> recorded = stage("shadow", () -> replayDecisions.recorded(asShadow, activeArtifact.orElse(null)));
            ShadowTestResult shadow = recorded.isPresent() ? recorded.get()
                    : stage("shadow", () -> shadowTester.runShadowTest(type, candLoaded, activeLoaded, evalRows));
            if (shadow == null) throw new StageFailure("shadow", new IllegalStateException("shadow tester returned null for " + type));
            durations.put("shadow:" + type, Duration.ofNanos(System.nanoTime() - t2));
            journal.stage(jobId, type, "tested");
            CycleReport.TrainedVersion trained = new CycleReport.TrainedVersion(type, version, saved.parentVersion(),
                    trainedAs(incremental, requested), trainRows.rows(), trainTime);
            CycleReport.ModelEvaluation evaluation = new CycleReport.ModelEvaluation(type, version, compared,
                    activeArtifact.map(ModelArtifact::version).orElse(null), activeEval, baseline);
            return new Tested(type, version, asShadow, activeArtifact.orElse(null), shadow, recorded.isPresent(), trained, evaluation,
                    durations, notes(type, usable.note(), evidence.notes()));
        } catch (Throwable e) {
            if (version != null) rejectQuietly(type, version);
            if (CycleErrors.isFatal(e)) {
                ctx.metrics().failure(type, "fatal");
                throw CycleErrors.rethrow(e);
            }
            StageFailure f = e instanceof StageFailure sf ? sf : new StageFailure("cycle", e);
            ctx.metrics().failure(type, f.stage);
            ctx.metrics().retrain(type, false, Duration.ZERO);
            throw f;
        } finally {
            if (forecasts != null) forecasts.close();
            if (candidate != null) candidate.close();
            if (active != null) active.close();
        }
    }

    /**
     * Keeps the rows {@code type} was judged on, its forecasts and the candidate's top features
     * for the cycle report. Diagnostics only: a failure here is logged and never fails the type.
     */
    private void keepTrace(String jobId, ModelType type, String version, String activeVersion, Dataset evalRows, TrainedModel forecasts,
                           TrainedModel candidate, Dataset testRows, TrainedModel active) {
        try {
            Dataset rows = evalRows.rows() > TRACE_ROWS ? evalRows.slice(evalRows.rows() - TRACE_ROWS, evalRows.rows()) : evalRows;
            double[] cand = forecasts.predict(rows);
            double[] act = active == null ? null : active.predict(rows);
            Map<String, Double> gain = FeatureRanking.top(candidate.featureGain(), TOP_FEATURES);
            Map<String, Double> shap = FeatureRanking.top(FeatureRanking.meanAbsShap(candidate, testRows), TOP_FEATURES);
            journal.trace(jobId, new EvaluationTrace(type, version, activeVersion, rows.timestamps().clone(), rows.labels().clone(),
                    cand, act, List.of(), gain, shap));
        } catch (Throwable e) {
            if (CycleErrors.isFatal(e)) throw CycleErrors.rethrow(e);
            LOG.warn("{}: the evaluation rows of {} could not be kept for the cycle report: {}", type, version, e.toString());
        }
    }

    /** What the version really was: an INCREMENTAL request without a usable active model trained FULL. */
    private static RetrainingType trainedAs(boolean incremental, RetrainingType requested) {
        if (incremental) return RetrainingType.INCREMENTAL;
        return requested == RetrainingType.INCREMENTAL ? RetrainingType.FULL : requested;
    }

    private PromotionResult decide(ModelType type, String version, ShadowTestResult shadow) {
        if (shadow.decision() == ShadowDecision.REJECT) {
            stage("reject", () -> registry.updateStatus(type, version, ModelStatus.REJECTED));
            return null;
        }
        if (shadow.decision() != ShadowDecision.PROMOTE) return null;
        if (!config.autoPromotion()) {
            events.publish(new ClmEvent.ShadowPromotionRecommended(clock.instant(), type, version, shadow.activeVersion(), shadow.reason()));
            return null;
        }
        // the promoter verifies (checksum, load, probe prediction), promotes atomically, publishes and starts the rollback watch
        return stage("promote", () -> promoter.promote(type, version, Promoter.Path.CYCLE, shadow.reason(), shadow));
    }

    /** Trainer defaults, then the manager's parameters for a cadence's base type, then those for the type itself. */
    private Map<String, String> mergedParams(ModelType type) {
        Map<String, String> p = new LinkedHashMap<>(trainer.defaultParams(type));
        TrainingCadence cadence = cadences.get(type);
        if (cadence != null) p.putAll(ctx.trainingParams().getOrDefault(cadence.baseType(), Map.of()));
        p.putAll(ctx.trainingParams().getOrDefault(type, Map.of()));
        return p;
    }

    /** The report notes of one type: why its ACTIVE version was not used (if so), then what the walk-forward could not do. */
    private static List<CycleReport.ModelNote> notes(ModelType type, String loadActive, List<String> walkForward) {
        List<CycleReport.ModelNote> all = new ArrayList<>();
        if (loadActive != null) all.add(new CycleReport.ModelNote(type, "load-active", loadActive));
        for (String n : walkForward) all.add(new CycleReport.ModelNote(type, "walk-forward", n));
        return all;
    }

    private static Dataset rowsAfter(Dataset d, TimeRange seen) {
        return d.slice(d.indexAtOrAfter(seen.end().toEpochMilli() + 1), d.rows());
    }

    private void rejectQuietly(ModelType type, String version) {
        try {
            var a = registry.find(type, version);
            if (a.isPresent() && a.get().status().canTransitionTo(ModelStatus.REJECTED)) {
                registry.updateStatus(type, version, ModelStatus.REJECTED);
            }
        } catch (Throwable e) {
            LOG.warn("could not mark failed candidate {} {} as REJECTED", type, version, e);
            if (CycleErrors.isFatal(e)) throw CycleErrors.rethrow(e);
        }
    }


    private static <T> T stage(String stage, java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StageFailure f) {
            throw f;
        } catch (Throwable e) {
            if (!CycleErrors.isFatal(e)) throw new StageFailure(stage, e);
            LOG.error("fatal {} at stage {}; the cycle ends after clean-up", e.getClass().getSimpleName(), stage);
            throw CycleErrors.rethrow(e);
        }
    }
}
