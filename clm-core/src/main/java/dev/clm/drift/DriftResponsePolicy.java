package dev.clm.drift;

import dev.clm.api.DriftSeverity;
import java.util.EnumMap;
import java.util.Map;

/**
 * Maps a drift check's severity to the {@link DriftAction} taken. Default: NONE and LOW log,
 * MEDIUM partial retrain of the affected model, HIGH full retrain, CRITICAL full retrain plus
 * {@code learning.drift.critical}. Immutable; thread-safe.
 */
public final class DriftResponsePolicy {
    private final Map<DriftSeverity, DriftAction> actions;

    private DriftResponsePolicy(Map<DriftSeverity, DriftAction> actions) {
        this.actions = actions;
    }

    public static DriftResponsePolicy defaults() {
        EnumMap<DriftSeverity, DriftAction> m = new EnumMap<>(DriftSeverity.class);
        m.put(DriftSeverity.NONE, DriftAction.LOG);
        m.put(DriftSeverity.LOW, DriftAction.LOG);
        m.put(DriftSeverity.MEDIUM, DriftAction.PARTIAL_RETRAIN);
        m.put(DriftSeverity.HIGH, DriftAction.FULL_RETRAIN);
        m.put(DriftSeverity.CRITICAL, DriftAction.FULL_RETRAIN_AND_ALERT);
        return new DriftResponsePolicy(m);
    }

    /** A copy of this policy answering {@code action} for {@code severity}. */
    public DriftResponsePolicy with(DriftSeverity severity, DriftAction action) {
        if (severity == null || action == null) throw new IllegalArgumentException("severity and action must not be null");
        EnumMap<DriftSeverity, DriftAction> m = new EnumMap<>(actions);
        m.put(severity, action);
        return new DriftResponsePolicy(m);
    }

    public DriftAction actionFor(DriftSeverity severity) {
        return actions.get(severity);
    }
}
