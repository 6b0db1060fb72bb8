package dev.clm.data;

import dev.clm.api.BarSeries;
import dev.clm.api.DataClient;
import dev.clm.api.MarketData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic OHLCV for several symbols with regime switches, for demos and
 * tests that need no files.
 *
 * <p>Each symbol follows a Markov chain of regimes — TREND_UP, TREND_DOWN, RANGE and
 * HIGH_VOL, each persisting for a few days on average — and its 1-bar log returns are:
 * drift ({@link #DRIFT}) plus momentum (AR(1), coefficient {@link #MOMENTUM}) in trends, mean reversion towards
 * a slow anchor in ranges, and large noise in high volatility. The momentum and reversion
 * components are a real, modest, learnable signal; everything else is noise. The path is a
 * pure function of (seed, symbol, bar index), so any window is reproducible and windows loaded
 * at different times agree on the bars they share.
 *
 * <p>Only closed bars are returned: a bar opening at t is visible once
 * {@code t + barInterval <= clock.instant()}. Thread-safe.
 */
public final class SyntheticDataClient implements DataClient {
    /** AR(1) coefficient of returns in trending regimes. */
    public static final double MOMENTUM = 0.2;
    /** Drift per bar of log price in trending regimes (sign by direction). */
    public static final double DRIFT = 0.0015;
    /** Pull of the price towards its anchor per bar in ranging regimes. */
    public static final double REVERSION = 0.08;

    /** Regimes of the generator; exposed so tests can check regime-aware behaviour. */
    public enum Regime { TREND_UP, TREND_DOWN, RANGE, HIGH_VOL }

    private final Clock clock;
    private final long seed;
    private final List<String> symbols;
    private final Instant origin;
    private final Duration barInterval;
    private final Map<String, Path> paths = new HashMap<>();

    /**
     * @param origin       open time of bar 0 of every symbol
     * @param barInterval  bar length, for example one hour
     */
    public SyntheticDataClient(Clock clock, long seed, List<String> symbols, Instant origin, Duration barInterval) {
        if (symbols.isEmpty()) throw new IllegalArgumentException("symbols must not be empty");
        if (barInterval.isZero() || barInterval.isNegative()) throw new IllegalArgumentException("barInterval must be positive, was " + barInterval);
        this.clock = clock;
        this.seed = seed;
        this.symbols = List.copyOf(symbols);
        this.origin = origin;
        this.barInterval = barInterval;
    }

    /** Five hourly symbols from 2024-01-01. */
    public static SyntheticDataClient hourly(Clock clock, long seed) {
        return new SyntheticDataClient(clock, seed, List.of("SYNA", "SYNB", "SYNC", "SYND", "SYNE"),
                Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1));
    }

    public List<String> symbols() {
        return symbols;
    }

    public Duration barInterval() {
        return barInterval;
    }

    @Override
    public MarketData loadTrainingData(Instant start, Instant end) {
        if (start.isAfter(end)) throw new IllegalArgumentException("start " + start + " is after end " + end);
        long from = firstIndexAtOrAfter(start);
        long to = Math.min(firstIndexAtOrAfter(end), closedBarCount());
        List<BarSeries> out = new ArrayList<>(symbols.size());
        for (String s : symbols) out.add(path(s, to).series(s, from, Math.max(from, to)));
        return new MarketData(out);
    }

    @Override
    public MarketData loadRecentData(Duration lookback) {
        Instant now = clock.instant();
        return loadTrainingData(now.minus(lookback), now);
    }

    @Override
    public MarketData loadValidationData(Duration lookback) {
        return loadRecentData(lookback);
    }

    @Override
    public long countBars(Instant start, Instant end) {
        long from = firstIndexAtOrAfter(start);
        long to = Math.min(firstIndexAtOrAfter(end), closedBarCount());
        return Math.max(0, to - from) * symbols.size();
    }

    /** The regime of {@code symbol} at bar {@code index} (generates the path up to it). */
    public synchronized Regime regimeAt(String symbol, int index) {
        return Regime.values()[path(symbol, index + 1).regime[index]];
    }

    private long firstIndexAtOrAfter(Instant t) {
        long ms = t.toEpochMilli() - origin.toEpochMilli();
        if (ms <= 0) return 0;
        long step = barInterval.toMillis();
        return (ms + step - 1) / step;
    }

    private long closedBarCount() {
        long ms = clock.instant().toEpochMilli() - origin.toEpochMilli();
        return ms <= 0 ? 0 : ms / barInterval.toMillis();
    }

    private synchronized Path path(String symbol, long bars) {
        if (bars > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("window too long: " + bars + " bars");
        Path p = paths.computeIfAbsent(symbol, s -> new Path(seed ^ (s.hashCode() * 0x9E3779B97F4A7C15L)));
        p.extendTo((int) bars);
        return p;
    }

    /** The generated path of one symbol, grown on demand. */
    private final class Path {
        private final SplittableRandom rnd;
        private int size;
        private long[] ts = new long[0];
        private double[] open = new double[0], high = new double[0], low = new double[0], close = new double[0], volume = new double[0];
        private byte[] regime = new byte[0];
        private int currentRegime = 2;
        private double lastReturn;
        private double price = 100;
        private double anchor = 100;

        Path(long seed) {
            this.rnd = new SplittableRandom(seed);
        }

        void extendTo(int bars) {
            if (bars <= size) return;
            int cap = Math.max(bars, size * 2);
            ts = Arrays.copyOf(ts, cap);
            open = Arrays.copyOf(open, cap);
            high = Arrays.copyOf(high, cap);
            low = Arrays.copyOf(low, cap);
            close = Arrays.copyOf(close, cap);
            volume = Arrays.copyOf(volume, cap);
            regime = Arrays.copyOf(regime, cap);
            long step = barInterval.toMillis();
            for (int i = size; i < bars; i++) {
                if (rnd.nextDouble() < 0.006) currentRegime = rnd.nextInt(4);
                double vol;
                double r;
                switch (Regime.values()[currentRegime]) {
                    case TREND_UP -> { vol = 0.006; r = DRIFT + MOMENTUM * lastReturn + vol * gaussian(); }
                    case TREND_DOWN -> { vol = 0.006; r = -DRIFT + MOMENTUM * lastReturn + vol * gaussian(); }
                    case RANGE -> { vol = 0.004; r = REVERSION * Math.log(anchor / price) + vol * gaussian(); }
                    default -> { vol = 0.01; r = vol * gaussian(); }
                }
                anchor = anchor * 0.995 + price * 0.005;
                double o = price;
                double c = o * Math.exp(r);
                double wiggle = Math.abs(gaussian()) * vol * 0.5;
                ts[i] = origin.toEpochMilli() + i * step;
                open[i] = o;
                close[i] = c;
                high[i] = Math.max(o, c) * (1 + wiggle);
                low[i] = Math.min(o, c) * (1 - Math.abs(gaussian()) * vol * 0.5);
                volume[i] = 1000 * Math.exp(0.5 * gaussian()) * (vol / 0.006);
                regime[i] = (byte) currentRegime;
                lastReturn = r;
                price = c;
            }
            size = bars;
        }

        BarSeries series(String symbol, long from, long to) {
            int a = (int) Math.min(from, size), b = (int) Math.min(to, size);
            return new BarSeries(symbol, Arrays.copyOfRange(ts, a, b), Arrays.copyOfRange(open, a, b),
                    Arrays.copyOfRange(high, a, b), Arrays.copyOfRange(low, a, b), Arrays.copyOfRange(close, a, b),
                    Arrays.copyOfRange(volume, a, b));
        }

        private double gaussian() {
            double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
            return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
