package dev.clm.core;

import dev.clm.api.ModelType;
import dev.clm.api.RetrainingType;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one cycle should do.
 *
 * @param force          train every type in {@code models} (MANUAL) instead of only those whose triggers fire
 * @param models         the types to consider (empty: every managed type)
 * @param retrainingType FULL, PARTIAL or INCREMENTAL for this cycle, or null for the configured rule
 *                       ({@code cycle.retraining-type}); a cadence type keeps its cadence's kind
 * @param lookback       how far back this cycle's training data reaches, or null for
 *                       {@code cycle.training-lookback}; a cadence type keeps its cadence's lookback
 */
public record CycleRequest(boolean force, List<ModelType> models, RetrainingType retrainingType, Duration lookback) {
    public CycleRequest {
        models = List.copyOf(Objects.requireNonNull(models, "models"));
        if (lookback != null && (lookback.isNegative() || lookback.isZero())) {
            throw new IllegalArgumentException("lookback must be positive, was " + lookback);
        }
    }

    /** A forced cycle of {@code models} with the configured kind and lookback. */
    public static CycleRequest forced(List<ModelType> models) {
        return new CycleRequest(true, models, null, null);
    }
}
