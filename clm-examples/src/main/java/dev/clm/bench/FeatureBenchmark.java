package dev.clm.bench;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import dev.clm.data.CsvDataClient;
import dev.clm.features.FeatureConfig;
import dev.clm.features.TechnicalFeatureEngineer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.CCIIndicator;
import org.ta4j.core.indicators.EMAIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.SMAIndicator;
import org.ta4j.core.indicators.StochasticOscillatorDIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.WilliamsRIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.adx.MinusDIIndicator;
import org.ta4j.core.indicators.adx.PlusDIIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandWidthIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.bollinger.PercentBIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.num.DoubleNum;
import org.ta4j.core.num.Num;

/**
 * The shipped feature engine ({@link TechnicalFeatureEngineer}, the code path {@code transform}
 * and {@code transformForPrediction} run) vs ta4j 0.17 (DoubleNum) on 1,000,000 real bars from
 * ../shared/data (several files, each its own series), in one run:
 * <ol>
 *   <li>the engine with a config that computes only columns ta4j also has (21 with stochastic
 *       %K/%D and Williams %R, 18 without), {@code transformForPrediction} of all series;</li>
 *   <li>ta4j computing its 21 / 18 corresponding outputs on the same bars (every index, in
 *       order, fresh indicators per run);</li>
 *   <li>the engine's whole default matrix (55 features) with labels, {@code transform}, on one
 *       thread and on two threads (symbols split between them).</li>
 * </ol>
 * Each figure is the best of N runs, as this thread's CPU time (the fair figure on a shared,
 * loaded machine) and wall time, with the load average read before and after. The two-thread
 * figure is wall time only (CPU time is per thread). Arguments: {@code [bars] [oursRuns]
 * [ta4jRuns]} (defaults 1,000,000, 9, 2).
 *
 * <p>Run: {@code mvn -B -q -Pbench -Dbench.class=dev.clm.bench.FeatureBenchmark -DskipTests package}
 */
public final class FeatureBenchmark {
    private static final String[] FOLDERS = {"binance_spot_5m", "binance_perp_1h", "binance_spot_1h"};

    /** The engine's columns that ta4j also computes: SMA/EMA ratio 20, RSI 14, MACD, Bollinger, ATR, ADX/DI, stochastic, Williams, CCI, ROC 10, OBV, MFI. */
    static final FeatureConfig TA4J_COMPARABLE = FeatureConfig.builder().returnPeriods().maPeriods(20).rsiPeriods(14).rocPeriods(10)
            .volatilityPeriods().zscorePeriods().volumeRatioPeriods().timeFeatures(false).disable("bar").build();
    /** The same without stochastic %K/%D and Williams %R (ta4j 0.17's are slow: see the figures). */
    static final FeatureConfig TA4J_COMPARABLE_NO_STOCH = FeatureConfig.builder().returnPeriods().maPeriods(20).rsiPeriods(14).rocPeriods(10)
            .volatilityPeriods().zscorePeriods().volumeRatioPeriods().timeFeatures(false).disable("bar", "stochastic", "williams").build();

