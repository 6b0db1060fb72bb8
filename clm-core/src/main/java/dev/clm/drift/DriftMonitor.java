package dev.clm.drift;

import dev.clm.api.ClmEvent;
import dev.clm.api.DriftEvent;
import dev.clm.api.DriftEventStore;
import dev.clm.api.DriftSeverity;
import dev.clm.api.EventPublisher;
import dev.clm.api.EventTopics;
import dev.clm.metrics.ClmMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link DriftResponsePolicy} to a {@link DriftReport}: records every finding of
 * severity LOW or worse in the {@link DriftEventStore} ({@code drift_events}), publishes one
 * {@code learning.drift.detected} event per check of severity LOW or worse (payload
 * {driftType, severity, modelType, feature, pValue, log10PValue, psi, action, driftedFeatures}
 * for the worst finding; modelType "" when not tied to a model), plus
 * {@code learning.drift.critical} for CRITICAL, and counts the check in the metrics.
 *
 * <p>Thread-safe if its store and publisher are. A failing store is logged and does not stop
 * the events (the engine must still hear about a CRITICAL drift).
 */
public final class DriftMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(DriftMonitor.class);

    private final DriftEventStore store;
    private final EventPublisher events;
    private final DriftResponsePolicy policy;
    private final ClmMetrics metrics;
    private final Clock clock;

    public DriftMonitor(DriftEventStore store, EventPublisher events, DriftResponsePolicy policy, ClmMetrics metrics, Clock clock) {
        if (store == null || events == null || policy == null || metrics == null || clock == null) {
            throw new IllegalArgumentException("store, events, policy, metrics and clock must not be null");
        }
        this.store = store;
        this.events = events;
        this.policy = policy;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Records and publishes {@code report}; returns the action the policy chose. */
    public DriftAction handle(DriftReport report) {
        DriftAction action = policy.actionFor(report.severity());
        metrics.driftEvent(report.driftType(), report.severity());
        if (report.severity() == DriftSeverity.NONE) return action;
        Instant now = clock.instant();
        List<DriftFinding> drifted = report.atLeast(DriftSeverity.LOW);
        try {
            for (DriftFinding f : drifted) {
                store.record(new DriftEvent(now, f.driftType(), f.severity(), f.modelType(), f.name(), f.statistic(),
                        f.pValue(), f.log10P(), f.psi(), action.name()));
            }
        } catch (RuntimeException e) {
            LOG.error("could not record {} drift findings; publishing the events anyway", drifted.size(), e);
        }
        DriftFinding worst = report.worst();
        List<String> driftedFeatures = drifted.stream().filter(f -> f.severity().compareTo(DriftSeverity.MEDIUM) >= 0)
                .map(DriftFinding::name).toList();
        LOG.info("{} drift {} for {} (worst '{}', log10 p {}, PSI {}): {}", report.driftType(), report.severity(),
                report.modelType() == null ? "all models" : report.modelType(), worst.name(), worst.log10P(), worst.psi(), action);
        boolean critical = action == DriftAction.FULL_RETRAIN_AND_ALERT || report.severity() == DriftSeverity.CRITICAL;
        for (boolean alert : critical ? new boolean[] {false, true} : new boolean[] {false}) {
            events.publish(new ClmEvent.DriftDetected(now, alert, report.driftType(), report.severity(), report.modelType(), worst.name(),
                    worst.pValue(), worst.log10P(), worst.psi(), action.name(), driftedFeatures));
        }
        return action;
    }
}
