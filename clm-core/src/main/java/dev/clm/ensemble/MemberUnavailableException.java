package dev.clm.ensemble;

import dev.clm.api.ModelTrainingException;
import dev.clm.api.ModelType;

/**
 * A member of an ensemble cannot be used: the member version is not in the registry (or the
 * type has no ACTIVE version to train with), its bytes fail their checksum, its registry
 * checksum differs from the one the ensemble recorded, the member trainer cannot load it, or it
 * was trained on other features. {@link #modelType()} and {@link #version()} name the member
 * (version null when no version could be chosen); {@link #ensembleType()} the ensemble.
 */
public class MemberUnavailableException extends ModelTrainingException {
    private final ModelType ensembleType;

    public MemberUnavailableException(ModelType ensembleType, ModelType memberType, String memberVersion, String detail,
                                      Throwable cause) {
        super(memberType, memberVersion, "cannot be used as a member of ensemble " + ensembleType + ": " + detail, cause);
        this.ensembleType = ensembleType;
    }

    public ModelType ensembleType() {
        return ensembleType;
    }
}
