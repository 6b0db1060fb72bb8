package dev.clm.core;

import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.context.ClmContext;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which retrain triggers fire for each type: the {@link TriggerPolicy}'s (NEVER_TRAINED,
 * TIME, DATA_VOLUME, PERFORMANCE_DECAY, or a {@link TrainingCadence}'s) plus the requests
 * recorded since the type was last trained (MANUAL, DRIFT, REGIME_SHIFT, a degradation).
 * The one place the cycle and the scheduler ask. Thread-safe.
 */
final class Triggers {
    private static final Logger LOG = LoggerFactory.getLogger(Triggers.class);

    private final ClmContext ctx;
    private final TriggerPolicy policy;
    private final Map<ModelType, TrainingCadence> cadences;
    private final Map<ModelType, Set<RetrainTrigger>> requested = new ConcurrentHashMap<>();

    Triggers(ClmContext ctx, Map<ModelType, TrainingCadence> cadences) {
        this(ctx, cadences, (a, v) -> { });
    }

    /** @param demoter what a PERFORMANCE_DECAY verdict (ACTIVE significantly worse than the zero forecast) does to the ACTIVE version */
    Triggers(ClmContext ctx, Map<ModelType, TrainingCadence> cadences, TriggerPolicy.Demoter demoter) {
        this.ctx = ctx;
        this.cadences = cadences;
        this.policy = new TriggerPolicy(ctx.config(), ctx.dataClient(), ctx.featureEngineer(), ctx.evaluator(), demoter,
                new RegistryFailureMemory(ctx.registry()));
    }

    /** Records a request; it fires at every check until {@code type} is trained. */
    void request(ModelType type, RetrainTrigger trigger) {
        requested.computeIfAbsent(type, t -> ConcurrentHashMap.newKeySet()).add(trigger);
    }

    /** Whether a request waits for {@code type}. */
    boolean hasRequest(ModelType type) {
        Set<RetrainTrigger> s = requested.get(type);
        return s != null && !s.isEmpty();
    }

    /** {@code type} was trained: its requests are answered. */
    void clear(ModelType type) {
        requested.remove(type);
    }

    /**
     * Triggers that fire now for each of {@code models}. A check that fails is logged and fires
     * nothing but the requests; inside a cycle the same failure is reported (the type fails at
     * stage {@code trigger-check}), never skipped silently.
     */
    Map<ModelType, Set<RetrainTrigger>> check(Collection<ModelType> models) {
        Map<ModelType, Set<RetrainTrigger>> out = new LinkedHashMap<>();
        check(models, out).forEach((t, e) -> LOG.warn("trigger check of {} failed; no trigger fired for it: {}", t, e));
        return out;
    }

    /**
     * Puts the triggers that fire now for each of {@code models} into {@code out} and returns the
     * checks that threw, by type (a fatal error is rethrown). An ACTIVE version whose artifact
     * cannot be loaded fires {@link RetrainTrigger#ACTIVE_UNLOADABLE}.
     */
    Map<ModelType, String> check(Collection<ModelType> models, Map<ModelType, Set<RetrainTrigger>> out) {
        Instant now = ctx.clock().instant();
        Map<ModelType, String> errors = new LinkedHashMap<>();
        for (ModelType t : models) {
            ctx.requireManaged(t);
            Set<RetrainTrigger> fired = EnumSet.noneOf(RetrainTrigger.class);
            fired.addAll(requested.getOrDefault(t, Set.of()));
            try {
                Optional<ModelArtifact> newest = ctx.registry().history(t, 1).stream().findFirst();
                TrainingCadence cadence = cadences.get(t);
                var loader = ActiveLoadFailure.marking(ctx::load);
                if (cadence == null) {
                    fired.addAll(policy.evaluate(ctx.registry().getActive(t), newest, now, loader));
                } else {
                    fired.addAll(policy.evaluate(cadence, newest, ctx.registry().getActive(t), now, loader));
                }
            } catch (ActiveLoadFailure e) {
                LOG.warn("{}: the ACTIVE version cannot be loaded ({}); it will be retrained from scratch", t, e.getMessage());
                fired.add(RetrainTrigger.ACTIVE_UNLOADABLE);
            } catch (Throwable e) {
                if (CycleErrors.isFatal(e)) throw CycleErrors.rethrow(e);
                errors.put(t, CycleErrors.describe(e));
            }
            out.put(t, Set.copyOf(fired));
        }
        return errors;
    }

    /** The TIME rule alone (nothing loaded): whether {@code type}'s versions are old enough to retrain. */
    boolean timeDue(ModelType type, Instant now) {
        return policy.timeDue(ctx.registry().getActive(type), ctx.registry().history(type, 1).stream().findFirst(), now);
    }
}
