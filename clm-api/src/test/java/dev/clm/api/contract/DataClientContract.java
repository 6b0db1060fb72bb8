package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.DataClient;
import dev.clm.api.MarketData;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link DataClient} must have. Subclasses supply a client reading time from
 * the given clock, set to {@link #now()}, with data covering at least the 30 days before it.
 */
public abstract class DataClientContract {
    protected abstract DataClient createClient(MutableClock clock);

    /** A time at which the client's data has at least 30 days of history. */
    protected abstract Instant now();

    @Test
    @DisplayName("nothing from the future is returned")
    void nothingFromTheFutureIsReturned() {
        MutableClock clock = new MutableClock(now());
        DataClient c = createClient(clock);
        for (MarketData d : new MarketData[] {c.loadRecentData(Duration.ofDays(10)), c.loadValidationData(Duration.ofDays(3)),
                c.loadTrainingData(now().minus(Duration.ofDays(20)), now().plus(Duration.ofDays(20)))}) {
            for (BarSeries s : d.series()) {
                if (!s.isEmpty()) assertThat(s.lastTime()).isBefore(now());
            }
        }
    }

    @Test
    @DisplayName("the training window is [start, end); recent data ends near now; countBars agrees")
    void trainingWindowIsHalfOpenAndRecentDataEndsNearNow() {
        MutableClock clock = new MutableClock(now());
        DataClient c = createClient(clock);
        Instant start = now().minus(Duration.ofDays(20));
        Instant end = now().minus(Duration.ofDays(10));
        MarketData d = c.loadTrainingData(start, end);
        assertThat(d.totalBars()).isPositive();
        for (BarSeries s : d.series()) {
            if (s.isEmpty()) continue;
            assertThat(s.firstTime()).isAfterOrEqualTo(start);
            assertThat(s.lastTime()).isBefore(end);
        }
        assertThat(c.countBars(start, end)).isEqualTo(d.totalBars());
        MarketData recent = c.loadRecentData(Duration.ofDays(5));
        assertThat(recent.timeRange()).isPresent();
        assertThat(recent.timeRange().get().start()).isAfterOrEqualTo(now().minus(Duration.ofDays(5)));
    }

    @Test
    @DisplayName("the same window twice gives the same bars")
    void sameWindowTwiceGivesTheSameBars() {
        MutableClock clock = new MutableClock(now());
        DataClient c = createClient(clock);
        Instant start = now().minus(Duration.ofDays(15));
        assertThat(c.loadTrainingData(start, now())).isEqualTo(c.loadTrainingData(start, now()));
    }

    @Test
    @DisplayName("advancing the clock reveals new bars")
    void advancingTheClockRevealsNewBars() {
        MutableClock clock = new MutableClock(now().minus(Duration.ofDays(5)));
        DataClient c = createClient(clock);
        Instant start = now().minus(Duration.ofDays(10));
        long before = c.loadTrainingData(start, now()).totalBars();
        clock.set(now());
        assertThat(c.loadTrainingData(start, now()).totalBars()).isGreaterThan(before);
    }
}
