package dev.clm.scheduler;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainTrigger;
import dev.clm.api.Subscription;
import dev.clm.drift.DriftAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager's reactions to events, run through the {@link ClmScheduler} (so never two
 * cycles at once) on the given executor (so never on the publisher's thread, which may be the
 * engine's):
 * <ul>
 *   <li>{@code learning.drift.detected}: action PARTIAL_RETRAIN retrains the affected model
 *       type (every type when the drift is not tied to one); FULL_RETRAIN and
 *       FULL_RETRAIN_AND_ALERT retrain every type (trigger DRIFT); LOG does nothing.</li>
 *   <li>{@code learning.model.performance.degraded}: retrains that type (PERFORMANCE_DECAY).</li>
 *   <li>{@code learning.shadow.promotion.recommended}: runs the shadow promotion check of that type.</li>
 *   <li>{@code regime.changed}: calls the hooks added with {@link #onRegimeChange} (the RL
 *       agents reset there).</li>
 * </ul>
 * A reaction that fails is logged; it never reaches the publisher. Thread-safe.
 */
public final class EventReactions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventReactions.class);

    private final EventPublisher events;
    private final ClmScheduler scheduler;
    private final Executor executor;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final List<Consumer<ClmEvent>> regimeHooks = new CopyOnWriteArrayList<>();

    public EventReactions(EventPublisher events, ClmScheduler scheduler, Executor executor) {
        if (events == null || scheduler == null || executor == null) throw new IllegalArgumentException("events, scheduler and executor must not be null");
        this.events = events;
        this.scheduler = scheduler;
        this.executor = executor;
    }

    /** Starts reacting (subscribes). Idempotent. */
    public synchronized void start() {
        if (!subscriptions.isEmpty()) return;
        subscriptions.add(events.subscribe(EventTopics.DRIFT_DETECTED, e -> async(e, this::onDrift)));
        subscriptions.add(events.subscribe(EventTopics.MODEL_PERFORMANCE_DEGRADED, e -> async(e, this::onDegraded)));
        subscriptions.add(events.subscribe(EventTopics.SHADOW_PROMOTION_RECOMMENDED, e -> async(e, this::onPromotionRecommended)));
        subscriptions.add(events.subscribe(EventTopics.REGIME_CHANGED, e -> async(e, this::onRegimeChanged)));
    }

    /** Adds a hook run (on the reactions' executor) for every {@code regime.changed} event. */
    public void onRegimeChange(Consumer<ClmEvent> hook) {
        if (hook == null) throw new IllegalArgumentException("hook must not be null");
        regimeHooks.add(hook);
    }

    private void async(ClmEvent e, Consumer<ClmEvent> reaction) {
        try {
            executor.execute(() -> {
                try {
                    reaction.accept(e);
                } catch (RuntimeException ex) {
                    LOG.error("reaction to {} failed", e.topic(), ex);
                }
            });
        } catch (RejectedExecutionException ex) {
            LOG.warn("reaction to {} dropped: the reactions executor is shut down", e.topic());
        }
    }

    private void onDrift(ClmEvent e) {
        DriftAction action = DriftAction.valueOf(String.valueOf(e.payload().getOrDefault("action", "LOG")));
        Set<ModelType> affected = modelOf(e);
        String reason = "drift " + e.payload().get("severity") + " (" + e.payload().get("driftType") + ", worst '"
                + e.payload().get("feature") + "')";
        switch (action) {
            case LOG -> { }
            case PARTIAL_RETRAIN -> scheduler.triggerRetraining(RetrainTrigger.DRIFT, affected, reason, e.timestamp());
            case FULL_RETRAIN, FULL_RETRAIN_AND_ALERT -> scheduler.triggerRetraining(RetrainTrigger.DRIFT, Set.of(), reason, e.timestamp());
        }
    }

    private void onDegraded(ClmEvent e) {
        Set<ModelType> affected = modelOf(e);
        scheduler.triggerRetraining(RetrainTrigger.PERFORMANCE_DECAY, affected,
                "performance " + e.payload().get("health") + ": " + e.payload().get("reasons"), e.timestamp());
    }

    private void onPromotionRecommended(ClmEvent e) {
        Set<ModelType> affected = modelOf(e);
        scheduler.manualPromoteShadow(affected.isEmpty() ? null : affected.iterator().next());
    }

    private void onRegimeChanged(ClmEvent e) {
        for (Consumer<ClmEvent> hook : regimeHooks) {
            try {
                hook.accept(e);
            } catch (RuntimeException ex) {
                LOG.error("regime change hook failed", ex);
            }
        }
    }

    /** The payload's modelType as a set; empty (meaning every type) when absent or blank. */
    private static Set<ModelType> modelOf(ClmEvent e) {
        Object m = e.payload().get("modelType");
        return m == null || m.toString().isBlank() ? Set.of() : Set.of(ModelType.of(m.toString()));
    }

    /** Stops reacting (unsubscribes). Idempotent. */
    @Override
    public synchronized void close() {
        subscriptions.forEach(Subscription::cancel);
        subscriptions.clear();
    }
}
