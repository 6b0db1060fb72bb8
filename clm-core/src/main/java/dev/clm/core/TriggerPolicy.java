package dev.clm.core;

import dev.clm.api.DataClient;
import dev.clm.api.Dataset;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelEvaluator;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.TrainedModel;
import dev.clm.config.ClmConfig;
import dev.clm.eval.ZeroForecastChallenge;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which triggers fire for one model type:
 * <ul>
 *   <li>NEVER_TRAINED — no ACTIVE version;</li>
 *   <li>TIME — the active version is at least {@code retrainInterval} old (by trainedAt), and so is
 *       the newest version of any status (a rejected candidate waits a whole interval instead of
 *       being retrained at every check); {@link #timeDue} is this rule alone, cheap enough for
 *       the scheduler to decide which types to check;</li>
 *   <li>DATA_VOLUME — at least {@code dataThresholdBars} bars arrived since the active version
 *       was trained (counted from the later of trainedAt and the end of its training data);</li>
 *   <li>PERFORMANCE_DECAY — on the live period (rows at or after the version was promoted, within
 *       the last {@code performanceWindow}) the active model is significantly worse than the
 *       zero-return forecast on the same rows ({@link ZeroForecastChallenge}: per-timestamp MAE
 *       reduction, purged time folds, one-sided level {@code triggers.performance-alpha}).
 *       The baseline is the zero forecast, never the model's own winning test score (optimistic:
 *       it helped the model win), and the noise allowance is the fold standard error, i.e. it
 *       comes from the effective sample. The first significantly failing window fires the trigger
 *       (retrain); the ACTIVE version is demoted when it is still worse than zero (point estimate)
 *       on the next window that does not overlap the failing one, and the failure is forgotten when
 *       it is better there. The check runs every few hours for the life of a model, and a single 5%
 *       test repeated that often demoted skilled models by chance in the walk-forward; a skilled
 *       model is rarely worse than zero on a fresh window, while one that keeps losing is demoted
 *       one window after its first significant failure. The first-failure memory lives in the process. Needs at least {@code triggers.performance-min-rows} live
 *       labelled rows, otherwise it does not fire. The same verdict demotes the ACTIVE version
 *       (through the demoter given at construction): no ACTIVE version means "stay flat", and the
 *       next candidate is compared with the zero forecast.</li>
 * </ul>
 * MANUAL, DRIFT and REGIME_SHIFT come from requests recorded by the manager.
 *
 * <p>A {@link TrainingCadence} type replaces the first two: NEVER_TRAINED only when the type has
 * no version at all, TIME when its newest version (any status) reached the cadence's next due
 * time; DATA_VOLUME and PERFORMANCE_DECAY of its ACTIVE version as above.
 */
