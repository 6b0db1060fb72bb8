package dev.clm.api;

/** A model together with the registry version it was loaded as. The model stays owned by the caller. */
public record LoadedModel(String version, TrainedModel model) {
    public LoadedModel {
        Checks.safeName(version, "version");
        Checks.notNull(model, "model");
    }
}
