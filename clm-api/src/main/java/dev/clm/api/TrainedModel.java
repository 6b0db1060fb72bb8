package dev.clm.api;

import java.util.List;
import java.util.Map;

/**
 * A fitted model that predicts the forward log return of a row of features.
 *
 * <p>Holds native memory in most implementations: the owner must {@link #close()} it
 * (idempotent). After close, predict and serialize throw {@link IllegalStateException}.
 * {@link #predict(float[])} is safe to call from several threads unless the implementation
 * says otherwise.
 */
public interface TrainedModel extends AutoCloseable {

    ModelType type();

    /** The feature columns this model was trained on, in the order a row must have them. */
    List<String> featureNames();

    /** Predicted forward log return for one row in {@link #featureNames()} order. */
    double predict(float[] row);

    /** Predictions for every row of {@code data} (its feature names must match). */
    double[] predict(Dataset data);

    /** The model in its library's native format (never Java serialization). */
    byte[] serialize();

    /** Name of the serialized format, for example {@code xgboost-ubj} or {@code lightgbm-text}. */
    String format();

    /** Where the model came from: trainer, parameters, seed, library versions. */
    default Map<String, String> provenance() {
        return Map.of();
    }

    /** Frees native resources. Idempotent. */
    @Override
    void close();
}
