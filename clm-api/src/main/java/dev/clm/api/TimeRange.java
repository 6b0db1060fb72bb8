package dev.clm.api;

import java.time.Duration;
import java.time.Instant;

/** A closed time interval {@code [start, end]} with {@code start <= end}. */
public record TimeRange(Instant start, Instant end) {
    public TimeRange {
        Checks.notNull(start, "timeRange.start");
        Checks.notNull(end, "timeRange.end");
        Checks.notAfter(start, end, "timeRange.start", "timeRange.end");
    }

    public static TimeRange ofEpochMillis(long startMillis, long endMillis) {
        return new TimeRange(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(endMillis));
    }

    public Duration duration() {
        return Duration.between(start, end);
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && !t.isAfter(end);
    }
}
