package dev.clm.scheduler;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.Subscription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reactions to events the engine publishes: for every {@code regime.changed} the hooks added
 * with {@link #onRegimeChange} run on the given executor (never on the publisher's thread,
 * which may be the engine's). The library's own reactions (drift or degradation → retrain) are
 * direct calls where the thing is found, not subscriptions. A hook that fails is logged; it
 * never reaches the publisher. Thread-safe.
 */
public final class EventReactions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventReactions.class);

    private final EventPublisher events;
    private final Executor executor;
    private final List<Consumer<ClmEvent>> regimeHooks = new CopyOnWriteArrayList<>();
    private Subscription subscription;

    public EventReactions(EventPublisher events, Executor executor) {
        if (events == null || executor == null) throw new IllegalArgumentException("events and executor must not be null");
        this.events = events;
        this.executor = executor;
    }

    /** Starts reacting (subscribes). Idempotent. */
    public synchronized void start() {
        if (subscription == null) subscription = events.subscribe(EventTopics.REGIME_CHANGED, this::onRegimeChanged);
    }

    /** Adds a hook run (on the reactions' executor) for every {@code regime.changed} event. */
    public void onRegimeChange(Consumer<ClmEvent> hook) {
        if (hook == null) throw new IllegalArgumentException("hook must not be null");
        regimeHooks.add(hook);
    }

    private void onRegimeChanged(ClmEvent e) {
        try {
            executor.execute(() -> {
                for (Consumer<ClmEvent> hook : regimeHooks) {
                    try {
                        hook.accept(e);
                    } catch (RuntimeException ex) {
                        LOG.error("regime change hook failed", ex);
                    }
                }
            });
        } catch (RejectedExecutionException ex) {
            LOG.warn("reaction to {} dropped: the reactions executor is shut down", e.topic());
        }
    }

    /** Stops reacting (unsubscribes). Idempotent. */
    @Override
    public synchronized void close() {
        if (subscription != null) subscription.cancel();
        subscription = null;
    }
}
