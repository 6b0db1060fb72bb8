package dev.clm.core;

import dev.clm.api.ClmEvent;
import dev.clm.api.Dataset;
import dev.clm.api.EventTopics;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.api.TrainedModel;
import dev.clm.context.ClmContext;
import dev.clm.shadow.Promoter;
import dev.clm.shadow.ReplayDecisions;
import dev.clm.shadow.ShadowPromotionRefusedException;
import dev.clm.shadow.ShadowService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a SHADOW version is decided, in one place for the hourly job, the manual call and the
 * scheduler: a shadow the engine records live samples for is decided by the live,
 * fixed-horizon review ({@link ShadowService}); any other by its replay decision
 * ({@link ReplayDecisions}: one replay on the newest unseen rows, recorded, final until another
 * version becomes ACTIVE). What follows a decision differs only by who asks: the hourly job
 * promotes a PROMOTE when auto-promotion is on (else publishes a recommendation) and REJECTs a
 * REJECT; a manual call promotes a PROMOTE whatever the switch, and with {@code force} also a
 * shadow that was not decided PROMOTE. Every promotion goes through the {@link Promoter}.
 */
final class ShadowDecisions {
    private static final Logger LOG = LoggerFactory.getLogger(ShadowDecisions.class);

    private final ClmContext ctx;
    private final ShadowService live;
    private final ReplayDecisions replay;
    private final Promoter promoter;

    ShadowDecisions(ClmContext ctx, ShadowService live, ReplayDecisions replay, Promoter promoter) {
        this.ctx = ctx;
        this.live = live;
        this.replay = replay;
        this.promoter = promoter;
    }

    /**
     * The replay decision of the newest replay-only SHADOW version of each type against its
     * ACTIVE version; types with no such shadow (or fewer than 2 unseen rows) are left out.
     */
    Map<ModelType, ShadowTestResult> replay(Collection<ModelType> models) {
        Dataset recent = null;
        Map<ModelType, ShadowTestResult> out = new LinkedHashMap<>();
        for (ModelType t : models) {
            ctx.requireManaged(t);
            Optional<ModelArtifact> found = replayShadow(t);
            if (found.isEmpty()) continue;
            ModelArtifact shadow = found.get();
            Optional<ModelArtifact> active = ctx.registry().getActive(t);
            Optional<ShadowTestResult> decided = replay.recorded(shadow, active.orElse(null));
            if (decided.isPresent()) {
                out.put(t, decided.get());
                continue;
            }
            if (recent == null) recent = RecentData.labelledRows(ctx.dataClient(), ctx.featureEngineer(), ctx.clock().instant(),
                    ctx.config().performanceWindow());
            Dataset window = after(recent, shadow);
            if (active.isPresent()) window = after(window, active.get());
            if (window.rows() < 2) continue;
            Dataset rows = window;
            try (TrainedModel s = ctx.load(shadow); TrainedModel a = active.isPresent() ? ctx.load(active.get()) : null) {
                out.put(t, replay.decide(shadow, active.orElse(null), () -> ctx.shadowTester().runShadowTest(t,
                        new LoadedModel(shadow.version(), s), a == null ? null : new LoadedModel(active.get().version(), a), rows)));
            }
        }
        return out;
    }

    private Optional<ModelArtifact> replayShadow(ModelType t) {
        return ctx.registry().findByStatus(t, ModelStatus.SHADOW).stream().filter(s -> !live.hasLiveSamples(t, s.version())).findFirst();
    }

    /**
     * Acts on replay results as an explicit decision: PROMOTE promotes (whatever the
     * auto-promotion switch), REJECT marks the shadow REJECTED, CONTINUE_TESTING leaves it.
     * Every PROMOTE is verified before any is promoted, so a refusal changes nothing.
     */
    List<PromotionResult> act(Map<ModelType, ShadowTestResult> results) {
        for (ShadowTestResult r : results.values()) {
            if (r.decision() == ShadowDecision.PROMOTE) promoter.verify(ctx.registry().require(r.modelType(), r.candidateVersion()));
        }
        List<PromotionResult> promoted = new ArrayList<>();
        for (ShadowTestResult r : results.values()) {
            PromotionResult p = actOn(r, true);
            if (p != null) promoted.add(p);
        }
        return promoted;
    }

