package dev.clm.api;

/** A model type or version was asked for that the registry (or a trainer) does not know. */
public class UnknownModelException extends ClmException {
    private final ModelType modelType;
    private final String version;

    public UnknownModelException(ModelType modelType, String version, String detail) {
        super("unknown model " + modelType + (version == null ? "" : " version '" + version + "'")
                + (detail == null ? "" : ": " + detail));
        this.modelType = modelType;
        this.version = version;
    }

    public ModelType modelType() { return modelType; }

    /** The version asked for, or null when the type itself is unknown. */
    public String version() { return version; }
}
