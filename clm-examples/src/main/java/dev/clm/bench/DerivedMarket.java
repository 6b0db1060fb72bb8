package dev.clm.bench;

import dev.clm.api.DataClient;
import dev.clm.api.MarketData;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A market computed once from real candles and served up to the benchmark's clock: no bar after
 * "now" is ever returned. Subclasses build the bars and hand them to {@link #serve}.
 */
abstract class DerivedMarket implements DataClient {
    private final Clock clock;
    private MarketData all;

    DerivedMarket(Clock clock) {
        this.clock = clock;
    }

    /** The bars this market serves (called once, from the subclass's constructor). */
    protected final void serve(MarketData bars) {
        this.all = bars;
    }

    protected final MarketData all() {
        return all;
    }

    @Override
    public final MarketData loadTrainingData(Instant start, Instant end) {
        Instant now = clock.instant();
        Instant to = end.isAfter(now) ? now : end;
        return all.slice(start, to.isAfter(start) ? to : start);
    }

    @Override
    public final MarketData loadRecentData(Duration lookback) {
        Instant now = clock.instant();
        return loadTrainingData(now.minus(lookback), now);
    }

    @Override
    public final MarketData loadValidationData(Duration lookback) {
        return loadRecentData(lookback);
    }
}
