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

    /**
     * Importance of each input as the total split gain over the model's trees, keyed by feature
     * name (features never split on are absent). Empty for model kinds without trees.
     */
    default Map<String, Double> featureGain() {
        return Map.of();
    }

    /**
     * Additive per-feature contributions (SHAP values) to each row's raw prediction, computed by
     * the model library: {@code rows × (features + 1)}, the last column the bias. In the library's
     * raw output space (for a direction model the margin, not the scaled forecast). Empty when the
     * model kind offers none.
     */
    default java.util.Optional<double[][]> featureContributions(Dataset rows) {
        return java.util.Optional.empty();
    }
}
