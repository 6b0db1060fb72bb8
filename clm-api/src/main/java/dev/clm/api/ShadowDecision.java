package dev.clm.api;

/** Outcome of a shadow test. */
public enum ShadowDecision {
    /** The candidate is better by the required margin, with enough samples and significance. */
    PROMOTE,
    /** The candidate is worse (or not better with enough evidence that it never will be). */
    REJECT,
    /** Not enough evidence yet either way. */
    CONTINUE_TESTING
}
