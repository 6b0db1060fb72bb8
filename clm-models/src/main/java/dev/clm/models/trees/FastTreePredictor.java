package dev.clm.models.trees;

/**
 * A tree ensemble evaluated in Java from flat primitive arrays, for the engine's hot path: no
 * native call, no allocation, no lock. Built once from the library's own dump of a trained
 * model; predictions equal the library's within float rounding (tests check).
 *
 * <p>Immutable and thread-safe. Callers check the row width ({@link #featureCount()}).
 */
public interface FastTreePredictor {

    /** Columns a row must have. */
    int featureCount();

    /** Trees (boosting rounds, single output) in the ensemble. */
    int treeCount();

    /**
     * The library's prediction for {@code row} from all trees: the raw sum for identity-link
     * objectives, the sigmoid of it for the logistic (direction) objectives. NaN values are missing.
     */
    double predict(float[] row);

    /** As {@link #predict(float[])} from the first {@code trees} trees only (a warm-started model's parent prefix). */
    double predict(float[] row, int trees);
}
