package dev.clm.drift;

import dev.clm.drift.MultipleTesting.Correction;

/**
 * Thresholds of the drift rule (see {@link DriftDetector}). Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code alpha} (default 0.05, in (0, 1)): significance level of the corrected p-values.</li>
 *   <li>{@code psiMedium} / {@code psiHigh} (0.1 / 0.25, 0 &lt; medium &lt; high): PSI levels.</li>
 *   <li>{@code bins} (10, 2..1000) and {@code epsilon} (1e-4): PSI quantile bins and empty-bin floor.</li>
 *   <li>{@code criticalHighFeatures} (3, &ge; 1): this many HIGH features make the check CRITICAL.</li>
 *   <li>{@code correction} (BENJAMINI_HOCHBERG): multiple-testing correction across features.</li>
 *   <li>{@code performanceDecay} (0.05), {@code performanceHighDecay} (0.15),
 *       {@code performanceCollapse} (0.30): relative decay of accuracy (or rise of mean absolute
 *       error) vs the validation baseline for MEDIUM, HIGH and CRITICAL.</li>
 *   <li>{@code parallel} (true): features are tested in parallel on the common pool.</li>
 * </ul>
 */
public record DriftConfig(double alpha, double psiMedium, double psiHigh, int bins, double epsilon,
                          int criticalHighFeatures, Correction correction, double performanceDecay,
                          double performanceHighDecay, double performanceCollapse, boolean parallel) {
    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_PSI_MEDIUM = 0.1;
    public static final double DEFAULT_PSI_HIGH = 0.25;
    public static final int DEFAULT_BINS = 10;
    public static final double DEFAULT_EPSILON = 1e-4;
    public static final int DEFAULT_CRITICAL_HIGH_FEATURES = 3;
    public static final double DEFAULT_PERFORMANCE_DECAY = 0.05;
    public static final double DEFAULT_PERFORMANCE_HIGH_DECAY = 0.15;
    public static final double DEFAULT_PERFORMANCE_COLLAPSE = 0.30;

    public DriftConfig {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), was " + alpha);
        if (!(psiMedium > 0 && psiMedium < psiHigh && Double.isFinite(psiHigh))) {
            throw new IllegalArgumentException("psi thresholds must satisfy 0 < psiMedium < psiHigh, were " + psiMedium + " / " + psiHigh);
        }
        if (bins < 2 || bins > 1000) throw new IllegalArgumentException("bins must be in [2, 1000], was " + bins);
        if (!(epsilon > 0 && epsilon < 1.0 / bins)) throw new IllegalArgumentException("epsilon must be in (0, 1/bins), was " + epsilon);
        if (criticalHighFeatures < 1) throw new IllegalArgumentException("criticalHighFeatures must be >= 1, was " + criticalHighFeatures);
        if (correction == null) throw new IllegalArgumentException("correction must not be null");
        if (!(performanceDecay > 0 && performanceDecay < performanceHighDecay && performanceHighDecay < performanceCollapse && performanceCollapse <= 1)) {
            throw new IllegalArgumentException("performance decays must satisfy 0 < decay < highDecay < collapse <= 1, were "
                    + performanceDecay + " / " + performanceHighDecay + " / " + performanceCollapse);
        }
    }

    public static DriftConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.alpha = alpha; b.psiMedium = psiMedium; b.psiHigh = psiHigh; b.bins = bins; b.epsilon = epsilon;
        b.criticalHighFeatures = criticalHighFeatures; b.correction = correction; b.performanceDecay = performanceDecay;
        b.performanceHighDecay = performanceHighDecay; b.performanceCollapse = performanceCollapse; b.parallel = parallel;
        return b;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private double alpha = DEFAULT_ALPHA;
        private double psiMedium = DEFAULT_PSI_MEDIUM;
        private double psiHigh = DEFAULT_PSI_HIGH;
        private int bins = DEFAULT_BINS;
        private double epsilon = DEFAULT_EPSILON;
        private int criticalHighFeatures = DEFAULT_CRITICAL_HIGH_FEATURES;
        private Correction correction = Correction.BENJAMINI_HOCHBERG;
        private double performanceDecay = DEFAULT_PERFORMANCE_DECAY;
        private double performanceHighDecay = DEFAULT_PERFORMANCE_HIGH_DECAY;
        private double performanceCollapse = DEFAULT_PERFORMANCE_COLLAPSE;
        private boolean parallel = true;

        public Builder alpha(double v) { alpha = v; return this; }
        public Builder psiThresholds(double medium, double high) { psiMedium = medium; psiHigh = high; return this; }
        public Builder bins(int v) { bins = v; return this; }
        public Builder epsilon(double v) { epsilon = v; return this; }
        public Builder criticalHighFeatures(int v) { criticalHighFeatures = v; return this; }
        public Builder correction(Correction v) { correction = v; return this; }
        public Builder performanceDecays(double medium, double high, double collapse) {
            performanceDecay = medium; performanceHighDecay = high; performanceCollapse = collapse; return this;
        }
        public Builder parallel(boolean v) { parallel = v; return this; }

        public DriftConfig build() {
            return new DriftConfig(alpha, psiMedium, psiHigh, bins, epsilon, criticalHighFeatures, correction,
                    performanceDecay, performanceHighDecay, performanceCollapse, parallel);
        }
    }
}
