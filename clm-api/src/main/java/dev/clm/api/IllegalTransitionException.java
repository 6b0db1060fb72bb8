package dev.clm.api;

/** A status change that the model lifecycle does not allow (for example REJECTED to ACTIVE). */
public class IllegalTransitionException extends ClmException {
    private final ModelType modelType;
    private final String version;
    private final ModelStatus from;
    private final ModelStatus to;

    public IllegalTransitionException(ModelType modelType, String version, ModelStatus from, ModelStatus to) {
        super("model " + modelType + " version '" + version + "' cannot go from " + from + " to " + to
                + "; allowed from " + from + ": " + from.allowedTargets());
        this.modelType = modelType;
        this.version = version;
        this.from = from;
        this.to = to;
    }

    public ModelType modelType() { return modelType; }
    public String version() { return version; }
    public ModelStatus from() { return from; }
    public ModelStatus to() { return to; }
}
