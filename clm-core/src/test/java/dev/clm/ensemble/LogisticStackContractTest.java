package dev.clm.ensemble;

import java.util.List;

/** A stack with the logistic (direction) meta-learner. Runs {@link dev.clm.api.contract.ModelTrainerContract}. */
class LogisticStackContractTest extends EnsembleContractBase {
    @Override
    EnsembleSpec spec() {
        return EnsembleSpec.stack(List.of(RIDGE_A, RIDGE_B)).withMeta(MetaLearner.LOGISTIC, 0.1);
    }
}
