package dev.clm.api;

/**
 * Compares a candidate with the active model on the newest data before promotion.
 * Never closes the models it is given.
 */
public interface ShadowTester {

    /**
     * Runs candidate and active over the rows of {@code window} and decides.
     *
     * @param active null when no version of this type is active; the candidate is then
     *               compared with the naive zero-return forecast
     */
    ShadowTestResult runShadowTest(ModelType type, LoadedModel candidate, LoadedModel active, Dataset window);
}