final class TriggerPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(TriggerPolicy.class);

    private final ClmConfig config;
    private final DataClient data;
    private final FeatureEngineer features;
    private final ModelEvaluator evaluator;
    private final Demoter demoter;
    private final FailureMemory firstFailures;

    /**
     * Where a version's first failing window (not yet confirmed by a later, non-overlapping one) is
     * remembered: in the registry's metrics of that version, so a restarted process confirms or
     * forgets it instead of starting over.
     */
    interface FailureMemory {
        Optional<Instant> get(ModelArtifact a);

        void remember(ModelArtifact a, Instant windowEnd);

        void forget(ModelArtifact a);

        /** Kept in this process only (tests, or a caller without a registry). */
        static FailureMemory inProcess() {
            java.util.Map<String, Instant> m = new java.util.concurrent.ConcurrentHashMap<>();
            return new FailureMemory() {
                public Optional<Instant> get(ModelArtifact a) { return Optional.ofNullable(m.get(a.type().name() + "/" + a.version())); }
                public void remember(ModelArtifact a, Instant at) { m.putIfAbsent(a.type().name() + "/" + a.version(), at); }
                public void forget(ModelArtifact a) { m.remove(a.type().name() + "/" + a.version()); }
            };
        }
    }

    /** Takes an ACTIVE version out of service because it is significantly worse than the zero forecast. */
    @FunctionalInterface
    interface Demoter {
        void demote(ModelArtifact active, ZeroForecastChallenge.Verdict verdict);
    }

    TriggerPolicy(ClmConfig config, DataClient data, FeatureEngineer features, ModelEvaluator evaluator) {
        this(config, data, features, evaluator, (a, v) -> { }, FailureMemory.inProcess());
    }

    TriggerPolicy(ClmConfig config, DataClient data, FeatureEngineer features, ModelEvaluator evaluator, Demoter demoter,
                  FailureMemory firstFailures) {
        this.firstFailures = firstFailures;
        this.config = config;
        this.data = data;
        this.features = features;
        this.evaluator = evaluator;
        this.demoter = demoter;
    }

    /** @param newest the type's most recently trained version of any status */
    Set<RetrainTrigger> evaluate(Optional<ModelArtifact> active, Optional<ModelArtifact> newest, Instant now,
                                 Function<ModelArtifact, TrainedModel> loader) {
        Set<RetrainTrigger> fired = EnumSet.noneOf(RetrainTrigger.class);
        if (active.isEmpty()) {
            fired.add(RetrainTrigger.NEVER_TRAINED);
            return fired;
        }
        ModelArtifact a = active.get();
        if (timeDue(active, newest, now)) fired.add(RetrainTrigger.TIME);
        addActiveTriggers(a, now, loader, fired);
        return fired;
    }

    /**
     * Triggers of a cadence type: {@code newest} is its most recently trained version of any
     * status, {@code active} its ACTIVE version.
     */
    Set<RetrainTrigger> evaluate(TrainingCadence cadence, Optional<ModelArtifact> newest, Optional<ModelArtifact> active, Instant now,
                                 Function<ModelArtifact, TrainedModel> loader) {
        Set<RetrainTrigger> fired = EnumSet.noneOf(RetrainTrigger.class);
        if (newest.isEmpty()) {
            fired.add(RetrainTrigger.NEVER_TRAINED);
            return fired;
        }
        if (!now.isBefore(cadence.nextDue(newest.get().trainedAt()))) fired.add(RetrainTrigger.TIME);
        if (active.isPresent()) addActiveTriggers(active.get(), now, loader, fired);
        return fired;
    }

    /** The TIME rule of a type without a cadence: ACTIVE and newest version both at least {@code retrainInterval} old. */
    boolean timeDue(Optional<ModelArtifact> active, Optional<ModelArtifact> newest, Instant now) {
        Duration interval = config.retrainInterval();
        boolean activeOld = active.map(a -> !a.trainedAt().plus(interval).isAfter(now)).orElse(false);
        return activeOld && newest.map(v -> !v.trainedAt().plus(interval).isAfter(now)).orElse(true);
    }

    private void addActiveTriggers(ModelArtifact a, Instant now, Function<ModelArtifact, TrainedModel> loader, Set<RetrainTrigger> fired) {
        Instant since = a.trainedAt().isAfter(a.trainingRange().end()) ? a.trainedAt() : a.trainingRange().end();
        if (since.isBefore(now) && data.countBars(since, now) >= config.dataThresholdBars()) fired.add(RetrainTrigger.DATA_VOLUME);
        if (performanceDecayed(a, now, loader)) fired.add(RetrainTrigger.PERFORMANCE_DECAY);
    }

    private boolean performanceDecayed(ModelArtifact a, Instant now, Function<ModelArtifact, TrainedModel> loader) {
        Instant liveFrom = a.promotedAt() != null ? a.promotedAt() : a.trainedAt();
        long from = Math.max(liveFrom.toEpochMilli(), a.trainingRange().end().toEpochMilli() + 1);
        if (now.toEpochMilli() - from < 0) return false;
        Dataset recent = RecentData.labelledRows(data, features, now, config.performanceWindow());
        Dataset live = recent.slice(recent.indexAtOrAfter(from), recent.rows());
        if (live.rows() < config.triggers().performanceMinRows()) {
            LOG.debug("performance check of {} {} skipped: {} live rows < {}", a.type(), a.version(), live.rows(),
                    config.triggers().performanceMinRows());
            return false;
        }
        double[] predictions;
        try (TrainedModel m = loader.apply(a)) {
            predictions = m.predict(live);
        }
        ZeroForecastChallenge.Verdict v = ZeroForecastChallenge.test(predictions, live, config.triggers().performanceAlpha());
        Instant firstFailure = firstFailures.get(a).orElse(null);
        // a window that does not overlap the first failing one: its rows are independent evidence
        boolean freshWindow = firstFailure != null && !now.minus(config.performanceWindow()).isBefore(firstFailure);
        if (freshWindow) {
            firstFailures.forget(a);
            if (v.skill().mean() < 0) {
                LOG.info("performance decay of {} {} confirmed: still worse than the zero forecast on a later, non-overlapping window: {}",
                        a.type(), a.version(), v.reason());
                demoter.demote(a, new ZeroForecastChallenge.Verdict(true, v.skill(), "significantly worse than the zero forecast on the "
                        + "window ending " + firstFailure + ", and still worse on the next window that does not overlap it: " + v.reason()));
                return true;
            }
            LOG.info("performance check of {} {}: better than the zero forecast on fresh rows; the earlier failing window is not confirmed",
                    a.type(), a.version());
            return false;
        }
        if (!v.worseThanZero()) {
            LOG.debug("performance check of {} {}: {}", a.type(), a.version(), v.reason());
            return false;
        }
        // the first significantly failing window retrains; it does not yet take the model out of service
        if (firstFailure == null) firstFailures.remember(a, now);
        LOG.info("performance decay of {} {} (demoted if it is still worse than zero on the next, non-overlapping window): {}", a.type(),
                a.version(), v.reason());
        return true;
    }
}
