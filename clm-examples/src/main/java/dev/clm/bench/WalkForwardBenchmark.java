package dev.clm.bench;

import dev.clm.api.ClmEvent;
import dev.clm.api.CycleReport;
import dev.clm.api.DataClient;
import dev.clm.api.Dataset;
import dev.clm.api.LoadedModel;
import dev.clm.api.ModelType;
import dev.clm.api.PromotionResult;
import dev.clm.api.ShadowDecision;
import dev.clm.api.ShadowTestResult;
import dev.clm.config.ClmConfig;
import dev.clm.core.ContinuousLearningManager;
import dev.clm.data.CsvDataClient;
import dev.clm.examples.SettableClock;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.models.CompositeModelTrainer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import dev.clm.train.RidgeTrainer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Walk-forward of the whole library on real candles through its public API: a manager with
 * default settings (ridge, XGBoost and LightGBM with modest tree parameters) runs
 * {@code runFullCycle(false, ...)} every N days with its clock set to that day, and every model
 * it made ACTIVE is scored on the following, unseen period against the zero-return forecast and
 * against the version it replaced. Between cycles the decay check ({@code checkIfRetrainNeeded}) runs
 * once per performance window, which is what demotes. Prints per model type the decisions, promotions, demotions and
 * each promotion's next-period result. The honest outcome on a market without learnable skill is
 * few or no promotions, and demotion of what fails.
 *
 * <p>Arguments (all optional, in order): symbols (comma-separated, files
 * {@code binance_perp_1h/<SYM>_PERP_1h.csv}), start date, end date, cycle days, market
 * ({@code real} or {@code signflip}: real returns times a random sign per timestamp shared by all
 * symbols; or {@code planted}: real returns plus a 24-bar momentum, see {@link PlantedSignalMarket}),
 * the sign seed for {@code signflip} or beta for {@code planted}, data set ({@code perp1h}, {@code spot1h} files
 * {@code binance_spot_1h/<SYM>_1h.csv}, {@code spot5m} files {@code binance_spot_5m/<SYM>_5m.csv}), training
 * lookback in days (0 or absent: the default; the only setting that may differ from the defaults), mode
 * ({@code continuing}, the default: one manager throughout; or {@code fresh}: a new manager with an empty registry at
 * every cycle, so every decision is a candidate against the zero forecast alone — the power of one decision).
 */
public final class WalkForwardBenchmark {
    private WalkForwardBenchmark() {}

    private static Duration barLength = Duration.ofHours(1);

    /** Fewer, faster trees than the production defaults so the walk-forward runs in minutes. */
    static final Map<String, String> TREE_PARAMS = Map.of("num_rounds", "200", "learning_rate", "0.05",
            "early_stopping_rounds", "20");

    /** What happened to one model type over the walk-forward. */
    private static final class Tally {
        final Map<ShadowDecision, Integer> decisions = new EnumMap<>(ShadowDecision.class);
        int promotions, demotions, failures, activeWindows, activeBeatZero, promotedBeatZero, promotedBeatReplaced, scoredPromotions;
        /** Every candidate on the next period, split by whether it beat zero on clm's own test split: [beat next, scored]. */
        final int[] testWinners = new int[2], testLosers = new int[2];
        /** Sum of the candidates' MSE skill over zero (R2) on the next period, and how many. */
        double nextR2Sum;
        int nextR2Count;
        /** How often each promotion requirement failed in a REJECT. */
        final Map<String, Integer> failedRequirements = new java.util.TreeMap<>();
        /** The reasons, with their numbers, of the last REJECT and of the last one with no ACTIVE version (against zero alone). */
        String lastReject = "", lastRejectVsZero = "";
        final List<String> promotionLines = new ArrayList<>();
    }

    /** A trained candidate (promoted or not) waiting for the next period. */
    private record Candidate(dev.clm.api.TrainedModel model, boolean beatZeroOnTest) {}

    /** A promotion waiting for its next period. */
    private record Pending(String version, Instant at, String replaced) {}

