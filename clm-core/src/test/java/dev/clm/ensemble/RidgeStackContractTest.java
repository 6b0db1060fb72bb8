package dev.clm.ensemble;

import java.util.List;

/** A stack with the ridge meta-learner. Runs {@link dev.clm.api.contract.ModelTrainerContract}. */
class RidgeStackContractTest extends EnsembleContractBase {
    @Override
    EnsembleSpec spec() {
        return EnsembleSpec.stack(List.of(RIDGE_A, RIDGE_B));
    }
}
