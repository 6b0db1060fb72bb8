package dev.clm.api;

import java.util.List;
import java.util.Map;

/**
 * Turns bars into a {@link Dataset}: features at row t use only bars up to and including t;
 * the label is the forward log return over {@link #horizon()} bars. Warm-up rows (where a
 * feature is undefined) and the last {@code horizon} rows of each symbol (no label yet) are
 * left out. Thread-safe.
 */
public interface FeatureEngineer {

    /** Features and labels of every symbol, rows in time order. */
    Dataset transform(MarketData data);

    /**
     * Features of every row where they are defined, including the newest rows whose label is
     * not known yet (label NaN): what an engine feeds a model to predict the next move.
     */
    Dataset transformForPrediction(MarketData data);

    /** Feature columns, in the order of the dataset's rows. */
    List<String> featureNames();

    /** Label horizon in bars. */
    int horizon();

    /** Bars needed before the first row with all features defined. */
    int warmupBars();

    /** The configuration, recorded with every model version so a loaded model gets the same features. */
    Map<String, String> config();
}
