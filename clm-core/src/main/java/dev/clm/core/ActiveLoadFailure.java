package dev.clm.core;

import dev.clm.api.ModelArtifact;
import dev.clm.api.TrainedModel;
import java.util.function.Function;

/**
 * Marks a trigger check's failure to load the ACTIVE version (as opposed to a data source or
 * feature failure): a broken ACTIVE artifact is a reason to retrain, not a failed check.
 */
final class ActiveLoadFailure extends RuntimeException {
    private ActiveLoadFailure(ModelArtifact a, Throwable cause) {
        super(a.version() + ": " + CycleErrors.describe(cause), cause);
    }

    /** {@code loader}, with any non-fatal failure turned into an {@link ActiveLoadFailure}. */
    static Function<ModelArtifact, TrainedModel> marking(Function<ModelArtifact, TrainedModel> loader) {
        return a -> {
            try {
                return loader.apply(a);
            } catch (Throwable t) {
                if (CycleErrors.isFatal(t)) throw CycleErrors.rethrow(t);
                throw new ActiveLoadFailure(a, t);
            }
        };
    }
}
