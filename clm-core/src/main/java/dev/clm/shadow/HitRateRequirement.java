package dev.clm.shadow;

/** What the hit-rate fold test (hit differential averaged per timestamp, t-test on purged time folds) must show for a promotion. */
public enum HitRateRequirement {
    /**
     * The shadow's hit rate must not be significantly lower than the active's (one-sided, level
     * alpha). Significance of the improvement comes from the fold tests on the loss;
     * this guards direction, so a lower loss bought by losing directional skill is refused, while
     * a better-calibrated model with the same directions can still be promoted. The false
     * promotion rate is then that of the loss tests alone: at most alpha.
     */
    NOT_WORSE,
    /**
     * The shadow's hit rate must be significantly higher (one-sided, level alpha) as well as the
     * loss significantly lower: an intersection-union test, still at level alpha overall, with
     * less power and no promotion of magnitude-only improvements. The default: in simulation its
     * false promotion rate stays below alpha (about 3-4% at alpha 5%) while NOT_WORSE sits at alpha.
     */
    BETTER,
    /** The hit-rate test is computed and reported but does not influence the decision. */
    IGNORE
}
