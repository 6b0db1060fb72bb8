package dev.clm.ensemble;

import java.util.List;

/** A blend with weights fitted on purged K-fold out-of-fold forecasts. Runs {@link dev.clm.api.contract.ModelTrainerContract}. */
class FittedBlendContractTest extends EnsembleContractBase {
    @Override
    EnsembleSpec spec() {
        return EnsembleSpec.fittedBlend(List.of(RIDGE_A, RIDGE_B));
    }
}