    /** One replay result: PROMOTE promotes ({@code promote}) or is recommended, REJECT rejects. Null when nothing was promoted. */
    private PromotionResult actOn(ShadowTestResult r, boolean promote) {
        ModelArtifact candidate = ctx.registry().require(r.modelType(), r.candidateVersion());
        if (candidate.status() != ModelStatus.SHADOW && candidate.status() != ModelStatus.CANDIDATE) return null;
        if (r.decision() == ShadowDecision.PROMOTE) {
            if (promote) return promoter.promote(r.modelType(), r.candidateVersion(), Promoter.Path.REPLAY_SHADOW, r.reason(), r);
            ctx.events().publish(new ClmEvent.ShadowPromotionRecommended(ctx.clock().instant(), r.modelType(), r.candidateVersion(),
                    r.activeVersion(), r.reason()));
        } else if (r.decision() == ShadowDecision.REJECT) {
            ctx.registry().updateStatus(r.modelType(), r.candidateVersion(), ModelStatus.REJECTED);
        }
        return null;
    }

    /**
     * The shadow-promotion job over {@code types}: live shadows by the live review, the others by
     * their replay decision; a winner is promoted when {@code promote} (else recommended). A
     * type whose review fails is logged and counted; the others go on.
     */
    List<ShadowService.ShadowReview> review(Collection<ModelType> types, boolean promote) {
        List<ShadowService.ShadowReview> out = new ArrayList<>();
        for (ModelType t : types) {
            try {
                if (live.hasLiveSamples(t)) out.add(live.reviewShadows(t, promote));
                ShadowTestResult r = replay(List.of(t)).get(t);
                if (r == null) continue;
                PromotionResult p = actOn(r, promote);
                String recommended = p == null && !promote && r.decision() == ShadowDecision.PROMOTE ? r.candidateVersion() : null;
                Map<String, String> rejected = r.decision() == ShadowDecision.REJECT ? Map.of(r.candidateVersion(), r.reason()) : Map.of();
                out.add(new ShadowService.ShadowReview(t, List.of(r), p, recommended, rejected));
            } catch (RuntimeException e) {
                ctx.metrics().failure(t, "shadow-review");
                LOG.warn("shadow review of {} failed; nothing changed for it: {}", t, e.toString(), e);
            }
        }
        return out;
    }

    /**
     * Decides the shadows of {@code type} as the hourly job does and promotes the winner
     * whatever the auto-promotion switch; with {@code force}, when no shadow is decided
     * PROMOTE, the newest SHADOW version is promoted anyway (its decision is in the reason).
     *
     * @throws ShadowPromotionRefusedException no shadow won and {@code force} is false, or there is no shadow
     */
    PromotionResult manualPromote(ModelType type, boolean force) {
        ctx.requireManaged(type);
        if (live.hasLiveSamples(type)) return live.promoteLiveShadow(type, force);
        List<ModelArtifact> shadows = ctx.registry().findByStatus(type, ModelStatus.SHADOW);
        if (shadows.isEmpty()) throw new ShadowPromotionRefusedException(type, null, "no SHADOW version of the type", false);
        ShadowTestResult r = replay(List.of(type)).get(type);
        if (r != null && r.decision() == ShadowDecision.PROMOTE) {
            return promoter.promote(type, r.candidateVersion(), Promoter.Path.MANUAL, r.reason(), r);
        }
        String decided = r == null ? "no replay decision (too few rows neither model has seen)" : r.decision() + " - " + r.reason();
        String version = r != null ? r.candidateVersion() : shadows.get(0).version();
        if (!force) throw new ShadowPromotionRefusedException(type, version, version + ": " + decided, true);
        return promoter.promote(type, version, Promoter.Path.FORCED, "forced manual promotion; replay said " + decided, r);
    }

    private static Dataset after(Dataset d, ModelArtifact a) {
        return d.slice(d.indexAtOrAfter(a.trainingRange().end().toEpochMilli() + 1), d.rows());
    }
}