    public static void main(String[] args) {
        if (args.length == 1) args = args[0].trim().split("\\s+"); // -Dbench.args="..." arrives as one argument
        if (args.length == 1 && args[0].isEmpty()) args = new String[0];
        String[] symbols = (args.length > 0 ? args[0] : "BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT").split(",");
        Instant start = Instant.parse((args.length > 1 ? args[1] : "2022-01-01") + "T00:00:00Z");
        Instant end = Instant.parse((args.length > 2 ? args[2] : "2024-03-01") + "T00:00:00Z");
        int cycleDays = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        String market = args.length > 4 ? args[4] : "real";
        String variant = args.length > 5 ? args[5] : "1";    // the sign seed (signflip) or beta (planted)
        String dataset = args.length > 6 ? args[6] : "perp1h";
        int lookbackDays = args.length > 7 ? Integer.parseInt(args[7]) : 0;     // 0: the default training lookback
        boolean fresh = args.length > 8 && args[8].equals("fresh");
        ClmConfig config = lookbackDays == 0 ? ClmConfig.defaults()
                : ClmConfig.builder().trainingLookback(Duration.ofDays(lookbackDays)).build();
        String pattern = switch (dataset) {
            case "perp1h" -> "binance_perp_1h/%s_PERP_1h.csv";
            case "spot1h" -> "binance_spot_1h/%s_1h.csv";
            case "spot5m" -> "binance_spot_5m/%s_5m.csv";
            default -> throw new IllegalArgumentException("data set must be perp1h, spot1h or spot5m, was " + dataset);
        };
        barLength = dataset.endsWith("5m") ? Duration.ofMinutes(5) : Duration.ofHours(1);

        SettableClock clock = new SettableClock(start);
        CsvDataClient.Builder csv = CsvDataClient.builder().clock(clock);
        for (String s : symbols) csv.file(s, SharedData.file(String.format(pattern, s)));
        CsvDataClient real = csv.build();
        DataClient data = switch (market) {
            case "real" -> real;
            case "signflip" -> {
                clock.advance(Duration.between(start, end));
                SignFlippedMarket m = new SignFlippedMarket(real.loadAll(), Long.parseLong(variant), clock);
                clock.advance(Duration.between(end, start));
                yield m;
            }
            case "planted" -> {
                clock.advance(Duration.between(start, end));
                PlantedSignalMarket m = new PlantedSignalMarket(real.loadAll(), Double.parseDouble(variant), 12, clock);
                clock.advance(Duration.between(end, start));
                System.out.printf(Locale.ROOT, "planted 24-bar momentum, beta %s: the true conditional mean's MSE skill over zero"
                        + " (R2) on every 12-bar label up to the end: %.2f%%%n", variant, 100 * m.oracleR2());
                yield m;
            }
            default -> throw new IllegalArgumentException("market must be real, signflip or planted, was " + market);
        };
        TechnicalFeatureEngineer features = new TechnicalFeatureEngineer();
        List<ModelType> types = List.of(RidgeTrainer.RIDGE, ModelType.XGBOOST, ModelType.LIGHTGBM);
        String described = dataset + " " + String.join(",", symbols) + (lookbackDays == 0 ? "" : ", training lookback " + lookbackDays + " days");
        try (CompositeModelTrainer trainer = CompositeModelTrainer.builder().register(new RidgeTrainer())
                .register(new XGBoostTrainer()).register(new LightGBMTrainer()).build()) {
            java.util.function.Supplier<ContinuousLearningManager> manager = () -> ContinuousLearningManager.builder()
                    .clock(clock).config(config).dataClient(data).featureEngineer(features)
                    .trainer(trainer).modelTypes(types)
                    .trainingParams(ModelType.XGBOOST, TREE_PARAMS).trainingParams(ModelType.LIGHTGBM, TREE_PARAMS)
                    .build();
            if (fresh) {
                FreshDecisions.run(manager, data, clock, start, end, cycleDays, types, described, market, variant,
                        data instanceof PlantedSignalMarket p ? p : null);
                return;
            }
            try (ContinuousLearningManager clm = manager.get()) {
                run(clm, data, clock, start, end, cycleDays, types, described, market, variant);
            }
        }
    }

