package dev.clm.api;

import java.time.Instant;

/**
 * What a promotion changed: {@code newVersion} became ACTIVE and {@code oldVersion} (null if
 * none) became RETIRED, in one step.
 */
public record PromotionResult(ModelType type, String oldVersion, String newVersion, Instant promotedAt, String reason) {
    public PromotionResult {
        Checks.notNull(type, "type");
        if (oldVersion != null) Checks.safeName(oldVersion, "oldVersion");
        Checks.safeName(newVersion, "newVersion");
        Checks.notNull(promotedAt, "promotedAt");
        Checks.notBlank(reason, "reason");
    }
}
