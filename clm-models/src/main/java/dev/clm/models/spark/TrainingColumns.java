package dev.clm.models.spark;

import java.io.Serializable;

/**
 * The arrays of a clm {@link dev.clm.api.Dataset} that training reads, as one broadcast value:
 * shipped once per executor, then turned into rows partition by partition. Owns the arrays
 * uncopied (they are the dataset's own); never modified.
 */
record TrainingColumns(int columns, float[] features, float[] labels, float[] weights, float[] baseMargins) implements Serializable {

    int rows() {
        return labels.length;
    }
}
