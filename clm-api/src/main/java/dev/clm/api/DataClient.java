package dev.clm.api;

import java.time.Duration;
import java.time.Instant;

/**
 * Source of OHLCV bars. "Recent" and "validation" windows end at the implementation's notion
 * of now (an injected {@link java.time.Clock}). Only bars whose open time is before now are
 * returned: nothing from the future.
 */
public interface DataClient {

    /** Bars with {@code start <= open time < end} of every configured symbol. */
    MarketData loadTrainingData(Instant start, Instant end);

    /** Bars of the last {@code lookback} up to now. */
    MarketData loadRecentData(Duration lookback);

    /** Bars of the last {@code lookback} up to now, used for held-out validation and shadow replay. */
    MarketData loadValidationData(Duration lookback);

    /** Number of bars with {@code start <= open time < end} (for the DATA_VOLUME trigger). */
    default long countBars(Instant start, Instant end) {
        return loadTrainingData(start, end).totalBars();
    }

    /**
     * What this source is and what it holds, for error messages when a window comes back
     * empty: for example the table or directory, the symbols, and the span of bars it has. May
     * read the source; should not throw. Default: the class name.
     */
    default String describeSource() {
        return getClass().getName();
    }
}
