package dev.clm.train;

import dev.clm.api.Dataset;
import java.time.Instant;

/**
 * Computes per-row sample weights for one training or validation split, for example from the
 * realised reward/risk of the trade each row belongs to or from the class balance (factories
 * in {@link SampleWeights}). Given to the manager with
 * {@code ContinuousLearningManager.builder().sampleWeighting(...)}, it is applied to the
 * training and validation splits of every cycle and never to the held-out test rows the
 * evaluation and the replay shadow test score on.
 *
 * <p>No look-ahead: {@code knownBefore} is the start of the next split (validation for the
 * training split, test for the validation split). An implementation may use only what was
 * known before it: the splitter already purged rows whose label ends later, but it cannot see
 * when a trade closed, so a trade still open at {@code knownBefore} must not lend its outcome
 * to a row. Implementations must be thread-safe and side-effect free.
 */
@FunctionalInterface
public interface SampleWeighting {

    /**
     * One weight per row of {@code rows} (finite, {@code >= 0}, not all zero), using only
     * information known before {@code knownBefore}.
     */
    float[] weights(Dataset rows, Instant knownBefore);

    /**
     * The row-wise product of this weighting and {@code other}, renormalised to mean 1 (for
     * example reward/risk times class balance).
     */
    default SampleWeighting times(SampleWeighting other) {
        java.util.Objects.requireNonNull(other, "other");
        return (rows, knownBefore) -> {
            float[] a = SampleWeights.checked(weights(rows, knownBefore), rows, "first weighting");
            float[] b = SampleWeights.checked(other.weights(rows, knownBefore), rows, "second weighting");
            double[] product = new double[a.length];
            for (int i = 0; i < a.length; i++) product[i] = (double) a[i] * b[i];
            return SampleWeights.normalised(product, 0, Double.MAX_VALUE);
        };
    }
}
