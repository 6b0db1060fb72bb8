package dev.clm.core;

import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACTIVE version a cycle compares its candidate against and warm-starts from. An ACTIVE
 * version whose artifact cannot be loaded (corrupted or missing bytes, a model the trainer
 * refuses) must not block its type for good: the cycle then treats the type as having no usable
 * ACTIVE — it trains from scratch (FULL, never INCREMENTAL from broken bytes), compares the
 * candidate against the zero-return forecast, and may promote it (which retires the broken
 * version) — and says so in {@link #note()}. A fatal error ({@link CycleErrors#isFatal}) while
 * loading is rethrown.
 *
 * @param artifact the usable ACTIVE version, empty when there is none or it cannot be loaded
 * @param model    its loaded model (the caller closes it), null when {@code artifact} is empty
 * @param note     why an existing ACTIVE version is not used, or null
 */
record UsableActive(Optional<ModelArtifact> artifact, TrainedModel model, String note) {
    private static final Logger LOG = LoggerFactory.getLogger(UsableActive.class);

    static UsableActive open(ModelType type, Optional<ModelArtifact> active, java.util.function.Function<ModelArtifact, TrainedModel> loader) {
        if (active.isEmpty()) return new UsableActive(Optional.empty(), null, null);
        ModelArtifact a = active.get();
        try {
            return new UsableActive(active, loader.apply(a), null);
        } catch (Throwable t) {
            if (CycleErrors.isFatal(t)) throw CycleErrors.rethrow(t);
            String note = "ACTIVE version " + a.version() + " cannot be loaded (" + CycleErrors.describe(t) + "); trained from scratch "
                    + "(FULL, no warm start) and compared against the zero-return forecast instead";
            LOG.warn("{}: {}", type, note, t);
            return new UsableActive(Optional.empty(), null, note);
        }
    }
}
