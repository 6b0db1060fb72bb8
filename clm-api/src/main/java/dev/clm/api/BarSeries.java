package dev.clm.api;

import java.time.Instant;

/**
 * Columnar OHLCV bars of one symbol, in strictly increasing time order.
 *
 * <p>The arrays are owned by this record and are not copied (a year of 5-minute bars is
 * 100,000 rows; copying on every hand-over would be waste): callers must not modify them
 * after construction. Timestamps are bar open times in epoch milliseconds (UTC).
 *
 * <p>The constructor validates everything a feature computation relies on and throws
 * {@link InvalidDataException} naming the symbol, row, field and rule: equal column lengths,
 * strictly increasing (so also non-duplicate) timestamps, finite non-negative prices and
 * volume, {@code high >= max(open, close, low)} and {@code low <= min(open, close)}.
 * A price is 0 (a bar with no trade; it ends a feature segment) or within
 * [{@value #MIN_POSITIVE_PRICE}, {@value #MAX_PRICE}]: a subnormal or extreme price would make
 * a ratio of two prices overflow, and so a log-return label or feature infinite. Such bars are
 * refused, not repaired.
 * An empty series is allowed (a symbol with no bars in a window); consumers that need rows
 * say so.
 */
public record BarSeries(String symbol, long[] timestamps, double[] open, double[] high, double[] low,
                        double[] close, double[] volume) {
    /**
     * Smallest positive price accepted. With {@link #MAX_PRICE} every ratio of two prices lies
     * within [1e-200, 1e200], so {@code log(close[t+h] / close[t])} is finite (|x| < 461).
     */
    public static final double MIN_POSITIVE_PRICE = 1e-100;
    /** Largest price accepted (see {@link #MIN_POSITIVE_PRICE}). */
    public static final double MAX_PRICE = 1e100;

    public BarSeries {
        Checks.notBlank(symbol, "symbol");
        Checks.notNull(timestamps, "timestamps");
        int n = timestamps.length;
        requireLength(symbol, "open", open, n);
        requireLength(symbol, "high", high, n);
        requireLength(symbol, "low", low, n);
        requireLength(symbol, "close", close, n);
        requireLength(symbol, "volume", volume, n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && timestamps[i] <= timestamps[i - 1]) {
                throw new InvalidDataException(symbol, i, "timestamp",
                        (timestamps[i] == timestamps[i - 1] ? "duplicate timestamp " : "non-increasing timestamp ")
                                + Instant.ofEpochMilli(timestamps[i]) + " after " + Instant.ofEpochMilli(timestamps[i - 1])
                                + "; expected strictly increasing timestamps");
            }
            requirePrice(symbol, i, "open", open[i], timestamps[i]);
            requirePrice(symbol, i, "high", high[i], timestamps[i]);
            requirePrice(symbol, i, "low", low[i], timestamps[i]);
            requirePrice(symbol, i, "close", close[i], timestamps[i]);
            requireVolume(symbol, i, volume[i], timestamps[i]);
            double hi = high[i], lo = low[i];
            if (hi < Math.max(open[i], close[i]) || hi < lo) {
                throw new InvalidDataException(symbol, i, "high", "high " + hi + " at " + Instant.ofEpochMilli(timestamps[i])
                        + " is below max(open, close, low) = " + Math.max(Math.max(open[i], close[i]), lo));
            }
            if (lo > Math.min(open[i], close[i])) {
                throw new InvalidDataException(symbol, i, "low", "low " + lo + " at " + Instant.ofEpochMilli(timestamps[i])
                        + " is above min(open, close) = " + Math.min(open[i], close[i]));
            }
        }
    }

    private static void requireLength(String symbol, String field, double[] column, int n) {
        if (column == null) throw new InvalidDataException(symbol, -1, field, "missing column");
        if (column.length != n) {
            throw new InvalidDataException(symbol, -1, field, "column has " + column.length + " rows, expected " + n + " (as timestamps)");
        }
    }

    private static void requirePrice(String symbol, int row, String field, double v, long ts) {
        if (v == 0) return;
        if (!(v >= MIN_POSITIVE_PRICE && v <= MAX_PRICE)) {
            throw new InvalidDataException(symbol, row, field, "value " + v + " at " + Instant.ofEpochMilli(ts)
                    + (Double.isFinite(v) && v > 0 ? "; a price this " + (v < 1 ? "small" : "large")
                    + " makes log returns overflow to infinity" : "")
                    + "; expected a finite, non-negative price: 0 or within [" + MIN_POSITIVE_PRICE + ", " + MAX_PRICE + "]");
        }
    }

    private static void requireVolume(String symbol, int row, double v, long ts) {
        if (!Double.isFinite(v) || v < 0) {
            throw new InvalidDataException(symbol, row, "volume", "value " + v + " at " + Instant.ofEpochMilli(ts)
                    + "; expected a finite, non-negative number");
        }
    }

    public int size() {
        return timestamps.length;
    }

    public boolean isEmpty() {
        return timestamps.length == 0;
    }

    /** First bar time, or null when empty. */
    public Instant firstTime() {
        return isEmpty() ? null : Instant.ofEpochMilli(timestamps[0]);
    }

    /** Last bar time, or null when empty. */
    public Instant lastTime() {
        return isEmpty() ? null : Instant.ofEpochMilli(timestamps[timestamps.length - 1]);
    }

    /** Index of the first bar with timestamp >= {@code millis} (size() if none). */
    public int indexAtOrAfter(long millis) {
        int lo = 0, hi = timestamps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < millis) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** Bars with {@code from <= timestamp < to} (copies the range). */
    public BarSeries slice(long fromMillisInclusive, long toMillisExclusive) {
        int a = indexAtOrAfter(fromMillisInclusive);
        int b = Math.max(a, indexAtOrAfter(toMillisExclusive));
        return sliceRows(a, b);
    }

    /** Rows {@code [from, to)} (copies the range). */
    public BarSeries sliceRows(int from, int to) {
        return new BarSeries(symbol, java.util.Arrays.copyOfRange(timestamps, from, to),
                java.util.Arrays.copyOfRange(open, from, to), java.util.Arrays.copyOfRange(high, from, to),
                java.util.Arrays.copyOfRange(low, from, to), java.util.Arrays.copyOfRange(close, from, to),
                java.util.Arrays.copyOfRange(volume, from, to));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BarSeries b && symbol.equals(b.symbol) && java.util.Arrays.equals(timestamps, b.timestamps)
                && java.util.Arrays.equals(open, b.open) && java.util.Arrays.equals(high, b.high)
                && java.util.Arrays.equals(low, b.low) && java.util.Arrays.equals(close, b.close)
                && java.util.Arrays.equals(volume, b.volume);
    }

    @Override
    public int hashCode() {
        return symbol.hashCode() * 31 + java.util.Arrays.hashCode(timestamps);
    }

    @Override
    public String toString() {
        return "BarSeries[" + symbol + ", " + size() + " bars, " + firstTime() + " .. " + lastTime() + "]";
    }
}
