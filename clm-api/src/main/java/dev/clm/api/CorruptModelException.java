package dev.clm.api;

/**
 * Model bytes whose envelope is readable but whose native part (the XGBoost or LightGBM model
 * itself) is damaged or is not a model clm can hand to the native library safely. Refused
 * before any native code sees the bytes, so a corrupted artifact cannot crash the process.
 * Names the model type, the version when the caller knows it, and what is wrong.
 */
public class CorruptModelException extends ModelTrainingException {
    private final String reason;

    public CorruptModelException(ModelType modelType, String version, String reason) {
        super(modelType, version, "refused corrupted model bytes: " + reason, null);
        this.reason = reason;
    }

    /** What is wrong with the bytes (without the type and version). */
    public String reason() {
        return reason;
    }

    /** The same refusal naming {@code version} (for callers that know which version the bytes are). */
    public CorruptModelException withVersion(String version) {
        CorruptModelException e = new CorruptModelException(modelType(), version, reason);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
