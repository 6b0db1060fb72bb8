package dev.clm.drift;

import dev.clm.api.Dataset;
import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.InvalidDataException;
import dev.clm.api.ModelType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.special.Erf;

/**
 * Detects FEATURE, PREDICTION and PERFORMANCE drift between a reference window and a recent one.
 *
 * <p>The rule (thresholds from {@link DriftConfig}, defaults in brackets):
 * <ol>
 *   <li>Each distribution gets a two-sample KS test (exact D, asymptotic p-value in log space)
 *       and a PSI on 10 reference-quantile bins.</li>
 *   <li>The p-values of one check are corrected across features (Benjamini–Hochberg by
 *       default); a finding is <em>significant</em> when its adjusted p &lt; alpha [0.05].</li>
 *   <li>Per finding: HIGH when significant and PSI &ge; psiHigh [0.25]; MEDIUM when
 *       significant and PSI &ge; psiMedium [0.1]; LOW when significant with a smaller PSI (a
 *       real but small shift, which large windows detect), or PSI &ge; psiMedium without
 *       significance (a large-looking shift on too little data); NONE otherwise.</li>
 *   <li>Per check: the worst finding, raised to CRITICAL when at least
 *       criticalHighFeatures [3] findings are HIGH.</li>
 *   <li>PERFORMANCE: relative decay of the winrate vs the validation baseline (or rise of
 *       the mean absolute error), significant by a one-sided binomial z-test (winrate) or
 *       KS (errors): MEDIUM from 5%, HIGH from 15%, CRITICAL (collapse) from 30%; a decay of
 *       5% or more that is not significant is LOW.</li>
 * </ol>
 *
 * <p>Thread-safe and stateless apart from its configuration.
 */
public final class DriftDetector {
    private final DriftConfig config;

    public DriftDetector(DriftConfig config) {
        if (config == null) throw new IllegalArgumentException("config must not be null");
        this.config = config;
    }

    public DriftConfig config() {
        return config;
    }

    /**
     * FEATURE drift of every column of {@code current} against {@code reference}; both must
     * have the same feature names in the same order. {@code modelType} may be null.
     */
    public DriftReport featureDrift(ModelType modelType, Dataset reference, Dataset current) {
        if (!reference.featureNames().equals(current.featureNames())) {
            throw new InvalidDataException(null, -1, "featureNames", "reference has " + reference.featureNames()
                    + " but current has " + current.featureNames() + "; expected the same features in the same order");
        }
        int cols = reference.columns();
        List<String> names = reference.featureNames();
        TwoSampleScan.Stats[] stats = new TwoSampleScan.Stats[cols];
        IntStream range = IntStream.range(0, cols);
        (config.parallel() ? range.parallel() : range).forEach(c -> stats[c] = TwoSampleScan.ofColumns(reference.features(),
                reference.rows(), current.features(), current.rows(), cols, c, names.get(c), config.bins(), config.epsilon()));
        return report(modelType, names, stats);
    }

    /**
     * FEATURE drift of columns given as arrays: {@code reference[f]} vs {@code current[f]}.
     * Columns whose values are all float32 take the one-sort fast path; others are sorted on
     * 64-bit keys. Both give the same D as commons-math3.
     */
    public DriftReport featureDrift(ModelType modelType, List<String> names, double[][] reference, double[][] current) {
        if (names.size() != reference.length || names.size() != current.length) {
            throw new InvalidDataException(null, -1, "columns", names.size() + " names but " + reference.length
                    + " reference and " + current.length + " current columns; expected one column per name");
        }
        TwoSampleScan.Stats[] stats = new TwoSampleScan.Stats[names.size()];
        IntStream range = IntStream.range(0, names.size());
        (config.parallel() ? range.parallel() : range).forEach(c -> stats[c] = stats(reference[c], current[c], names.get(c)));
        return report(modelType, names, stats);
    }

    private TwoSampleScan.Stats stats(double[] reference, double[] current, String name) {
        if (reference == null || reference.length == 0 || current == null || current.length == 0) {
            throw new InvalidDataException(null, -1, name, "sample is empty; expected at least one value in reference and current");
        }
        TwoSampleScan.Stats fast = TwoSampleScan.ofFloatValuedOrNull(reference, current, config.bins(), config.epsilon());
        if (fast != null) return fast;
        SortedSample ref = SortedSample.of(reference, "reference." + name);
        SortedSample cur = SortedSample.of(current, "current." + name);
        long d = KolmogorovSmirnov.integralStatistic(ref.keys(), ref.size(), cur.keys(), cur.size());
        return new TwoSampleScan.Stats(d, ref.size(), cur.size(), PopulationStability.psi(ref, cur, config.bins(), config.epsilon()));
    }

