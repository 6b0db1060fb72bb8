package dev.clm.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * OHLCV bars of several symbols, one {@link BarSeries} each (distinct symbols, each in its own
 * time order). Nothing is ever computed across symbols.
 */
public record MarketData(List<BarSeries> series) {
    public MarketData {
        Checks.noNulls(series, "series");
        series = List.copyOf(series);
        Set<String> seen = new HashSet<>();
        for (BarSeries s : series) {
            if (!seen.add(s.symbol())) {
                throw new InvalidDataException(s.symbol(), -1, "symbol", "symbol appears twice; expected one series per symbol");
            }
        }
    }

    public static MarketData of(BarSeries... series) {
        return new MarketData(List.of(series));
    }

    public List<String> symbols() {
        List<String> out = new ArrayList<>(series.size());
        for (BarSeries s : series) out.add(s.symbol());
        return out;
    }

    public Optional<BarSeries> get(String symbol) {
        for (BarSeries s : series) if (s.symbol().equals(symbol)) return Optional.of(s);
        return Optional.empty();
    }

    /** Total number of bars over all symbols. */
    public long totalBars() {
        long n = 0;
        for (BarSeries s : series) n += s.size();
        return n;
    }

    public boolean isEmpty() {
        return totalBars() == 0;
    }

    /** Earliest and latest bar time over all symbols, or empty when there are no bars. */
    public Optional<TimeRange> timeRange() {
        Instant first = null, last = null;
        for (BarSeries s : series) {
            if (s.isEmpty()) continue;
            if (first == null || s.firstTime().isBefore(first)) first = s.firstTime();
            if (last == null || s.lastTime().isAfter(last)) last = s.lastTime();
        }
        return first == null ? Optional.empty() : Optional.of(new TimeRange(first, last));
    }

    /** Bars with {@code from <= t < to} of every symbol. */
    public MarketData slice(Instant fromInclusive, Instant toExclusive) {
        List<BarSeries> out = new ArrayList<>(series.size());
        for (BarSeries s : series) out.add(s.slice(fromInclusive.toEpochMilli(), toExclusive.toEpochMilli()));
        return new MarketData(out);
    }
}
