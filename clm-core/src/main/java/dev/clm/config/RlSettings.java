package dev.clm.config;

import java.time.Duration;

/**
 * The {@code rl} section: how the manager maintains the RL agents given to its builder.
 *
 * @param minResetInterval regime resets closer together than this are skipped (default 0: every change resets; >= 0)
 */
public record RlSettings(Duration minResetInterval) {
    public static final Duration DEFAULT_MIN_RESET_INTERVAL = Duration.ZERO;

    public RlSettings {
        Checks.nonNegative("rl.min-reset-interval", minResetInterval);
    }

    public static RlSettings defaults() {
        return new RlSettings(DEFAULT_MIN_RESET_INTERVAL);
    }
}
