package dev.clm.bench;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.LabelKind;
import dev.clm.api.MarketData;
import dev.clm.api.ModelTrainer;
import dev.clm.api.ModelType;
import dev.clm.api.TrainedModel;
import dev.clm.config.ClmConfig;
import dev.clm.core.DatasetSplitter;
import dev.clm.data.CsvDataClient;
import dev.clm.features.FeatureConfig;
import dev.clm.features.TechnicalFeatureEngineer;
import dev.clm.models.lightgbm.LightGBMTrainer;
import dev.clm.models.xgboost.XGBoostTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How many trees the shipped XGBoost and LightGBM trainers keep after early stopping on real
 * candles, and what the kept models are worth on the next, unseen period — for the default label
 * (forward log return) and the volatility-scaled label ({@link LabelKind#VOL_SCALED_RETURN}), each
 * against the zero forecast and against a constant forecast of the training mean.
 *
 * <p>Each window does what a cycle does with default settings: the training lookback (90 days)
 * of bars up to the window's end, the shipped feature engine ({@link FeatureConfig} defaults but
 * the label), the cycle's time split (train | validation | test, purged), and the trainers with
 * their default parameters (500 rounds, learning rate 0.01, depth 7, early stopping 50 on the
 * validation split). The kept models then forecast every row of the next period whose label ends
 * within it, which no fit saw.
 *
 * <p>Scores: R² = MSE skill over the zero forecast (1 - SSE / SSE of predicting 0), MAE change
 * against zero, both per window in the label's own units; the volatility-scaled models are also
 * scored in return units (forecast times the row's sigma * sqrt(horizon), the label's own scale,
 * computed from the bars up to the row), so both label kinds meet on one target. "Spread" is the
 * standard deviation of the forecasts over the next period divided by the labels' (0 = a constant).
 * "minus training mean" rows score each model's forecast with the training labels' mean taken
 * off: what the trees add beyond the intercept (the boosters start from the training mean).
 *
 * <p>Arguments (space separated {@code key=value}, all optional): {@code symbols=BTCUSDT,...} (files
 * {@code binance_perp_1h/<SYM>_PERP_1h.csv}), {@code first=2022-01-01} (end of the first training
 * window), {@code windows=10}, {@code stepDays=30}, {@code nextDays=30},
 * {@code params=learning_rate:0.05;num_rounds:200} (overrides of both trainers' defaults; none by default).
 */
public final class TreeEarlyStoppingBenchmark {
    private static final List<ModelType> LEARNERS = List.of(ModelType.XGBOOST, ModelType.LIGHTGBM);
    private static final List<LabelKind> KINDS = List.of(LabelKind.FORWARD_LOG_RETURN, LabelKind.VOL_SCALED_RETURN);
    private static final Duration BAR = Duration.ofHours(1);

    private TreeEarlyStoppingBenchmark() {}

    /** One forecaster on one window's next period. Trees is -1 for the constant reference. */
    private record Score(int trees, double r2Own, double maeOwn, double r2Return, double maeReturn, double spread,
                         double sse, double sseZero, double sseReturn, double sseReturnZero) {}

    public static void main(String[] args) throws IOException {
        Map<String, String> a = parse(args);
        String[] symbols = a.getOrDefault("symbols",
                "BTCUSDT,ETHUSDT,SOLUSDT,BNBUSDT,DOGEUSDT,LINKUSDT,AVAXUSDT,MATICUSDT,NEARUSDT").split(",");
        Instant first = Instant.parse(a.getOrDefault("first", "2022-01-01") + "T00:00:00Z");
        int windows = Integer.parseInt(a.getOrDefault("windows", "10"));
        Duration step = Duration.ofDays(Long.parseLong(a.getOrDefault("stepDays", "30")));
        Duration next = Duration.ofDays(Long.parseLong(a.getOrDefault("nextDays", "30")));
        Map<String, String> params = new LinkedHashMap<>();
        for (String kv : a.getOrDefault("params", "").split(";")) {
            if (kv.isBlank()) continue;
            String[] p = kv.split(":", 2);
            if (p.length != 2) throw new IllegalArgumentException("params entry '" + kv + "' is not name:value");
            params.put(p[0], p[1]);
        }
        ClmConfig config = ClmConfig.defaults();
        Duration lookback = config.trainingLookback();
        Instant last = first.plus(step.multipliedBy(windows - 1L)).plus(next);

        // the data client serves nothing after the last window's next period
        CsvDataClient.Builder csv = CsvDataClient.builder().clock(Clock.fixed(last, ZoneOffset.UTC));
        for (String s : symbols) csv.file(s, SharedData.file(String.format("binance_perp_1h/%s_PERP_1h.csv", s)));
        CsvDataClient data = csv.build();
        Map<LabelKind, TechnicalFeatureEngineer> engines = new LinkedHashMap<>();
        for (LabelKind k : KINDS) engines.put(k, new TechnicalFeatureEngineer(FeatureConfig.builder().label(k).build()));
        TechnicalFeatureEngineer returns = engines.get(LabelKind.FORWARD_LOG_RETURN);
        int horizon = returns.horizon();
        int volPeriod = FeatureConfig.DEFAULT_LABEL_VOLATILITY_PERIOD;
        DatasetSplitter splitter = new DatasetSplitter(config.validationFraction(), config.testFraction(), config.embargoBars(),
                config.split().minRows());
        Map<ModelType, ModelTrainer> trainers = Map.of(ModelType.XGBOOST, new XGBoostTrainer(), ModelType.LIGHTGBM, new LightGBMTrainer());

        System.out.printf(Locale.ROOT, "%d symbols (binance_perp_1h), %d windows: training lookback %d days up to %s + k * %d days,"
                        + " next period %d days; default split %.2f/%.2f, tree parameters %s; started %s, load average %s%n",
                symbols.length, windows, lookback.toDays(), first.toString().substring(0, 10), step.toDays(), next.toDays(),
                config.validationFraction(), config.testFraction(), params.isEmpty() ? "default" : "default but " + params,
                Instant.now(), loadAverage());
        Map<String, List<Score>> scores = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        for (int w = 0; w < windows; w++) {
            Instant now = first.plus(step.multipliedBy(w));
            Instant to = now.plus(next);
            MarketData bars = data.loadTrainingData(now.minus(lookback), now);
            MarketData nextBars = data.loadTrainingData(now.minus(BAR.multipliedBy(2L * returns.warmupBars() + 48)), to);
            Dataset nextReturns = unseen(returns.transform(nextBars), now, to);
            double[] move = moves(nextReturns, nextBars, horizon, volPeriod);
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s next %d rows:", now.toString().substring(0, 10),
                    nextReturns.rows()));
            for (LabelKind kind : KINDS) {
                DatasetSplitter.Split split = splitter.split(engines.get(kind).transform(bars));
                Dataset nextOwn = kind == LabelKind.FORWARD_LOG_RETURN ? nextReturns : unseen(engines.get(kind).transform(nextBars), now, to);
                if (w == 0 && kind == LabelKind.VOL_SCALED_RETURN) checkScale(nextOwn, nextReturns, move);
                double mean = mean(split.train().labels());
                double[] constOwn = new double[nextOwn.rows()], constReturn = new double[nextReturns.rows()];
                Arrays.fill(constOwn, mean);
                for (int i = 0; i < constReturn.length; i++) constReturn[i] = kind == LabelKind.FORWARD_LOG_RETURN ? mean : mean * move[i];
                scores.computeIfAbsent("training mean|" + kind.key(), k -> new ArrayList<>())
                        .add(score(-1, constOwn, nextOwn, constReturn, nextReturns));
                line.append(String.format(Locale.ROOT, " [%s: train %d val %d, mean %+.4g]", kind.key(), split.train().rows(),
                        split.validation().rows(), mean));
                for (ModelType type : LEARNERS) {
                    try (TrainedModel m = trainers.get(type).train(type, split.train(), split.validation(), params)) {
                        int trees = Integer.parseInt(m.provenance().get("trees"));
                        double[] own = m.predict(nextOwn);
                        double[] inReturns = m.predict(nextReturns); // same feature rows; only the labels differ
                        if (kind == LabelKind.VOL_SCALED_RETURN) for (int i = 0; i < inReturns.length; i++) inReturns[i] *= move[i];
                        Score s = score(trees, own, nextOwn, inReturns, nextReturns);
                        scores.computeIfAbsent(type.name() + "|" + kind.key(), k -> new ArrayList<>()).add(s);
                        line.append(String.format(Locale.ROOT, " %s/%s trees %d, mean forecast %+.4g, R2 %+.2f%%", type.name(), kind.key(),
                                trees, Arrays.stream(own).average().orElse(Double.NaN), 100 * s.r2Own()));
                        // the same forecast without its intercept: how much of the result is the training-period drift
                        for (int i = 0; i < own.length; i++) own[i] -= mean;
                        for (int i = 0; i < inReturns.length; i++) inReturns[i] -= constReturn[i];
                        scores.computeIfAbsent(type.name() + " minus training mean|" + kind.key(), k -> new ArrayList<>())
                                .add(score(trees, own, nextOwn, inReturns, nextReturns));
                    }
                }
            }
            System.out.println(line);
        }
        System.out.printf(Locale.ROOT, "%d windows in %.0f s; load average at end: %s%n", windows, (System.nanoTime() - t0) / 1e9,
                loadAverage());
        print(scores);
        printPaired(scores);
    }

    /** Rows whose signal time is in [from, to) and whose label ended by {@code to}. */
    private static Dataset unseen(Dataset all, Instant from, Instant to) {
        int firstRow = all.indexAtOrAfter(from.toEpochMilli());
        int end = all.rows();
        while (end > firstRow && all.labelEndTimestamps()[end - 1] > to.toEpochMilli()) end--;
        return all.slice(firstRow, end);
    }

    /**
     * The volatility-scaled label's scale at each row: population standard deviation of the
     * {@code period} one-bar log returns up to the row's bar, times sqrt(horizon) — the definition
     * of {@link LabelKind#VOL_SCALED_RETURN}, from bars known at the row.
     */
    private static double[] moves(Dataset d, MarketData bars, int horizon, int period) {
        double[] out = new double[d.rows()];
        Map<String, BarSeries> bySymbol = new HashMap<>();
        for (BarSeries s : bars.series()) bySymbol.put(s.symbol(), s);
        for (int i = 0; i < out.length; i++) {
            BarSeries s = bySymbol.get(d.symbolOf(i));
            int t = s.indexAtOrAfter(d.timestamps()[i]);
            if (t >= s.size() || s.timestamps()[t] != d.timestamps()[i] || t < period) {
                throw new IllegalStateException("no bar history for row " + i + " (" + d.symbolOf(i) + " "
                        + Instant.ofEpochMilli(d.timestamps()[i]) + ")");
            }
            double[] c = s.close();
            double sum = 0;
            for (int k = t - period + 1; k <= t; k++) sum += Math.log(c[k] / c[k - 1]);
            double m = sum / period, sq = 0;
            for (int k = t - period + 1; k <= t; k++) {
                double e = Math.log(c[k] / c[k - 1]) - m;
                sq += e * e;
            }
            out[i] = Math.sqrt(sq / period) * Math.sqrt(horizon);
        }
        return out;
    }

    /** The scale used for return units must be the feature engine's: return label / scale = scaled label on every row. */
    private static void checkScale(Dataset scaled, Dataset returns, double[] move) {
        if (scaled.rows() != returns.rows() || !Arrays.equals(scaled.timestamps(), returns.timestamps())
                || !Arrays.equals(scaled.symbolIds(), returns.symbolIds())) {
            throw new IllegalStateException("the two label kinds' next-period rows differ: " + scaled.rows() + " vs " + returns.rows());
        }
        for (int i = 0; i < move.length; i++) {
            double expected = returns.labels()[i] / move[i];
            if (Math.abs(expected - scaled.labels()[i]) > 1e-4 * Math.max(1, Math.abs(expected))) {
                throw new IllegalStateException("row " + i + ": return / scale " + expected + " but the scaled label is " + scaled.labels()[i]);
            }
        }
    }

    private static Score score(int trees, double[] own, Dataset ownData, double[] inReturns, Dataset returnData) {
        float[] y = ownData.labels(), r = returnData.labels();
        double sse = sse(own, y), sse0 = sse(new double[y.length], y);
        double sseR = sse(inReturns, r), sseR0 = sse(new double[r.length], r);
        return new Score(trees, 1 - sse / sse0, mae(own, y) / mae(new double[y.length], y) - 1, 1 - sseR / sseR0,
                mae(inReturns, r) / mae(new double[r.length], r) - 1, std(own) / std(toDouble(y)), sse, sse0, sseR, sseR0);
    }

    private static void print(Map<String, List<Score>> scores) {
        System.out.println();
        System.out.println("| forecaster | label | trees kept: median [Q1, Q3] (min-max) | 1 tree | next-period R² vs zero, own units:"
                + " median / pooled | windows R² > 0 | MAE vs zero: median | in return units: R² median / pooled, MAE median | spread median |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<Score>> e : scores.entrySet()) {
            String[] key = e.getKey().split("\\|");
            List<Score> s = e.getValue();
            double[] trees = s.stream().mapToDouble(Score::trees).toArray();
            String treeCell = trees[0] < 0 ? "—" : String.format(Locale.ROOT, "%.0f [%.0f, %.0f] (%.0f-%.0f)", quantile(trees, 0.5),
                    quantile(trees, 0.25), quantile(trees, 0.75), quantile(trees, 0), quantile(trees, 1));
            String oneTree = trees[0] < 0 ? "—" : Arrays.stream(trees).filter(t -> t == 1).count() + "/" + trees.length;
            double pooled = 1 - s.stream().mapToDouble(Score::sse).sum() / s.stream().mapToDouble(Score::sseZero).sum();
            double pooledReturn = 1 - s.stream().mapToDouble(Score::sseReturn).sum() / s.stream().mapToDouble(Score::sseReturnZero).sum();
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %+.2f%% / %+.2f%% | %d/%d | %+.2f%% | %+.2f%% / %+.2f%%, %+.2f%% | %.3f |%n",
                    key[0], key[1], treeCell, oneTree, 100 * quantile(s.stream().mapToDouble(Score::r2Own).toArray(), 0.5), 100 * pooled,
                    s.stream().filter(x -> x.r2Own() > 0).count(), s.size(),
                    100 * quantile(s.stream().mapToDouble(Score::maeOwn).toArray(), 0.5),
                    100 * quantile(s.stream().mapToDouble(Score::r2Return).toArray(), 0.5), 100 * pooledReturn,
                    100 * quantile(s.stream().mapToDouble(Score::maeReturn).toArray(), 0.5),
                    quantile(s.stream().mapToDouble(Score::spread).toArray(), 0.5));
        }
    }

    /**
     * Per window, the volatility-scaled label's forecaster minus the return label's, both scored in
     * return units: mean difference of R² and of the trees kept, with the standard error over the
     * windows (non-overlapping periods, treated as independent), and in how many windows it was better.
     */
    private static void printPaired(Map<String, List<Score>> scores) {
        System.out.println();
        System.out.println("vol_scaled_return minus forward_log_return, same window, scored in return units (mean ± standard error over windows):");
        for (String f : List.of("training mean", "xgboost", "xgboost minus training mean", "lightgbm", "lightgbm minus training mean")) {
            List<Score> ret = scores.get(f + "|" + LabelKind.FORWARD_LOG_RETURN.key());
            List<Score> vs = scores.get(f + "|" + LabelKind.VOL_SCALED_RETURN.key());
            if (ret == null || vs == null) continue;
            int n = ret.size();
            double[] dR2 = new double[n], dTrees = new double[n];
            int better = 0;
            for (int i = 0; i < n; i++) {
                dR2[i] = vs.get(i).r2Return() - ret.get(i).r2Return();
                dTrees[i] = vs.get(i).trees() - ret.get(i).trees();
                if (dR2[i] > 0) better++;
            }
            System.out.printf(Locale.ROOT, "  %-30s R² %+.2f%% ± %.2f%% (better in %d/%d windows)%s%n", f, 100 * mean(dR2),
                    100 * std(dR2) / Math.sqrt(n - 1.0), better, n, ret.get(0).trees() < 0 ? ""
                            : String.format(Locale.ROOT, "; trees kept %+.1f ± %.1f", mean(dTrees), std(dTrees) / Math.sqrt(n - 1.0)));
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Linear-interpolation quantile (type 7). */
    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = (int) Math.ceil(pos);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    private static double sse(double[] p, float[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += (y[i] - p[i]) * (y[i] - p[i]);
        return s;
    }

    private static double mae(double[] p, float[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) s += Math.abs(y[i] - p[i]);
        return s / y.length;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = 0, s = 0;
        for (double x : v) m += x;
        m /= v.length;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / v.length);
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static Map<String, String> parse(String[] args) {
        if (args.length == 1) args = args[0].trim().split("\\s+"); // -Dbench.args="..." arrives as one argument
        Map<String, String> m = new HashMap<>();
        for (String arg : args) {
            if (arg.isBlank()) continue;
            int eq = arg.indexOf('=');
            if (eq < 1) throw new IllegalArgumentException("argument '" + arg + "' is not key=value");
            m.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        return m;
    }
}
