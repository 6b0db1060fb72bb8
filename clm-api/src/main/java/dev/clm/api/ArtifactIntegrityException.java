package dev.clm.api;

/**
 * Stored model bytes are missing or do not match their recorded SHA-256 checksum. The model is
 * never loaded in that case: a silently wrong model is worse than no model.
 */
public class ArtifactIntegrityException extends ClmException {
    private final ModelType modelType;
    private final String version;

    public ArtifactIntegrityException(ModelType modelType, String version, String detail) {
        super("artifact of model " + modelType + " version '" + version + "' failed its integrity check: " + detail);
        this.modelType = modelType;
        this.version = version;
    }

    public ModelType modelType() { return modelType; }
    public String version() { return version; }
}
