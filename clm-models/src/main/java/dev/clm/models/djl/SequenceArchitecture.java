package dev.clm.models.djl;

import ai.djl.nn.Block;
import dev.clm.api.ModelType;
import dev.clm.api.ParamSchema;
import dev.clm.api.ResolvedParams;

/**
 * A neural network kind that maps an input window of returns {@code (batch, inputSize)} to one
 * standardized forward-return prediction {@code (batch, 1)}. Implementations are stateless and
 * thread safe; {@link #build} returns a new, uninitialized block each call.
 */
public interface SequenceArchitecture {
    /** Tag of the parameters that shape the network (fixed for INCREMENTAL fine-tuning). */
    String ARCHITECTURE = "architecture";

    ModelType type();

    /** Format name written into the serialized bytes, for example {@code clm-nhits-djl-v1}. */
    String format();

    /** Every parameter the type accepts (architecture ones tagged {@link #ARCHITECTURE}, and training), with defaults and ranges. */
    ParamSchema params();

    /** Length L of the input window ({@code ret_lag_{L-1}} .. {@code ret_lag_0}). */
    int inputSize(ResolvedParams params);

    /**
     * A new network for these parameters.
     *
     * @throws IllegalArgumentException when parameters contradict each other (naming them)
     */
    Block build(ResolvedParams params);
}