    private FeatureBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1) args = args[0].trim().split("\\s+"); // -Dbench.args="bars oursRuns ta4jRuns" arrives as one argument
        int targetBars = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 1_000_000;
        int oursRuns = args.length > 1 ? Integer.parseInt(args[1].trim()) : 9;
        int ta4jRuns = args.length > 2 ? Integer.parseInt(args[2].trim()) : 2;
        List<BarSeries> series = load(targetBars);
        long bars = 0;
        for (BarSeries s : series) bars += s.size();
        System.out.printf("FeatureBenchmark: %,d real bars in %d series from %s (Java %s, %d CPUs, shared machine)%n",
                bars, series.size(), String.join(", ", FOLDERS), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        MarketData data = new MarketData(series);

        TechnicalFeatureEngineer comparable = new TechnicalFeatureEngineer(TA4J_COMPARABLE);
        TechnicalFeatureEngineer comparableNoStoch = new TechnicalFeatureEngineer(TA4J_COMPARABLE_NO_STOCH);
        Timing oursAll = best(oursRuns, () -> comparable.transformForPrediction(data).rows());
        Timing oursNoStoch = best(oursRuns, () -> comparableNoStoch.transformForPrediction(data).rows());
        TechnicalFeatureEngineer fe = new TechnicalFeatureEngineer();
        TechnicalFeatureEngineer fe2 = TechnicalFeatureEngineer.builder().threads(2).build();
        Dataset[] last = new Dataset[1];
        Timing matrix = best(oursRuns, () -> {
            last[0] = null;
            last[0] = fe.transform(data);
            return last[0].rows();
        });
        Timing matrix2 = best(oursRuns, () -> fe2.transform(data).rows());

        int outputsAll = comparable.featureNames().size();
        int outputsNoStoch = comparableNoStoch.featureNames().size();
        // The engine's figures first: they stand even if the ta4j part (minutes, gigabytes) does not finish.
        System.out.printf("%-70s %8s %8s %14s %11s%n", "", "cpu s", "wall s", "bars/s (cpu)", "load");
        row("clm engine transformForPrediction, " + outputsNoStoch + " columns ta4j also has", oursNoStoch, bars);
        row("clm engine transformForPrediction, " + outputsAll + " columns ta4j also has", oursAll, bars);
        row("clm engine transform, " + fe.featureNames().size() + " features + labels, 1 thread", matrix, bars);
        System.out.printf("%-70s %8s %8.3f %14s %4.1f..%4.1f%n", "clm engine transform, " + fe.featureNames().size()
                + " features + labels, 2 threads", "-", matrix2.wall, "-", matrix2.loadBefore, matrix2.loadAfter);
        double per1M = matrix.cpu * 1_000_000.0 / bars;
        System.out.printf("matrix: %,d rows x %d features (warm-up %d bars, horizon %d): %.3f s cpu per 1M bars; target < 0.25 s: %s%n",
                last[0].rows(), last[0].columns(), fe.warmupBars(), fe.horizon(), per1M, per1M < 0.25 ? "met" : "NOT met");
        System.out.printf("two threads: %.3f s wall vs %.3f s wall on one: %.2fx speed-up%n", matrix2.wall, matrix.wall,
                matrix.wall / matrix2.wall);
        last[0] = null;

        List<org.ta4j.core.BarSeries> ta4jSeries = new ArrayList<>();
        long t0 = System.nanoTime();
        for (BarSeries s : series) ta4jSeries.add(toTa4j(s));
        double ta4jBuild = (System.nanoTime() - t0) / 1e9;
        Timing ta4jNoStoch = best(ta4jRuns, () -> evaluateTa4j(ta4jSeries, false));
        row("ta4j 0.17 DoubleNum, " + outputsNoStoch + " outputs (no stochastic, no Williams %R)", ta4jNoStoch, bars);
        System.out.printf("ratio engine/ta4j, %d outputs without stochastic/Williams: %.1fx cpu, %.1fx wall (target >= 50x: %s)%n",
                outputsNoStoch, ta4jNoStoch.cpu / oursNoStoch.cpu, ta4jNoStoch.wall / oursNoStoch.wall,
                ta4jNoStoch.cpu / oursNoStoch.cpu >= 50 ? "met" : "NOT met");
        Timing ta4jAll = best(1, () -> evaluateTa4j(ta4jSeries, true));
        row("ta4j 0.17 DoubleNum, " + outputsAll + " outputs", ta4jAll, bars);
        System.out.printf("ratio engine/ta4j, %d outputs:                      %.1fx cpu, %.1fx wall (target >= 50x: %s)%n", outputsAll,
                ta4jAll.cpu / oursAll.cpu, ta4jAll.wall / oursAll.wall, ta4jAll.cpu / oursAll.cpu >= 50 ? "met" : "NOT met");
        System.out.printf("ta4j series construction (not in the figures above): %.3f s wall%n", ta4jBuild);
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void row(String what, Timing t, long bars) {
        System.out.printf("%-70s %8.3f %8.3f %,14.0f %4.1f..%4.1f%n", what, t.cpu, t.wall, bars / t.cpu, t.loadBefore, t.loadAfter);
    }

    interface Work {
        long run() throws Exception;
    }

    /** Best CPU and best wall seconds over runs, and the 1-minute load average before the first and after the last run. */
    record Timing(double cpu, double wall, double loadBefore, double loadAfter) {}

    /** Best of {@code runs} runs (the first runs also warm the JIT), as thread CPU time and wall time. */
    private static Timing best(int runs, Work work) throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double cpu = Double.MAX_VALUE, wall = Double.MAX_VALUE;
        double before = load();
        long sink = 0;
        for (int r = 0; r < runs; r++) {
            System.gc();
            long c = mx.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            sink += work.run();
            wall = Math.min(wall, (System.nanoTime() - t) / 1e9);
            cpu = Math.min(cpu, (mx.getCurrentThreadCpuTime() - c) / 1e9);
        }
        if (sink == 42) System.out.print("");
        return new Timing(cpu, wall, before, load());
    }

    private static List<BarSeries> load(int targetBars) throws Exception {
        Path dir = SharedData.dir();
        List<Path> files = new ArrayList<>();
        for (String folder : FOLDERS) {
            try (Stream<Path> s = Files.list(dir.resolve(folder))) {
                s.filter(p -> p.toString().endsWith(".csv")).sorted().forEach(files::add);
            }
        }
        List<BarSeries> out = new ArrayList<>();
        long total = 0;
        for (Path p : files) {
            if (total >= targetBars) break;
            String name = p.getFileName().toString().replace(".csv", "");
            BarSeries s = CsvDataClient.read(p, name, CsvDataClient.InvalidRowPolicy.FAIL);
            int take = (int) Math.min(s.size(), targetBars - total);
            out.add(take == s.size() ? s : s.sliceRows(0, take));
            total += take;
        }
        if (total < targetBars) System.out.printf("note: only %,d bars available%n", total);
        return out;
    }

    private static org.ta4j.core.BarSeries toTa4j(BarSeries s) {
        org.ta4j.core.BarSeries t = new BaseBarSeriesBuilder().withName(s.symbol()).withNumTypeOf(DoubleNum.class).build();
        for (int i = 0; i < s.size(); i++) {
            t.addBar(Duration.ofMinutes(1), Instant.ofEpochMilli(s.timestamps()[i]).atZone(ZoneOffset.UTC),
                    s.open()[i], s.high()[i], s.low()[i], s.close()[i], s.volume()[i]);
        }
        return t;
    }

    /** Fresh ta4j indicators for every output, each evaluated at every index in order. */
    private static long evaluateTa4j(List<org.ta4j.core.BarSeries> all, boolean withStochasticAndWilliams) {
        long sink = 0;
        for (org.ta4j.core.BarSeries t : all) {
            Map<String, Indicator<Num>> m = ta4jIndicators(t, withStochasticAndWilliams);
            int n = t.getBarCount();
            for (Indicator<Num> ind : m.values()) {
                for (int i = 0; i < n; i++) if (ind.getValue(i).isNaN()) sink++;
            }
        }
        return sink;
    }

    private static Map<String, Indicator<Num>> ta4jIndicators(org.ta4j.core.BarSeries t, boolean withStochasticAndWilliams) {
        ClosePriceIndicator close = new ClosePriceIndicator(t);
        Map<String, Indicator<Num>> m = new LinkedHashMap<>();
        SMAIndicator sma = new SMAIndicator(close, 20);
        m.put("sma", sma);
        m.put("ema", new EMAIndicator(close, 20));
        m.put("rsi", new RSIIndicator(close, 14));
        MACDIndicator macd = new MACDIndicator(close, 12, 26);
        m.put("macd", macd);
        m.put("macd_signal", macd.getSignalLine(9));
        m.put("macd_hist", macd.getHistogram(9));
        BollingerBandsMiddleIndicator mid = new BollingerBandsMiddleIndicator(sma);
        StandardDeviationIndicator sd = new StandardDeviationIndicator(close, 20);
        BollingerBandsUpperIndicator up = new BollingerBandsUpperIndicator(mid, sd);
        BollingerBandsLowerIndicator lo = new BollingerBandsLowerIndicator(mid, sd);
        m.put("bb_upper", up);
        m.put("bb_lower", lo);
        m.put("bb_pct_b", new PercentBIndicator(close, 20, 2.0));
        m.put("bb_width", new BollingerBandWidthIndicator(up, mid, lo));
        m.put("atr", new ATRIndicator(t, 14));
        m.put("adx", new ADXIndicator(t, 14));
        m.put("plus_di", new PlusDIIndicator(t, 14));
        m.put("minus_di", new MinusDIIndicator(t, 14));
        if (withStochasticAndWilliams) {
            StochasticOscillatorKIndicator k = new StochasticOscillatorKIndicator(t, 14);
            m.put("stoch_k", k);
            m.put("stoch_d", new StochasticOscillatorDIndicator(k));
            m.put("williams_r", new WilliamsRIndicator(t, 14));
        }
        m.put("cci", new CCIIndicator(t, 20));
        m.put("roc", new ROCIndicator(close, 10));
        m.put("obv", new OnBalanceVolumeIndicator(t));
        m.put("mfi", new MoneyFlowIndexIndicator(t, 14));
        return m;
    }
}