    private DriftReport report(ModelType modelType, List<String> names, TwoSampleScan.Stats[] stats) {
        int k = names.size();
        double[] lnP = new double[k];
        for (int c = 0; c < k; c++) {
            lnP[c] = KolmogorovSmirnov.lnPValueAt(KolmogorovSmirnov.scaled(stats[c].statistic(), stats[c].n(), stats[c].m()));
        }
        double[] adjusted = MultipleTesting.adjustLn(lnP, config.correction());
        List<DriftFinding> findings = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            boolean significant = adjusted[c] < Math.log(config.alpha());
            double psi = stats[c].psi();
            findings.add(new DriftFinding(DriftType.FEATURE, modelType, names.get(c), stats[c].statistic(), lnP[c],
                    adjusted[c], psi, significant, distributionSeverity(significant, psi)));
        }
        return new DriftReport(DriftType.FEATURE, modelType, findings, overall(findings));
    }

    /** PREDICTION drift: the model's recent predictions vs its reference predictions (one test, no correction). */
    public DriftReport predictionDrift(ModelType modelType, double[] reference, double[] recent) {
        if (modelType == null) throw new IllegalArgumentException("modelType must not be null for prediction drift");
        SortedSample ref = SortedSample.of(reference, "reference.prediction");
        SortedSample cur = SortedSample.of(recent, "recent.prediction");
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(ref, cur);
        double psi = PopulationStability.psi(ref, cur, config.bins(), config.epsilon());
        boolean significant = ks.lnP() < Math.log(config.alpha());
        DriftFinding f = new DriftFinding(DriftType.PREDICTION, modelType, "prediction", ks.statistic(), ks.lnP(), ks.lnP(),
                psi, significant, distributionSeverity(significant, psi));
        return new DriftReport(DriftType.PREDICTION, modelType, List.of(f), f.severity());
    }

    /**
     * PERFORMANCE drift of a directional winrate: {@code hits} of {@code trials} recent
     * predictions were right, against the validation accuracy {@code baselineAccuracy}.
     */
    public DriftReport winrateDrift(ModelType modelType, double baselineAccuracy, long hits, long trials) {
        if (modelType == null) throw new IllegalArgumentException("modelType must not be null for performance drift");
        if (!(baselineAccuracy > 0 && baselineAccuracy < 1)) {
            throw new IllegalArgumentException("baselineAccuracy must be in (0, 1), was " + baselineAccuracy);
        }
        if (trials <= 0 || hits < 0 || hits > trials) {
            throw new IllegalArgumentException("need 0 <= hits <= trials and trials > 0, were hits=" + hits + " trials=" + trials);
        }
        double rate = (double) hits / trials;
        double decay = (baselineAccuracy - rate) / baselineAccuracy;
        double z = (rate - baselineAccuracy) / Math.sqrt(baselineAccuracy * (1 - baselineAccuracy) / trials);
        double lnP = lnNormalLowerTail(z);
        boolean significant = lnP < Math.log(config.alpha());
        DriftFinding f = new DriftFinding(DriftType.PERFORMANCE, modelType, "winrate", decay, lnP, lnP, Double.NaN,
                significant, performanceSeverity(significant, decay));
        return new DriftReport(DriftType.PERFORMANCE, modelType, List.of(f), f.severity());
    }

    /**
     * PERFORMANCE drift of absolute errors: recent |error| vs the validation |error|; the
     * decay is the relative rise of the mean absolute error, significance from KS.
     */
    public DriftReport errorDrift(ModelType modelType, double[] baselineAbsErrors, double[] recentAbsErrors) {
        if (modelType == null) throw new IllegalArgumentException("modelType must not be null for performance drift");
        SortedSample ref = SortedSample.of(baselineAbsErrors, "baseline.absError");
        SortedSample cur = SortedSample.of(recentAbsErrors, "recent.absError");
        double baseMae = mean(baselineAbsErrors), recentMae = mean(recentAbsErrors);
        if (!(baseMae > 0)) throw new InvalidDataException(null, -1, "baseline.absError", "mean absolute error is " + baseMae + "; expected > 0");
        double rise = (recentMae - baseMae) / baseMae;
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(ref, cur);
        boolean significant = ks.lnP() < Math.log(config.alpha());
        DriftFinding f = new DriftFinding(DriftType.PERFORMANCE, modelType, "abs_error", rise, ks.lnP(), ks.lnP(),
                PopulationStability.psi(ref, cur, config.bins(), config.epsilon()), significant, performanceSeverity(significant, rise));
        return new DriftReport(DriftType.PERFORMANCE, modelType, List.of(f), f.severity());
    }

    DriftSeverity distributionSeverity(boolean significant, double psi) {
        if (significant && psi >= config.psiHigh()) return DriftSeverity.HIGH;
        if (significant && psi >= config.psiMedium()) return DriftSeverity.MEDIUM;
        if (significant || psi >= config.psiMedium()) return DriftSeverity.LOW;
        return DriftSeverity.NONE;
    }

    DriftSeverity performanceSeverity(boolean significant, double decay) {
        if (decay < config.performanceDecay()) return DriftSeverity.NONE;
        if (!significant) return DriftSeverity.LOW;
        if (decay >= config.performanceCollapse()) return DriftSeverity.CRITICAL;
        if (decay >= config.performanceHighDecay()) return DriftSeverity.HIGH;
        return DriftSeverity.MEDIUM;
    }

    private DriftSeverity overall(List<DriftFinding> findings) {
        DriftSeverity worst = DriftSeverity.NONE;
        int high = 0;
        for (DriftFinding f : findings) {
            if (f.severity().compareTo(worst) > 0) worst = f.severity();
            if (f.severity() == DriftSeverity.HIGH) high++;
        }
        return high >= config.criticalHighFeatures() ? DriftSeverity.CRITICAL : worst;
    }

    /** ln Phi(z), finite far into the lower tail (Mills-ratio asymptote where erfc underflows). */
    static double lnNormalLowerTail(double z) {
        double p = 0.5 * Erf.erfc(-z / Math.sqrt(2.0));
        if (p > 0) return Math.log(p);
        double a = -z; // z very negative: Phi(z) ~ phi(z)/a (1 - 1/a^2 + 3/a^4)
        return -0.5 * a * a - Math.log(a) - 0.5 * Math.log(2 * Math.PI) + Math.log1p(-1 / (a * a) + 3 / (a * a * a * a));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
