package dev.clm.models.spark;

import dev.clm.api.Dataset;
import java.io.Serializable;
import java.util.ArrayList;

/**
 * A clm {@link Dataset} in a form Spark can ship (the record itself is not serializable): the
 * same arrays, rebuilt and re-checked into a Dataset on the executor. Owns the arrays uncopied.
 */
record DatasetPayload(ArrayList<String> featureNames, ArrayList<String> symbols, long[] timestamps, long[] labelEndTimestamps,
                      int[] symbolIds, float[] features, float[] labels, float[] weights) implements Serializable {

    static DatasetPayload of(Dataset d) {
        return new DatasetPayload(new ArrayList<>(d.featureNames()), new ArrayList<>(d.symbols()), d.timestamps(), d.labelEndTimestamps(),
                d.symbolIds(), d.features(), d.labels(), d.weights());
    }

    Dataset toDataset() {
        return new Dataset(featureNames, symbols, timestamps, labelEndTimestamps, symbolIds, features, labels, weights);
    }
}
