package dev.clm.rl;

import dev.clm.api.ClmEvent;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.api.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps RL agents healthy for the manager: resets every agent when the engine publishes
 * {@code regime.changed} ({@link EventTopics#REGIME_CHANGED}, payload {regime, previousRegime}),
 * and {@link #runMaintenance()} (for the scheduler) takes due snapshots and prunes stale states.
 *
 * <p>An event whose regime equals its previous regime is ignored; resets closer together than
 * {@code minResetInterval} (default zero: no limit) are skipped, so a flapping regime detector
 * cannot keep ε high. One agent's failure never stops the others. Thread-safe.
 * {@link #close()} ends the subscription.
 */
public final class RlAgentMaintenance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RlAgentMaintenance.class);

    private final List<RlAgent> agents;
    private final EventPublisher events;
    private final Clock clock;
    private final Duration minResetInterval;
    private Subscription subscription;
    private Instant lastReset;

    public RlAgentMaintenance(List<? extends RlAgent> agents, EventPublisher events, Clock clock) {
        this(agents, events, clock, Duration.ZERO);
    }

    public RlAgentMaintenance(List<? extends RlAgent> agents, EventPublisher events, Clock clock, Duration minResetInterval) {
        Objects.requireNonNull(agents, "agents must not be null");
        if (agents.stream().anyMatch(Objects::isNull)) throw new IllegalArgumentException("agents must not contain null");
        this.agents = List.copyOf(agents);
        this.events = Objects.requireNonNull(events, "events must not be null");
        this.clock = Objects.requireNonNull(clock, "clock must not be null");
        this.minResetInterval = Objects.requireNonNull(minResetInterval, "minResetInterval must not be null");
        if (minResetInterval.isNegative()) throw new IllegalArgumentException("minResetInterval must be >= 0, was " + minResetInterval);
    }

    /** Subscribes to {@code regime.changed}; calling it again has no effect. Returns this. */
    public synchronized RlAgentMaintenance start() {
        if (subscription == null) subscription = events.subscribe(EventTopics.REGIME_CHANGED, this::onRegimeChanged);
        return this;
    }

    public List<RlAgent> agents() {
        return agents;
    }

    private void onRegimeChanged(ClmEvent event) {
        if (!(event instanceof ClmEvent.RegimeChanged changed)) return;
        String regime = changed.regime();
        String previous = changed.previousRegime();
        if (regime.equals(previous)) {
            LOG.debug("ignoring {} with unchanged regime {}", event.topic(), regime);
            return;
        }
        resetAll("regime changed: " + previous + " -> " + regime);
    }

    /**
     * Resets every agent ({@link RlAgent#resetOnRegimeShift(String)}) unless the last reset was
     * less than {@code minResetInterval} ago; returns the resets done.
     */
    public List<ResetResult> resetAll(String reason) {
        synchronized (this) {
            Instant now = clock.instant();
            if (lastReset != null && Duration.between(lastReset, now).compareTo(minResetInterval) < 0) {
                LOG.info("skipping RL reset ({}): last reset at {} is within {}", reason, lastReset, minResetInterval);
                return List.of();
            }
            lastReset = now;
        }
        List<ResetResult> done = new ArrayList<>(agents.size());
        for (RlAgent agent : agents) {
            try {
                done.add(agent.resetOnRegimeShift(reason));
            } catch (RuntimeException e) {
                LOG.warn("RL agent '{}' could not be reset ({}); its table is unchanged", agent.name(), reason, e);
            }
        }
        return done;
    }

    /**
     * Loads each agent's latest stored version (call once at start-up, after a restart);
     * returns the names of the agents restored. A failing agent is logged and skipped.
     */
    public List<String> restoreAll() {
        List<String> restored = new ArrayList<>(agents.size());
        for (RlAgent agent : agents) {
            try {
                if (agent.restoreLatest()) restored.add(agent.name());
            } catch (RuntimeException e) {
                LOG.warn("RL agent '{}' could not restore its latest version; it starts from its current table", agent.name(), e);
            }
        }
        return restored;
    }

    /** One pass over every agent: a periodic snapshot if due, then pruning of stale states. */
    public List<RlMaintenanceResult> runMaintenance() {
        List<RlMaintenanceResult> results = new ArrayList<>(agents.size());
        for (RlAgent agent : agents) {
            OptionalInt snapshot = OptionalInt.empty();
            int pruned = 0;
            try {
                snapshot = agent.snapshotIfDue();
                pruned = agent.prune();
                results.add(new RlMaintenanceResult(agent.name(), snapshot, pruned, Optional.empty()));
            } catch (RuntimeException e) {
                LOG.warn("maintenance of RL agent '{}' failed", agent.name(), e);
                results.add(new RlMaintenanceResult(agent.name(), snapshot, pruned, Optional.of(String.valueOf(e.getMessage()))));
            }
        }
        return results;
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.cancel();
            subscription = null;
        }
    }
}
