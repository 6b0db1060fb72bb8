package dev.clm.bench;

import dev.clm.api.Dataset;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowSample;
import dev.clm.api.ShadowTestResult;
import dev.clm.eval.ZeroForecastChallenge;
import dev.clm.events.InProcessEventBus;
import dev.clm.registry.InMemoryModelRegistry;
import dev.clm.shadow.HitRateRequirement;
import dev.clm.shadow.PairedForecasts;
import dev.clm.shadow.RollbackMonitor;
import dev.clm.shadow.ShadowEvaluator;
import dev.clm.shadow.ShadowPolicyConfig;
import dev.clm.stats.DieboldMariano;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The A/A scenarios that prove the size of clm's decisions on dependent data: 8 correlated
 * symbols (factor correlation 0.5, Student-t shocks, stochastic volatility), hourly bars,
 * overlapping 12-bar labels ({@link PanelMarket}). In every scenario the null hypothesis holds
 * exactly, so each "yes" is a false decision:
 * <ul>
 *   <li>{@link #replayAa}: active and candidate have the same skill (same signal, prediction errors
 *       of the same law, persistent and partly common across symbols; exchangeable, so the expected
 *       loss differential is 0) and both beat the zero forecast ({@link #meanSkillVsZero}); replay
 *       decision on 312 hours x 8 symbols = 2,496 rows;</li>
 *   <li>{@link #liveAa}: the same through the live path (recorded samples, fixed horizon 2,400);</li>
 *   <li>{@link #decayBoundary}: the decay/demotion rule on a stationary market with a model exactly
 *       as good as the zero forecast in expectation ({@code p = y (1 + W)}, {@code W ~ U(-2, 2)}, so
 *       {@code E|y - p| = E|y| E|W| = E|y|});</li>
 *   <li>{@link #rollbackAa}: the rollback watch of a new version as good as the one it replaced,
 *       with the baseline taken from the replaced version's own test window;</li>
 *   <li>{@link #rowsNeweyWestAa}: for reference, the former statistic (Diebold–Mariano with a
 *       Newey–West lag of 11 rows over the pooled, symbol-interleaved rows) on the replay A/A.</li>
 * </ul>
 * The policy in the A/A scenarios is the least conservative one (no minimum improvement, the
 * hit-rate test ignored), so the rate measured is that of the loss tests alone.
 */
public final class DecisionSizeSimulation {
    public static final int SYMBOLS = 8;
    public static final double RHO = 0.5;
    public static final int HOURS = 312;
    public static final double SIGNAL = 0.15;
    static final ModelType TYPE = ModelType.of("sim");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    /** The worst case for size: only the loss tests decide. */
    public static final ShadowPolicyConfig LOSS_ONLY = ShadowPolicyConfig.defaults().withMinImprovement(0)
            .withHitRate(HitRateRequirement.IGNORE).withMinSamples(2400);

    private DecisionSizeSimulation() {}

    /** Forecasts of two equally skilled models on one panel. */
    record Pair(PanelMarket.Panel panel, double[] active, double[] candidate) {}

    /**
     * Two equally skilled models: each forecast is the signal plus its own error, and the errors
     * are persistent in time (AR(1), 0.8 per hour) and shared in part across symbols (half of the
     * variance is common), as errors of models fed persistent features are. Exchangeable, so the
     * expected loss differential is exactly 0.
     */
    static Pair equalSkill(long seed) {
        return equalSkill(seed, HOURS);
    }

    static Pair equalSkill(long seed, int hours) {
        PanelMarket.Panel p = PanelMarket.generate(SYMBOLS, hours, RHO, SIGNAL, seed);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double c = 0.01 * SIGNAL * 7.2; // the feature's coefficient in the 12-bar label (AR(1) 0.9 summed over 12 bars)
        int n = p.rows();
        double[] a = new double[n], s = new double[n];
        double[] ua = new double[SYMBOLS], us = new double[SYMBOLS];
        double phi = 0.8, innov = Math.sqrt(1 - phi * phi) * ERROR_SD;
        for (int t = 0; t < p.timestamps(); t++) {
            double ca = PanelMarket.gaussian(rnd), cs = PanelMarket.gaussian(rnd);
            for (int k = 0; k < SYMBOLS; k++) {
                ua[k] = phi * ua[k] + innov * (Math.sqrt(0.5) * ca + Math.sqrt(0.5) * PanelMarket.gaussian(rnd));
                us[k] = phi * us[k] + innov * (Math.sqrt(0.5) * cs + Math.sqrt(0.5) * PanelMarket.gaussian(rnd));
                int i = t * SYMBOLS + k;
                a[i] = c * (p.feature()[i] + ua[k]);
                s[i] = c * (p.feature()[i] + us[k]);
            }
        }
        return new Pair(p, a, s);
    }

    /** Standard deviation of a model's forecast error in units of the feature. */
    static final double ERROR_SD = 0.5;

    /**
     * Mean relative MAE reduction of the A/A models over the zero forecast (the scenario is only a
     * test of the comparison with the active if both models beat zero).
     */
    public static double meanSkillVsZero(int windows, long seed) {
        double sum = 0;
        for (int w = 0; w < windows; w++) {
            Pair x = equalSkill(seed + w);
            double m = 0, z = 0;
            for (int i = 0; i < x.panel().rows(); i++) {
                double y = x.panel().label()[i];
                m += Math.abs(x.active()[i] - y);
                z += Math.abs(y);
            }
            sum += 1 - m / z;
        }
        return sum / windows;
    }

    /** Number of PROMOTE decisions of the replay path in {@code decisions} A/A windows. */
    public static int replayAa(int decisions, long seed) {
        return replayAa(decisions, seed, HOURS);
    }

    /** The same on windows of {@code hours} hours (a walk-forward's evidence is months long). */
    public static int replayAa(int decisions, long seed, int hours) {
        ShadowEvaluator ev = new ShadowEvaluator(LOSS_ONLY, CLOCK);
        int promoted = 0;
        for (int d = 0; d < decisions; d++) {
            Pair x = equalSkill(seed + d, hours);
            PairedForecasts f = new PairedForecasts(x.active(), x.candidate(), x.panel().label(), x.panel().timesMillis(), SYMBOLS,
                    PanelMarket.HORIZON_BARS * PanelMarket.HOUR_MS);
            if (ev.evaluateReplay(TYPE, "c1", "a1", f, 1).decision() == ShadowDecision.PROMOTE) promoted++;
        }
        return promoted;
    }

    /**
     * Number of PROMOTE decisions against the zero forecast alone (no ACTIVE version, as in a first
     * cycle or after a demotion) of a candidate exactly as good as zero in expected absolute error,
     * {@code p = y (1 + W)}, {@code W ~ U(-2, 2)}, on windows of {@code hours} hours.
     */
    public static int replayVsZero(int decisions, long seed, int hours) {
        ShadowEvaluator ev = new ShadowEvaluator(LOSS_ONLY, CLOCK);
        int promoted = 0;
        for (int d = 0; d < decisions; d++) {
            PanelMarket.Panel p = PanelMarket.generate(SYMBOLS, hours, RHO, 0, seed + d);
            SplittableRandom rnd = new SplittableRandom((seed + d) ^ 0x5DEECE66DL);
            int n = p.rows();
            double[] zero = new double[n], cand = new double[n];
            for (int i = 0; i < n; i++) cand[i] = p.label()[i] * (1 + (4 * rnd.nextDouble() - 2));
            PairedForecasts f = new PairedForecasts(zero, cand, p.label(), p.timesMillis(), SYMBOLS,
                    PanelMarket.HORIZON_BARS * PanelMarket.HOUR_MS);
            if (ev.evaluateReplay(TYPE, "c1", null, f, 1).decision() == ShadowDecision.PROMOTE) promoted++;
        }
        return promoted;
    }

    /** Number of PROMOTE decisions of the live path (recorded samples, fixed horizon) in A/A runs. */
    public static int liveAa(int decisions, long seed) {
        ShadowEvaluator ev = new ShadowEvaluator(LOSS_ONLY, CLOCK);
        int promoted = 0;
        for (int d = 0; d < decisions; d++) {
            Pair x = equalSkill(seed + d);
            List<ShadowSample> samples = new ArrayList<>(x.panel().rows());
            for (int i = 0; i < x.panel().rows(); i++) {
                // symbols are recorded a few milliseconds apart, as a live engine does
                long t = x.panel().timesMillis()[i] + x.panel().symbolIds()[i] * 3L;
                samples.add(new ShadowSample(i, TYPE, "c1", "a1", "S" + x.panel().symbolIds()[i], t, x.active()[i], x.candidate()[i],
                        x.panel().label()[i], 0));
            }
            PairedForecasts f = PairedForecasts.fromSamples(samples, PanelMarket.HORIZON_BARS);
            ShadowTestResult r = ev.evaluateLive(TYPE, "c1", "a1", f, 1);
            if (r.decision() == ShadowDecision.PROMOTE) promoted++;
        }
        return promoted;
    }

    /** Number of checks in which the decay/demotion rule fires on a model exactly as good as zero. */
    public static int decayBoundary(int checks, long seed) {
        return decayBoundary(checks, seed, ZeroForecastChallenge.DEFAULT_ALPHA);
    }

    /** As {@link #decayBoundary(int, long)} at level {@code alpha}. */
    public static int decayBoundary(int checks, long seed, double alpha) {
        int fired = 0;
        for (int d = 0; d < checks; d++) {
            PanelMarket.Panel p = PanelMarket.generate(SYMBOLS, HOURS, RHO, 0, seed + d);
            SplittableRandom rnd = new SplittableRandom(seed + d + 77);
            int n = p.rows();
            double[] pred = new double[n];
            for (int i = 0; i < n; i++) pred[i] = p.label()[i] * (1 + rnd.nextDouble(-2, 2));
            if (ZeroForecastChallenge.test(pred, dataset(p), alpha).worseThanZero()) fired++;
        }
        return fired;
    }

    /** Number of A/A rollback watches that conclude "degraded" (automatic rollback off, so nothing is promoted). */
    public static int rollbackAa(int watches, long seed) {
        ShadowPolicyConfig cfg = LOSS_ONLY.withRollbackWindowSamples(2400).withAutoRollback(false);
        ShadowEvaluator ev = new ShadowEvaluator(cfg, CLOCK);
        int degraded = 0;
        for (int w = 0; w < watches; w++) {
            Pair before = equalSkill(seed + 2L * w);
            PairedForecasts f = new PairedForecasts(before.active(), before.candidate(), before.panel().label(),
                    before.panel().timesMillis(), SYMBOLS, PanelMarket.HORIZON_BARS * PanelMarket.HOUR_MS);
            ShadowTestResult basis = ev.evaluateReplay(TYPE, "new", "old", f, 1);
            RollbackMonitor m = new dev.clm.shadow.Promoter(new InMemoryModelRegistry(CLOCK), new InProcessEventBus(CLOCK), CLOCK, cfg,
                    dev.clm.metrics.ClmMetrics.noop(), version -> { }).rollbackMonitor();
            m.watch(TYPE, "new", "old", RollbackMonitor.Baseline.from(basis));
            Pair after = equalSkill(seed + 2L * w + 1);
            for (int i = 0; i < after.panel().rows(); i++) {
                m.observe(TYPE, "new", "S" + after.panel().symbolIds()[i], after.panel().timesMillis()[i], after.candidate()[i],
                        after.panel().label()[i]);
            }
            var d = m.decision(TYPE).orElseThrow();
            if (d.state() != RollbackMonitor.WatchState.PASSED) degraded++;
        }
        return degraded;
    }

    /** The former rule on the replay A/A: one-sided DM, Newey–West lag 11 rows on the pooled rows, HLN, level 5%. */
    public static int rowsNeweyWestAa(int decisions, long seed) {
        int rejected = 0;
        for (int d = 0; d < decisions; d++) {
            Pair x = equalSkill(seed + d);
            int n = x.panel().rows();
            double[] diff = new double[n];
            for (int i = 0; i < n; i++) {
                double y = x.panel().label()[i];
                diff[i] = Math.abs(x.active()[i] - y) - Math.abs(x.candidate()[i] - y);
            }
            if (DieboldMariano.test(diff, n, 12, 11, true).pValueGreater() < 0.05) rejected++;
        }
        return rejected;
    }

    static Dataset dataset(PanelMarket.Panel p) {
        int n = p.rows();
        long[] end = new long[n];
        float[] y = new float[n], x = new float[n];
        for (int i = 0; i < n; i++) {
            end[i] = p.timesMillis()[i] + PanelMarket.HORIZON_BARS * PanelMarket.HOUR_MS;
            y[i] = (float) p.label()[i];
            x[i] = (float) p.feature()[i];
        }
        List<String> symbols = new ArrayList<>();
        for (int s = 0; s < p.symbols(); s++) symbols.add("S" + s);
        return new Dataset(List.of("g"), symbols, p.timesMillis(), end, p.symbolIds(), x, y, null);
    }

    /** A one-sided 95% Wilson upper bound for a rate. */
    public static double wilsonUpper(long k, long n) {
        double z = 1.959963984540054, p = k / (double) n, z2 = z * z;
        return (p + z2 / (2.0 * n) + z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n))) / (1 + z2 / n);
    }

    /** Lower bound of the same interval. */
    public static double wilsonLower(long k, long n) {
        double z = 1.959963984540054, p = k / (double) n, z2 = z * z;
        return (p + z2 / (2.0 * n) - z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n))) / (1 + z2 / n);
    }
}
