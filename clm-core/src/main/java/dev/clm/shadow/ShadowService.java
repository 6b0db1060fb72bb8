package dev.clm.shadow;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
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
    private final Promoter promoter;
    private final Clock clock;
    private final RollbackMonitor rollback;
    private volatile boolean started;

    /**
     * @param promoter makes the winning shadow ACTIVE (verification, events, rollback watch);
     *                 its rollback watch is fed the recorded outcomes
     */
    public ShadowService(ModelRegistry registry, ShadowResultStore store, EventPublisher events, Clock clock,
                         ShadowPolicyConfig policy, ShadowRecorderConfig recorderConfig, Promoter promoter) {
        if (registry == null || store == null || events == null || clock == null || policy == null || recorderConfig == null
                || promoter == null) {
            throw new IllegalArgumentException("registry, store, events, clock, policy, recorderConfig and promoter must not be null");
        }
        this.registry = registry;
        this.store = store;
        this.events = new dev.clm.events.internal.QuietEventPublisher(events);
        this.policy = policy;
        this.promoter = promoter;
        this.clock = clock;
        this.evaluator = new ShadowEvaluator(policy, clock);
        this.recorder = new LiveShadowRecorder(store, this.events, clock, recorderConfig, this::shadowTypeOf);
        this.rollback = promoter.rollbackMonitor();
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

    /** The live review of every type in the registry (shadows without live samples are left to their replay decision, see the manager). */
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

    /**
     * Promotes the best live shadow of {@code type} if the live policy says PROMOTE (whatever
     * the auto-promotion switch). With {@code force} the newest shadow is promoted even if the
     * checks do not pass (the checks still run and their outcome is recorded in the reason).
     * The manager's {@code manualPromoteShadow} also covers replay-decided shadows.
     *
     * @throws ShadowPromotionRefusedException if no shadow passes and {@code force} is false, or there is no shadow
     */
    public PromotionResult promoteLiveShadow(ModelType type, boolean force) {
        return promoteLiveShadow(type, null, force);
    }

    /** As {@link #promoteLiveShadow(ModelType, boolean)} for one named shadow version (null: the best one). */
    public PromotionResult promoteLiveShadow(ModelType type, String version, boolean force) {
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
        throw new ShadowPromotionRefusedException(type, version, why.length() == 0 ? "no SHADOW version of the type" : why.toString(),
                !force && why.length() > 0);
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
            events.publish(new ClmEvent.ShadowPromotionRecommended(clock.instant(), type, recommended, chosen.activeVersion(), reason));
        } else if (chosen != null) {
            Promoter.Path path = chosen.decision() != ShadowDecision.PROMOTE ? Promoter.Path.FORCED
                    : onlyVersion != null || force ? Promoter.Path.MANUAL : Promoter.Path.LIVE_SHADOW;
            promotion = promoter.promote(type, chosen.candidateVersion(), path, reason, chosen);
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