    private static void run(ContinuousLearningManager clm, DataClient data, SettableClock clock, Instant start, Instant end,
                            int cycleDays, List<ModelType> types, String symbols, String market, String variant) {
        long t0 = System.nanoTime();
        Map<ModelType, Tally> tallies = new LinkedHashMap<>();
        for (ModelType t : types) tallies.put(t, new Tally());
        clm.events().subscribe(ClmEvent.ModelDemoted.class, d -> {
            tallies.get(d.modelType()).demotions++;
            System.out.println("  " + d.timestamp() + " " + d.modelType().name() + " " + d.version() + " " + d.reason());
        });
        Map<ModelType, LoadedModel> active = new HashMap<>();      // what clm had ACTIVE after the last cycle
        Map<ModelType, LoadedModel> replaced = new HashMap<>();    // what the last promotion replaced
        Map<ModelType, Pending> pending = new HashMap<>();
        Map<ModelType, Candidate> candidates = new HashMap<>();
        java.util.Set<ModelType> demotedInPeriod = new java.util.HashSet<>();
        Duration cycle = Duration.ofDays(cycleDays);
        System.out.printf(Locale.ROOT, "walk-forward: %s market, %s, %s -> %s, a cycle every %d days, default settings%s%n",
                market, symbols, start, end, cycleDays, market.equals("real") ? "" : " (" + variant + ")");
        int cycles = 0;
        for (Instant t = start; ; t = t.plus(cycle)) {
            clock.advance(Duration.between(clock.instant(), t));
            if (cycles > 0) {
                Instant from = t.minus(cycle);
                Dataset period = unseenPeriod(data, features(clm), from, t);
                for (ModelType type : types) score(type, tallies.get(type), active.get(type), replaced.get(type),
                        pending.remove(type), period, from, t, !demotedInPeriod.contains(type));
                for (ModelType type : types) {
                    Candidate c = candidates.remove(type);
                    if (c == null) continue;
                    try (dev.clm.api.TrainedModel m = c.model()) {
                        if (period.rows() == 0) continue;
                        int[] bucket = c.beatZeroOnTest() ? tallies.get(type).testWinners : tallies.get(type).testLosers;
                        bucket[1]++;
                        double[] p = m.predict(period);
                        if (mae(p, period.labels()) < mae(new double[period.rows()], period.labels())) bucket[0]++;
                        tallies.get(type).nextR2Sum += 1 - mse(p, period.labels()) / mse(new double[period.rows()], period.labels());
                        tallies.get(type).nextR2Count++;
                    }
                }
            }
            if (t.isAfter(end)) break;   // the last step only scores the period after the last cycle
            CycleReport report = clm.runFullCycle(false, types);
            cycles++;
            for (ModelType type : types) {
                Tally tally = tallies.get(type);
                ShadowTestResult r = report.shadowResults().get(type);
                if (r == null) continue;
                tally.decisions.merge(r.decision(), 1, Integer::sum);
                if (r.decision() != ShadowDecision.REJECT) continue;
                tally.lastReject = t.toString().substring(0, 10) + ": " + r.reason();
                if (r.activeVersion() == null) tally.lastRejectVsZero = tally.lastReject;
                for (String[] req : REQUIREMENTS) {
                    if (r.reason().contains(req[0])) tally.failedRequirements.merge(req[1], 1, Integer::sum);
                }
            }
            for (CycleReport.ModelEvaluation ev : report.evaluations().values()) {
                byte[] bytes = clm.registry().loadBytes(ev.type(), ev.candidateVersion());
                candidates.put(ev.type(), new Candidate(clm.trainer().load(ev.type(), bytes),
                        ev.candidate().mae() < ev.baseline().mae()));
            }
            for (CycleReport.ModelFailure f : report.failed()) {
                tallies.get(f.type()).failures++;
                System.out.println("  " + t + " " + f.type().name() + " failed at " + f.stage() + ": " + f.reason());
            }
            for (ModelType type : types) {
                LoadedModel before = active.get(type);
                String now = clm.registry().getActive(type).map(a -> a.version()).orElse(null);
                String was = before == null ? null : before.version();
                if (java.util.Objects.equals(now, was)) continue;
                LoadedModel old = replaced.put(type, null);
                if (old != null) old.close();
                active.remove(type);
                PromotionResult p = report.promoted().stream().filter(x -> x.type().equals(type)).findFirst().orElse(null);
                if (p != null) {
                    tallies.get(type).promotions++;
                    pending.put(type, new Pending(p.newVersion(), t, p.oldVersion()));
                    if (before != null && before.version().equals(p.oldVersion())) replaced.put(type, before);
                    else if (before != null) before.close();
                } else if (before != null) {
                    before.close();       // demoted, nothing promoted: clm now stays flat
                }
                clm.loadActiveModel(type).ifPresent(m -> active.put(type, m));
            }
            // Between cycles the decay check runs on consecutive, non-overlapping performance windows, as the
            // scheduler's performance check would; a version it demotes leaves its type flat until the next cycle.
            Duration look = clm.config().performanceWindow();
            demotedInPeriod.clear();
            for (Instant w = t.plus(look); w.isBefore(t.plus(cycle)) && !w.isAfter(end); w = w.plus(look)) {
                clock.advance(Duration.between(clock.instant(), w));
                clm.checkIfRetrainNeeded(types);
                for (ModelType type : types) {
                    if (active.containsKey(type) && clm.registry().getActive(type).isEmpty()) demotedInPeriod.add(type);
                }
            }
        }
        candidates.values().forEach(c -> c.model().close());
        active.values().forEach(LoadedModel::close);
        replaced.values().forEach(m -> { if (m != null) m.close(); });
        print(tallies, cycles, (System.nanoTime() - t0) / 1e9);
    }

    private static TechnicalFeatureEngineer features(ContinuousLearningManager clm) {
        return (TechnicalFeatureEngineer) clm.featureEngineer();
    }

