package dev.clm.api;

/**
 * A model together with the registry version it was loaded as. Whoever loaded it owns it:
 * {@link #close()} (or try-with-resources) frees the model's native memory; idempotent as
 * {@link TrainedModel#close()} is.
 */
public record LoadedModel(String version, TrainedModel model) implements AutoCloseable {
    public LoadedModel {
        Checks.safeName(version, "version");
        Checks.notNull(model, "model");
    }

    /** Closes the model. */
    @Override
    public void close() {
        model.close();
    }
}
