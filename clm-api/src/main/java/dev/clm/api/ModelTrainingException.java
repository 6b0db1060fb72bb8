package dev.clm.api;

/** Training, loading or predicting with a model failed; names the model type and version. */
public class ModelTrainingException extends ClmException {
    private final ModelType modelType;
    private final String version;

    public ModelTrainingException(ModelType modelType, String version, String message, Throwable cause) {
        super("model " + modelType + (version == null ? "" : " version '" + version + "'") + ": " + message, cause);
        this.modelType = modelType;
        this.version = version;
    }

    public ModelTrainingException(ModelType modelType, String message) {
        this(modelType, null, message, null);
    }

    public ModelType modelType() { return modelType; }

    /** The version concerned, or null (for example while a candidate is still being trained). */
    public String version() { return version; }
}
