package dev.clm.models.nhits;

import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.models.djl.DjlSequenceTrainerContract;
import java.util.Map;

class NHitsTrainerTest extends DjlSequenceTrainerContract {
    @Override
    protected ModelTrainer createTrainer() {
        return new NHitsTrainer();
    }

    @Override
    protected ModelType type() {
        return ModelType.NHITS;
    }

    @Override
    protected boolean exactRoundTrip() {
        return true;
    }

    /** input 32, horizon 12, 3 stacks of 2 x 64 units; 5 epochs of 64-row batches. */
    @Override
    protected Map<String, String> fastParams() {
        return Map.of("input_size", Integer.toString(LAGS), "horizon", "12", "hidden_size", "64",
                "pool_kernel_sizes", "4,2,1", "freq_downsample", "6,3,1", "epochs", "5", "batch_size", "64");
    }

    @Override
    protected Map<String, String> skillParams() {
        return with(fastParams(), "epochs", "8");
    }
}
