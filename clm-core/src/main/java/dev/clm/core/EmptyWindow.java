package dev.clm.core;

import dev.clm.api.DataClient;
import dev.clm.api.InvalidDataException;
import dev.clm.api.MarketData;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses an empty training window with a message a newcomer can act on: the window asked for,
 * the lookback and clock that chose it, and what the source says it holds (a table nothing
 * writes, CSV files that end before the clock's now).
 */
final class EmptyWindow {
    private static final Logger LOG = LoggerFactory.getLogger(EmptyWindow.class);

    private EmptyWindow() {}

    /** {@code bars}, or an {@link InvalidDataException} naming source and window if it holds no bar. */
    static MarketData require(MarketData bars, DataClient source, Instant start, Instant end, Duration lookback) {
        if (bars.totalBars() > 0) return bars;
        String holds;
        try {
            holds = source.describeSource();
        } catch (RuntimeException e) {
            LOG.debug("describing the data source failed", e);
            holds = source.getClass().getName() + " (describing it failed: " + e + ")";
        }
        Duration before = Duration.between(start, end).minus(lookback);
        throw new InvalidDataException(null, -1, "bars", "no bars in the training window [" + start + ", " + end + ") (training lookback "
                + lookback + (before.isZero() ? "" : " and the " + before + " before it for the walk-forward folds")
                + " up to now by the manager's clock"
                + (bars.symbols().isEmpty() ? ", no symbols" : ", symbols " + bars.symbols()) + ") from the data source: " + holds);
    }
}
