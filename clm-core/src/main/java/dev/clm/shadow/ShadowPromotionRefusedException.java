package dev.clm.shadow;

import dev.clm.api.ClmException;
import dev.clm.api.ModelType;

/** A manual promotion of a shadow was refused because the policy's checks did not pass. */
public class ShadowPromotionRefusedException extends ClmException {
    private final ModelType modelType;
    private final String version;

    public ShadowPromotionRefusedException(ModelType modelType, String version, String reason) {
        this(modelType, version, reason, true);
    }

    /** @param forceWouldPromote whether the message tells the caller that {@code force=true} promotes anyway */
    public ShadowPromotionRefusedException(ModelType modelType, String version, String reason, boolean forceWouldPromote) {
        super("promotion of " + modelType + (version == null ? "" : " version '" + version + "'") + " refused: " + reason
                + (forceWouldPromote ? " (pass force=true to promote anyway)" : ""));
        this.modelType = modelType;
        this.version = version;
    }

    public ModelType modelType() { return modelType; }

    /** The shadow version concerned, or null when the type has no shadow. */
    public String version() { return version; }
}
