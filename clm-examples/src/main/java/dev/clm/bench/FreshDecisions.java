package dev.clm.bench;

import dev.clm.api.CycleReport;
import dev.clm.api.DataClient;
import dev.clm.api.Dataset;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelType;
import dev.clm.api.ShadowTestResult;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.examples.SettableClock;
import dev.clm.features.TechnicalFeatureEngineer;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The walk-forward benchmark's {@code fresh} mode: at every cycle date a new manager with an empty
 * registry runs one cycle, so each decision is a candidate against the zero forecast alone (no
 * ACTIVE version to beat). It measures the power of one decision and what the promoted models do
 * on the next, unseen period; candidates that were not promoted are scored there too.
 */
final class FreshDecisions {
    private FreshDecisions() {}

    /** Per model type: [decisions, promoted, promoted and beat zero next, candidates that beat zero next, candidates scored, failures]. */
    private static final int DECISIONS = 0, PROMOTED = 1, PROMOTED_BEAT = 2, CAND_BEAT = 3, CAND_SCORED = 4, FAILED = 5;

    static void run(Supplier<ContinuousLearningManager> managers, DataClient data, SettableClock clock, Instant start, Instant end,
                    int cycleDays, List<ModelType> types, String described, String market, String variant, PlantedSignalMarket oracle) {
        long t0 = System.nanoTime();
        Map<ModelType, int[]> tally = new LinkedHashMap<>();
        Map<ModelType, StringBuilder> lines = new LinkedHashMap<>();
        Map<ModelType, Map<String, Integer>> failedRequirements = new LinkedHashMap<>();
        Map<ModelType, String> lastReject = new LinkedHashMap<>();
        for (ModelType t : types) {
            failedRequirements.put(t, new java.util.TreeMap<>());
            tally.put(t, new int[6]);
            lines.put(t, new StringBuilder());
        }
        Duration cycle = Duration.ofDays(cycleDays);
        System.out.printf(Locale.ROOT, "fresh decisions: %s market, %s, %s -> %s, a new manager (empty registry) every %d days, "
                + "default settings%s%n", market, described, start, end, cycleDays, market.equals("real") ? "" : " (" + variant + ")");
        int cycles = 0, oracleWins = 0;
        for (Instant t = start; !t.isAfter(end); t = t.plus(cycle)) {
            if (oracle != null && oracle.oracleBeatsZero(t, t.plus(cycle))) oracleWins++;
            clock.advance(Duration.between(clock.instant(), t));
            try (ContinuousLearningManager clm = managers.get()) {
                CycleReport report = clm.runFullCycle(false, types);
                cycles++;
                for (CycleReport.ModelFailure f : report.failed()) {
                    tally.get(f.type())[FAILED]++;
                    System.out.println("  " + t + " " + f.type().name() + " failed at " + f.stage() + ": " + f.reason());
                }
                Instant next = t.plus(cycle);
                clock.advance(Duration.between(clock.instant(), next));
                Dataset period = WalkForwardBenchmark.unseenPeriod(data, (TechnicalFeatureEngineer) clm.featureEngineer(), t, next);
                clock.advance(Duration.between(clock.instant(), t));
                for (ModelType type : types) {
                    ShadowTestResult r = report.shadowResults().get(type);
                    CycleReport.ModelEvaluation ev = report.evaluations().get(type);
                    if (r == null || ev == null) continue;
                    int[] c = tally.get(type);
                    c[DECISIONS]++;
                    boolean promoted = report.promoted().stream().anyMatch(p -> p.type().equals(type));
                    if (promoted) c[PROMOTED]++;
                    if (r.decision() == dev.clm.api.ShadowDecision.REJECT) {
                        lastReject.put(type, t.toString().substring(0, 10) + ": " + r.reason());
                        for (String[] req : WalkForwardBenchmark.REQUIREMENTS) {
                            if (r.reason().contains(req[0])) failedRequirements.get(type).merge(req[1], 1, Integer::sum);
                        }
                    }
                    if (period.rows() == 0) continue;
                    byte[] bytes = clm.registry().loadBytes(type, ev.candidateVersion());
                    try (LoadedModel m = new LoadedModel(ev.candidateVersion(), clm.trainer().load(type, bytes))) {
                        double[] p = m.model().predict(period);
                        double maeModel = WalkForwardBenchmark.mae(p, period.labels());
                        double maeZero = WalkForwardBenchmark.mae(new double[period.rows()], period.labels());
                        boolean beat = maeModel < maeZero;
                        c[CAND_SCORED]++;
                        if (beat) c[CAND_BEAT]++;
                        if (promoted && beat) c[PROMOTED_BEAT]++;
                        if (promoted) {
                            lines.get(type).append(String.format(Locale.ROOT, "    %s promoted; next %d days MAE %+.2f%% vs zero%n",
                                    t.toString().substring(0, 10), cycleDays, 100 * (maeModel / maeZero - 1)));
                        }
                    }
                }
            }
        }
        System.out.printf(Locale.ROOT, "%d cycles in %.0f s%n", cycles, (System.nanoTime() - t0) / 1e9);
        if (oracle != null) {
            System.out.printf(Locale.ROOT, "the true conditional mean beat the zero forecast (MAE) on %d of %d next periods%n", oracleWins, cycles);
        }
        for (ModelType type : types) {
            int[] c = tally.get(type);
            System.out.printf(Locale.ROOT, "%-9s decisions %d, promoted %d (%.0f%%), promoted that beat zero on the next period %d/%d, "
                            + "candidates that beat zero on the next period %d/%d, failures %d%n", type.name(), c[DECISIONS], c[PROMOTED],
                    c[DECISIONS] == 0 ? 0.0 : 100.0 * c[PROMOTED] / c[DECISIONS], c[PROMOTED_BEAT], c[PROMOTED], c[CAND_BEAT],
                    c[CAND_SCORED], c[FAILED]);
            System.out.println("          REJECTs by failed requirement: " + failedRequirements.get(type));
            System.out.println("          last REJECT " + lastReject.getOrDefault(type, "-"));
            System.out.print(lines.get(type));
        }
    }
}
