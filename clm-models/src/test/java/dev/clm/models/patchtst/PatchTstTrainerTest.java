package dev.clm.models.patchtst;

import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.models.djl.DjlSequenceTrainerContract;
import java.util.Map;

class PatchTstTrainerTest extends DjlSequenceTrainerContract {
    @Override
    protected ModelTrainer createTrainer() {
        return new PatchTstTrainer();
    }

    @Override
    protected ModelType type() {
        return ModelType.PATCHTST;
    }

    @Override
    protected boolean exactRoundTrip() {
        return true;
    }

    /** context 32, patches of 8 with stride 4 (8 patches), d_model 16, 2 heads, 1 layer; 5 epochs. */
    @Override
    protected Map<String, String> fastParams() {
        return Map.of("input_size", Integer.toString(LAGS), "patch_length", "8", "stride", "4", "d_model", "16", "heads", "2",
                "layers", "1", "ff_size", "32", "epochs", "5", "batch_size", "64",
                // five epochs of this small transformer do not beat the zero forecast on the contract's data; the plumbing
                // tests need a model anyway (the skill tests assert skill themselves)
                "max_validation_mse_ratio", "100");
    }

    @Override
    protected Map<String, String> skillParams() {
        return with(fastParams(), "epochs", "8");
    }
}
