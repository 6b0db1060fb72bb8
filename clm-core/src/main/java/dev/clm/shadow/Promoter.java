package dev.clm.shadow;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.IllegalTransitionException;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TrainedModel;
import dev.clm.events.internal.QuietEventPublisher;
import dev.clm.metrics.ClmMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a version becomes ACTIVE. Every path — a cycle's decision, the live shadow
 * review, a replay decision, a manual or forced promotion, a manual or automatic rollback —
 * calls {@link #promote}, which
 * <ol>
 *   <li>verifies the version ({@link Verifier}: with a manager, its bytes pass the registry's
 *       checksum, the model (an ensemble: with every member) loads through the trainer and
 *       predicts a finite value for a probe row), and throws before anything changes if not;</li>
 *   <li>promotes it atomically in the registry (the previous ACTIVE becomes RETIRED);</li>
 *   <li>counts the promotion and publishes {@code learning.model.promoted},
 *       {@code learning.model.updated}, {@code learning.model.retired} (and
 *       {@code learning.model.rolled_back} for a rollback) — a publisher that throws is logged,
 *       the promotion stands;</li>
 *   <li>starts the {@link RollbackMonitor rollback watch} of the new version against the
 *       baseline of the shadow test that justified it (when there is one).</li>
 * </ol>
 * Thread-safe: promotions are serialised per promoter, the registry's promote is atomic across
 * processes.
 */
public final class Promoter {
    private static final Logger LOG = LoggerFactory.getLogger(Promoter.class);

    /** Why a version is made ACTIVE. */
    public enum Path {
        /** A retraining cycle's replay shadow test said PROMOTE. */
        CYCLE,
        /** The live, fixed-horizon shadow review said PROMOTE. */
        LIVE_SHADOW,
        /** A recorded replay decision said PROMOTE (hourly job or manual call). */
        REPLAY_SHADOW,
        /** A manual promotion whose shadow decision said PROMOTE. */
        MANUAL,
        /** A manual promotion made although the shadow decision did not say PROMOTE. */
        FORCED,
        /** A manual rollback to a RETIRED version. */
        ROLLBACK,
        /** The rollback watch found a significant degradation and restored the previous version. */
        AUTOMATIC_ROLLBACK;

        boolean isRollback() {
            return this == ROLLBACK || this == AUTOMATIC_ROLLBACK;
        }
    }

    /** Checks a version right before it is made ACTIVE; throws (naming type, version and cause) to refuse. */
    @FunctionalInterface
    public interface Verifier {
        void verify(ModelArtifact version);
    }

    private final ModelRegistry registry;
    private final EventPublisher events;
    private final ClmMetrics metrics;
    private final Verifier verifier;
    private final RollbackMonitor rollback;
    private final Clock clock;

    /**
     * @param verifier the check every version passes before it is promoted (the manager uses {@link #loadAndPredict})
     */
    public Promoter(ModelRegistry registry, EventPublisher events, Clock clock, ShadowPolicyConfig policy, ClmMetrics metrics,
                    Verifier verifier) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.events = new QuietEventPublisher(Objects.requireNonNull(events, "events"));
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = clock;
        this.rollback = new RollbackMonitor(registry, this.events, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(policy, "policy"), this);
    }


    /**
     * The verification of a manager: the registry returns the bytes only if their checksum
     * matches, the trainer loads them (an ensemble loads every member, or throws naming the
     * missing one), and the model predicts a finite value for a row of zeros (one value per
     * feature of the feature engineer: {@code features} values).
     */
    public static Verifier loadAndPredict(java.util.function.Function<ModelArtifact, TrainedModel> loader, int features) {
        return a -> {
            try (TrainedModel m = loader.apply(a)) {
                double y;
                try {
                    y = m.predict(new float[features]);
                } catch (RuntimeException e) {
                    throw new ModelTrainingException(a.type(), a.version(), "cannot predict a probe row: " + e.getMessage(), e);
                }
                if (!Double.isFinite(y)) {
                    throw new ModelTrainingException(a.type(), a.version(), "predicts " + y + " for a probe row of zeros", null);
                }
            }
        };
    }

    /** Runs the verification alone (for checking several versions before promoting any); throws to refuse. */
    public void verify(ModelArtifact version) {
        verifier.verify(version);
    }

    /** The watch every promotion with a shadow-test baseline starts. */
    public RollbackMonitor rollbackMonitor() {
        return rollback;
    }

    /**
     * Makes {@code version} of {@code type} ACTIVE: verify, promote, count and publish, watch.
     *
     * @param evidence the shadow test that justified it (its ACTIVE side is the rollback
     *                 watch's baseline); null when there is none (forced promotion, rollback)
     * @throws IllegalTransitionException if the version's status does not allow it (a rollback
     *                                    needs a RETIRED version, any other path a SHADOW or CANDIDATE one)
     * @throws RuntimeException           the verifier's exception; nothing changed then
     */
    public synchronized PromotionResult promote(ModelType type, String version, Path path, String reason, ShadowTestResult evidence) {
        Objects.requireNonNull(path, "path");
        ModelArtifact target = registry.require(type, version);
        boolean allowed = path.isRollback() ? target.status() == ModelStatus.RETIRED
                : target.status() == ModelStatus.SHADOW || target.status() == ModelStatus.CANDIDATE;
        if (!allowed) throw new IllegalTransitionException(type, version, target.status(), ModelStatus.ACTIVE);
        verifier.verify(target);
        PromotionResult r = registry.promote(type, version, reason);
        LOG.info("{} {} is ACTIVE ({}; was {}): {}", type, version, path, r.oldVersion(), reason);
        if (r.oldVersion() != null && r.oldVersion().equals(r.newVersion())) return r;
        metrics.promotion(type);
        publish(r, path);
        if (!path.isRollback()) watch(r, evidence);
        return r;
    }

    private void publish(PromotionResult r, Path path) {
        Instant at = r.promotedAt() != null ? r.promotedAt() : clock.instant();
        if (path.isRollback()) events.publish(new ClmEvent.ModelRolledBack(at, r.type(), r.oldVersion(), r.newVersion(), r.reason()));
        events.publish(new ClmEvent.ModelPromoted(at, r.type(), r.oldVersion(), r.newVersion(), r.reason()));
        events.publish(new ClmEvent.ModelUpdated(at, r.type(), r.oldVersion(), r.newVersion(), r.reason()));
        if (r.oldVersion() != null) events.publish(new ClmEvent.ModelRetired(at, r.type(), r.oldVersion()));
    }

    private void watch(PromotionResult r, ShadowTestResult evidence) {
        if (r.oldVersion() == null || evidence == null) return;
        try {
            rollback.watch(r.type(), r.newVersion(), r.oldVersion(), RollbackMonitor.Baseline.from(evidence));
        } catch (IllegalArgumentException e) {
            LOG.warn("no rollback watch for {} {}: the shadow test has no usable baseline ({})", r.type(), r.newVersion(), e.getMessage());
        }
    }
}
