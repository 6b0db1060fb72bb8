package dev.clm.api;

import java.time.Instant;

/**
 * A numbered version of an RL agent's Q-table ({@code rl_versions}).
 *
 * @param agent     agent name (for example {@code meta_strategy})
 * @param version   1, 2, 3, ... per agent
 * @param json      the snapshot document (version, created_at, q_table, metadata)
 * @param archived  true once superseded by a reset
 * @param reason    why it was taken ("periodic", "regime reset", ...)
 */
public record RlSnapshot(String agent, int version, Instant createdAt, String json, boolean archived, String reason) {
    public RlSnapshot {
        Checks.safeName(agent, "agent");
        if (version < 1) throw new IllegalArgumentException("version must be >= 1, was " + version);
        Checks.notNull(createdAt, "createdAt");
        Checks.notBlank(json, "json");
        Checks.notBlank(reason, "reason");
    }
}