    /** Rows whose signal time is in [from, to) and whose label ended by {@code to}: data no model trained on. */
    static Dataset unseenPeriod(DataClient data, TechnicalFeatureEngineer fe, Instant from, Instant to) {
        Duration warmup = barLength.multipliedBy(2L * fe.warmupBars() + 48);
        Dataset all = fe.transform(data.loadTrainingData(from.minus(warmup), to));
        int first = all.indexAtOrAfter(from.toEpochMilli());
        int last = all.rows();
        while (last > first && all.labelEndTimestamps()[last - 1] > to.toEpochMilli()) last--;
        return all.slice(first, last);
    }

    private static void score(ModelType type, Tally tally, LoadedModel model, LoadedModel replacedModel, Pending promoted,
                              Dataset period, Instant from, Instant to, boolean activeAllPeriod) {
        if (model == null || period.rows() == 0) return;
        double maeModel = mae(model.model().predict(period), period.labels());
        double maeZero = mae(new double[period.rows()], period.labels());
        if (activeAllPeriod) {
            tally.activeWindows++;
            if (maeModel < maeZero) tally.activeBeatZero++;
        }
        if (promoted == null || !promoted.version().equals(model.version())) return;
        tally.scoredPromotions++;
        if (maeModel < maeZero) tally.promotedBeatZero++;
        String vsReplaced;
        if (replacedModel != null) {
            double maeOld = mae(replacedModel.model().predict(period), period.labels());
            if (maeModel < maeOld) tally.promotedBeatReplaced++;
            vsReplaced = String.format(Locale.ROOT, "replaced %s MAE %.6f (%+.2f%%)", replacedModel.version(), maeOld,
                    100 * (maeModel / maeOld - 1));
        } else {
            if (maeModel < maeZero) tally.promotedBeatReplaced++;
            vsReplaced = promoted.replaced() == null ? "replaced nothing (zero forecast)" : "replaced " + promoted.replaced()
                    + " (demoted in that cycle; not held)";
        }
        tally.promotionLines.add(String.format(Locale.ROOT,
                "%s promoted %s; next period %s..%s, %d rows: MAE %.6f vs zero %.6f (%+.2f%%); %s",
                promoted.at().toString().substring(0, 10), promoted.version(), from.toString().substring(0, 10),
                to.toString().substring(0, 10), period.rows(), maeModel, maeZero, 100 * (maeModel / maeZero - 1), vsReplaced)
                + (activeAllPeriod ? "" : "; demoted within this period"));
    }

    /** Phrases of the promotion policy's REJECT reason and the requirement each names. */
    static final String[][] REQUIREMENTS = {
            {"too little independent data", "too little data"},
            {"below the required", "min improvement"},
            {"not significantly lower", "loss test"},
            {"not consistent", "fold majority"},
            {"hit-rate improvement not significant", "hit-rate test"}};

    static double mse(double[] prediction, float[] label) {
        double s = 0;
        for (int i = 0; i < label.length; i++) s += (label[i] - prediction[i]) * (label[i] - prediction[i]);
        return s / label.length;
    }

    static double mae(double[] prediction, float[] label) {
        double s = 0;
        for (int i = 0; i < label.length; i++) s += Math.abs(label[i] - prediction[i]);
        return s / label.length;
    }

    private static void print(Map<ModelType, Tally> tallies, int cycles, double seconds) {
        System.out.printf(Locale.ROOT, "%d cycles in %.0f s%n", cycles, seconds);
        for (Map.Entry<ModelType, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            int decided = t.decisions.values().stream().mapToInt(Integer::intValue).sum();
            System.out.printf(Locale.ROOT,
                    "%-9s decisions %d %s, failures %d, promotions %d, demotions %d; next-period: promoted beat zero %d/%d,"
                            + " beat what they replaced %d/%d; ACTIVE for a whole period: beat zero in %d of %d%n",
                    e.getKey().name(), decided, t.decisions, t.failures, t.promotions, t.demotions, t.promotedBeatZero,
                    t.scoredPromotions, t.promotedBeatReplaced, t.scoredPromotions, t.activeBeatZero, t.activeWindows);
            System.out.printf(Locale.ROOT, "          every candidate on the next period: those that beat zero on clm's test split beat it"
                    + " %d/%d, the others %d/%d; mean next-period R2 (MSE skill over zero) %.2f%%%n", t.testWinners[0],
                    t.testWinners[1], t.testLosers[0], t.testLosers[1], t.nextR2Count == 0 ? Double.NaN : 100 * t.nextR2Sum / t.nextR2Count);
            System.out.println("          REJECTs by failed requirement: " + t.failedRequirements);
            System.out.println("          last REJECT " + t.lastReject);
            System.out.println("          last REJECT with no ACTIVE version " + t.lastRejectVsZero);
            for (String line : t.promotionLines) System.out.println("    " + line);
        }
    }
}
