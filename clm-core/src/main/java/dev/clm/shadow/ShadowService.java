package dev.clm.shadow;

import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.events.PromotionEvents;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.UnknownModelException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live shadow testing end to end: records the engine's active/shadow predictions and outcomes
 * ({@link LiveShadowRecorder}), evaluates each SHADOW version on its samples
 * ({@link ShadowEvaluator}, fixed-horizon {@link PromotionPolicy}), promotes the best
 * significant shadow of a type (others REJECTED), and watches every promotion for a rollback
 * ({@link RollbackMonitor}).
 *
 * <p>Only samples recorded against the type's current ACTIVE version count for a shadow (after
 * a promotion or rollback, older samples compare with a model that is no longer active).
 * When several shadows of a type are tested at once, each is tested at {@code alpha / k}
 * (Bonferroni), so the chance that any of them is promoted on noise stays at most alpha.
 *
 * <p>Thread-safe. The recording methods are for the engine's hot path (lock-free); the review,
 * promotion and evaluation methods read the store and may take milliseconds. Close it at
 * shutdown so buffered samples are written.
 */
public final class ShadowService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowService.class);

    private final ModelRegistry registry;
    private final ShadowResultStore store;
    private final EventPublisher events;
    private final ShadowPolicyConfig policy;
    private final ShadowEvaluator evaluator;
    private final LiveShadowRecorder recorder;
    private final RollbackMonitor rollback;
    private final java.util.function.Consumer<ModelArtifact> promotionCheck;
    private volatile boolean started;

    public ShadowService(ModelRegistry registry, ShadowResultStore store, EventPublisher events, Clock clock,
                         ShadowPolicyConfig policy, ShadowRecorderConfig recorderConfig) {
        this(registry, store, events, clock, policy, recorderConfig, artifact -> { });
    }

    /**
     * As the other constructor, with a check every version must pass right before it is
     * promoted (it throws to refuse; nothing changes then). The manager passes one that loads an
     * ensemble with all its members.
     */
    public ShadowService(ModelRegistry registry, ShadowResultStore store, EventPublisher events, Clock clock,
                         ShadowPolicyConfig policy, ShadowRecorderConfig recorderConfig,
                         java.util.function.Consumer<ModelArtifact> promotionCheck) {
        if (registry == null || store == null || events == null || clock == null || policy == null || recorderConfig == null
                || promotionCheck == null) {
            throw new IllegalArgumentException("registry, store, events, clock, policy, recorderConfig and promotionCheck must not be null");
        }
        this.promotionCheck = promotionCheck;
        this.registry = registry;
        this.store = store;
        this.events = events;
        this.policy = policy;
        this.evaluator = new ShadowEvaluator(policy, clock);
        this.recorder = new LiveShadowRecorder(store, events, clock, recorderConfig, this::shadowTypeOf);
        this.rollback = new RollbackMonitor(registry, events, clock, policy, promotionCheck);
        recorder.addOutcomeListener(rollback);
    }

    public ShadowPolicyConfig policy() { return policy; }
    public LiveShadowRecorder recorder() { return recorder; }
    public RollbackMonitor rollbackMonitor() { return rollback; }

    /** Starts the recorder's background flusher (also started by the first recorded sample). */
    public ShadowService start() {
        if (!started) {
            synchronized (this) {
                if (!started) {
                    recorder.start();
                    started = true;
                }
            }
        }
        return this;
    }

    // --- live recording (hot path) ---------------------------------------------------------

    /** See {@link LiveShadowRecorder#recordPrediction(String, String, String, long, double, double)}. */
    public long recordPrediction(String shadowVersion, String activeVersion, String symbol, long timestampMillis,
                                 double activePrediction, double shadowPrediction) {
        if (!started) start();
        return recorder.recordPrediction(shadowVersion, activeVersion, symbol, timestampMillis, activePrediction, shadowPrediction);
    }

    /** See {@link LiveShadowRecorder#recordPrediction(ModelType, String, String, String, long, double, double)}. */
    public long recordPrediction(ModelType type, String shadowVersion, String activeVersion, String symbol, long timestampMillis,
                                 double activePrediction, double shadowPrediction) {
        if (!started) start();
        return recorder.recordPrediction(type, shadowVersion, activeVersion, symbol, timestampMillis, activePrediction, shadowPrediction);
    }

    /** See {@link LiveShadowRecorder#recordOutcome(long, double, double)}. */
    public void recordOutcome(long sampleId, double realisedReturn, double pnl) {
        recorder.recordOutcome(sampleId, realisedReturn, pnl);
    }

    /** See {@link LiveShadowRecorder#recordOutcome(String, long, double, double)}. */
    public void recordOutcome(String symbol, long timestampMillis, double realisedReturn, double pnl) {
        recorder.recordOutcome(symbol, timestampMillis, realisedReturn, pnl);
    }

    /**
     * One outcome of the ACTIVE model when no shadow is running (feeds the rollback watch; the
     * recorder feeds it automatically from shadow samples).
     */
    public void observeActive(ModelType type, String version, double prediction, double realisedReturn) {
        rollback.observe(type, version, prediction, realisedReturn);
    }

    // --- evaluation --------------------------------------------------------------------------

    /** Evaluates a SHADOW version, finding its type in the registry. */
    public ShadowTestResult evaluateShadow(String shadowVersion) {
        ModelType type = shadowTypeOf(shadowVersion);
        if (type == null) throw new UnknownModelException(null, shadowVersion, "no SHADOW or CANDIDATE version of that name in the registry");
        return evaluateShadow(type, shadowVersion);
    }

    /** Evaluates {@code shadowVersion} of {@code type} on its stored samples (flushes the recorder first). */
    public ShadowTestResult evaluateShadow(ModelType type, String shadowVersion) {
        registry.require(type, shadowVersion);
        recorder.flush();
        int competitors = Math.max(1, registry.findByStatus(type, ModelStatus.SHADOW).size());
        return evaluate(type, shadowVersion, competitors);
    }

    private ShadowTestResult evaluate(ModelType type, String shadowVersion, int competitors) {
        String active = registry.getActive(type).map(ModelArtifact::version).orElse(null);
        List<ShadowSample> comparable = new ArrayList<>();
        for (ShadowSample s : store.samples(type, shadowVersion)) {
            if (java.util.Objects.equals(s.activeVersion(), active)) comparable.add(s);
        }
        return evaluator.evaluateLive(type, shadowVersion, active, PairedForecasts.fromSamples(comparable, evaluator.config().forecastHorizon()), competitors);
    }

    // --- review and promotion ----------------------------------------------------------------

    /**
     * What a review of one type did.
     *
     * @param results     every SHADOW version's evaluation
     * @param promotion   the promotion made, or null
     * @param recommended the winning version when auto-promotion is off (or null)
     * @param rejected    versions moved to REJECTED, with the reason
     */
    public record ShadowReview(ModelType type, List<ShadowTestResult> results, PromotionResult promotion, String recommended,
                               Map<String, String> rejected) {}

    /** Reviews every type in the registry (the hourly shadow-promotion job). */
    public List<ShadowReview> reviewAll() {
        List<ShadowReview> out = new ArrayList<>();
        for (ModelType t : registry.modelTypes()) {
            try {
                out.add(reviewShadows(t));
            } catch (RuntimeException e) {
                LOG.warn("shadow review of {} failed; nothing changed for it: {}", t, e.toString(), e);
            }
        }
        return out;
    }

    /**
     * Evaluates every SHADOW version of {@code type}; promotes the best significant one when
     * auto-promotion is on (publishing a recommendation otherwise), and REJECTs shadows that lost.
     */
    public ShadowReview reviewShadows(ModelType type) {
        return review(type, policy.autoPromote(), null, false);
    }

    /** As {@link #reviewShadows(ModelType)} with the auto-promotion switch given ({@code promote=true}: an explicit request). */
    public ShadowReview reviewShadows(ModelType type, boolean promote) {
        return review(type, promote, null, false);
    }

    /** Whether any SHADOW version of {@code type} has live samples (then its decision is the live, fixed-horizon one). */
    public boolean hasLiveSamples(ModelType type) {
        recorder.flush();
        for (ModelArtifact s : registry.findByStatus(type, ModelStatus.SHADOW)) {
            if (store.count(type, s.version()) > 0) return true;
        }
        return false;
    }

    /**
     * Whether the engine has recorded live samples for {@code version} of {@code type} (then it is
     * decided by the live, fixed-horizon review, not by replay). Flushes the recorder first.
     */
    public boolean hasLiveSamples(ModelType type, String version) {
        recorder.flush();
        return store.count(type, version) > 0;
    }

    /** {@code manualPromoteShadow(type, false)}. */
    public PromotionResult manualPromoteShadow(ModelType type) {
        return manualPromoteShadow(type, false);
    }

    /**
     * Promotes the best shadow of {@code type} if the policy says PROMOTE (whatever the
     * auto-promotion switch). With {@code force} the newest shadow is promoted even if the
     * checks do not pass (the checks still run and their outcome is recorded in the reason).
     *
     * @throws ShadowPromotionRefusedException if no shadow passes and {@code force} is false
     */
    public PromotionResult manualPromoteShadow(ModelType type, boolean force) {
        return manualPromoteShadow(type, null, force);
    }

    /** As {@link #manualPromoteShadow(ModelType, boolean)} for one named shadow version (null: the best one). */
    public PromotionResult manualPromoteShadow(ModelType type, String version, boolean force) {
        if (type == null) throw new IllegalArgumentException("type must not be null");
        ShadowReview r = review(type, true, version, force);
        if (r.promotion() != null) return r.promotion();
        StringBuilder why = new StringBuilder();
        for (ShadowTestResult res : r.results()) {
            if (version == null || res.candidateVersion().equals(version)) {
                why.append(why.length() == 0 ? "" : "; ").append(res.candidateVersion()).append(": ").append(res.decision())
                        .append(" - ").append(res.reason());
            }
        }
        throw new ShadowPromotionRefusedException(type, version, why.length() == 0 ? "no SHADOW version of the type" : why.toString());
    }

    private synchronized ShadowReview review(ModelType type, boolean promote, String onlyVersion, boolean force) {
        if (onlyVersion != null) {
            ModelArtifact a = registry.require(type, onlyVersion);
            if (a.status() != ModelStatus.SHADOW) {
                throw new ShadowPromotionRefusedException(type, onlyVersion, "its status is " + a.status() + ", expected SHADOW");
            }
        }
        recorder.flush();
        List<ModelArtifact> shadows = registry.findByStatus(type, ModelStatus.SHADOW);
        int k = Math.max(1, shadows.size());
        List<ShadowTestResult> results = new ArrayList<>();
        for (ModelArtifact s : shadows) results.add(evaluate(type, s.version(), k));
        Map<String, String> rejected = new HashMap<>();

        Optional<ShadowTestResult> best = results.stream()
                .filter(r -> r.decision() == ShadowDecision.PROMOTE)
                .filter(r -> onlyVersion == null || r.candidateVersion().equals(onlyVersion))
                .max(Comparator.comparingDouble(r -> r.statistics().getOrDefault("improvement", 0.0)));
        ShadowTestResult chosen = best.orElse(null);
        String reason = chosen == null ? null : chosen.reason();
        if (chosen == null && force) {
            String target = onlyVersion != null ? onlyVersion : shadows.isEmpty() ? null : shadows.get(0).version();
            chosen = results.stream().filter(r -> r.candidateVersion().equals(target)).findFirst().orElse(null);
            if (chosen != null) reason = "forced manual promotion; policy said " + chosen.decision() + ": " + chosen.reason();
        }
        PromotionResult promotion = null;
        String recommended = null;
        if (chosen != null && !promote) {
            recommended = chosen.candidateVersion();
            publish(EventTopics.SHADOW_PROMOTION_RECOMMENDED, Map.of("modelType", type.name(), "candidateVersion", recommended,
                    "activeVersion", chosen.activeVersion() == null ? "" : chosen.activeVersion(), "reason", reason));
        } else if (chosen != null) {
            promotion = promote(type, chosen, reason);
        }
        for (ShadowTestResult r : results) {
            String v = r.candidateVersion();
            if (promotion != null && v.equals(promotion.newVersion())) continue;
            String why = null;
            if (r.decision() == ShadowDecision.REJECT) {
                why = r.reason();
            } else if (promotion != null) {
                why = "another shadow of " + type + " was promoted (" + promotion.newVersion()
                        + "); this one was tested against the replaced ACTIVE version";
            }
            if (why != null) {
                registry.updateStatus(type, v, ModelStatus.REJECTED);
                rejected.put(v, why);
                LOG.info("shadow {} {} REJECTED: {}", type, v, why);
            }
        }
        return new ShadowReview(type, List.copyOf(results), promotion, recommended, Map.copyOf(rejected));
    }

    private PromotionResult promote(ModelType type, ShadowTestResult basis, String reason) {
        promotionCheck.accept(registry.require(type, basis.candidateVersion()));
        PromotionResult p = registry.promote(type, basis.candidateVersion(), reason);
        LOG.info("promoted {} {} (was {}): {}", type, p.newVersion(), p.oldVersion(), reason);
        PromotionEvents.publish(events, p);
        watchPromotion(p, basis);
        return p;
    }

    /**
     * Starts the rollback watch of a promotion made elsewhere (for example by a retraining
     * cycle) with the shadow test that justified it. Does nothing when there was no previous
     * ACTIVE version or the test has no usable baseline.
     */
    public void watchPromotion(PromotionResult promotion, ShadowTestResult basis) {
        if (promotion == null || promotion.oldVersion() == null || basis == null) return;
        if (promotion.oldVersion().equals(promotion.newVersion())) return;
        try {
            rollback.watch(promotion.type(), promotion.newVersion(), promotion.oldVersion(), RollbackMonitor.Baseline.from(basis));
        } catch (IllegalArgumentException e) {
            LOG.warn("no rollback watch for {} {}: the shadow test has no usable baseline ({})", promotion.type(),
                    promotion.newVersion(), e.getMessage());
        }
    }

    private void publish(String topic, Map<String, Object> payload) {
        try {
            events.publish(topic, payload);
        } catch (RuntimeException e) {
            LOG.warn("publishing {} failed; ignored", topic, e);
        }
    }

    /** The type of a SHADOW (or CANDIDATE) version, or null; ambiguous names need the typed API. */
    private ModelType shadowTypeOf(String version) {
        ModelType found = null;
        for (ModelType t : registry.modelTypes()) {
            Optional<ModelArtifact> a = registry.find(t, version);
            if (a.isPresent() && (a.get().status() == ModelStatus.SHADOW || a.get().status() == ModelStatus.CANDIDATE)) {
                if (found != null) {
                    throw new IllegalArgumentException("shadow version '" + version + "' exists for " + found + " and " + t
                            + "; pass the model type");
                }
                found = t;
            }
        }
        return found;
    }

    /** Writes everything buffered and stops the recorder. */
    @Override
    public void close() {
        recorder.close();
    }
}
