package dev.clm.config;

/**
 * The {@code split} section: the time-ordered train | validation | test split of a cycle.
 *
 * @param validationFraction share of the rows (newest before test) used for early stopping (default 0.15; (0, 0.49])
 * @param testFraction       share of the newest rows held out for evaluation and the replay shadow test (default 0.15; (0, 0.49])
 * @param embargoBars        extra bars dropped at split boundaries on top of label purging (default 0; >= 0)
 * @param minRows            fewest rows each split must keep after purging and embargo, else the cycle fails
 *                           with too little data (default {@value #DEFAULT_MIN_ROWS}; >= 1)
 * @param walkForwardFolds   time-ordered test folds a candidate is judged on: the newest is the test split, each
 *                           earlier one ({@code walkForwardFold} long, going back from the test split) is forecast by a
 *                           model of the same type trained on the training lookback of rows before it (default
 *                           {@value #DEFAULT_WALK_FORWARD_FOLDS}; 1 = the test split alone; [1, 20]; folds the data
 *                           does not reach are left out)
 * @param walkForwardFold    length of each earlier fold (default 30 days; positive)
 */
public record SplitSettings(double validationFraction, double testFraction, int embargoBars, int minRows, int walkForwardFolds,
                            java.time.Duration walkForwardFold) {
    public static final double DEFAULT_VALIDATION_FRACTION = 0.15;
    public static final double DEFAULT_TEST_FRACTION = 0.15;
    public static final int DEFAULT_EMBARGO_BARS = 0;
    public static final int DEFAULT_MIN_ROWS = 100;
    public static final int DEFAULT_WALK_FORWARD_FOLDS = 6;
    public static final java.time.Duration DEFAULT_WALK_FORWARD_FOLD = java.time.Duration.ofDays(30);

    public SplitSettings {
        Checks.range("split.validation-fraction", validationFraction, 0, 0.49, true);
        Checks.range("split.test-fraction", testFraction, 0, 0.49, true);
        if (validationFraction + testFraction >= 0.8) {
            throw new InvalidConfigException("split.test-fraction", testFraction,
                    "split.validation-fraction + split.test-fraction < 0.8 so at least 20% of rows remain for training"
                            + " (split.validation-fraction = " + validationFraction + ")");
        }
        Checks.atLeast("split.embargo-bars", embargoBars, 0);
        Checks.atLeast("split.min-rows", minRows, 1);
        Checks.atLeast("split.walk-forward-folds", walkForwardFolds, 1);
        if (walkForwardFolds > 20) throw new InvalidConfigException("split.walk-forward-folds", walkForwardFolds, "an integer in [1, 20]");
        Checks.positive("split.walk-forward-fold", walkForwardFold);
    }

    /** How far before the training lookback the data must reach for every earlier fold: {@code (folds - 1) x fold}. */
    public java.time.Duration walkForwardSpan() {
        return walkForwardFold.multipliedBy(walkForwardFolds - 1L);
    }

    public static SplitSettings defaults() {
        return new SplitSettings(DEFAULT_VALIDATION_FRACTION, DEFAULT_TEST_FRACTION, DEFAULT_EMBARGO_BARS, DEFAULT_MIN_ROWS, DEFAULT_WALK_FORWARD_FOLDS,
                DEFAULT_WALK_FORWARD_FOLD);
    }
}
