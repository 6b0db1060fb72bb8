package dev.clm.api;

import java.util.EnumSet;
import java.util.Set;

/**
 * Lifecycle of a model version: {@code CANDIDATE -> SHADOW -> ACTIVE -> RETIRED}, and
 * {@code REJECTED} for a candidate or shadow that lost. A RETIRED version may become ACTIVE
 * again (rollback). Versions are never deleted.
 */
public enum ModelStatus {
    CANDIDATE, SHADOW, ACTIVE, RETIRED, REJECTED;

    /** Statuses this one may move to. */
    public Set<ModelStatus> allowedTargets() {
        return switch (this) {
            case CANDIDATE -> EnumSet.of(SHADOW, ACTIVE, REJECTED);
            case SHADOW -> EnumSet.of(ACTIVE, REJECTED);
            case ACTIVE -> EnumSet.of(RETIRED);
            case RETIRED -> EnumSet.of(ACTIVE);
            case REJECTED -> EnumSet.noneOf(ModelStatus.class);
        };
    }

    public boolean canTransitionTo(ModelStatus target) {
        return allowedTargets().contains(target);
    }
}
