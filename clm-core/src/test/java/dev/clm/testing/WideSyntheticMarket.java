package dev.clm.testing;

import dev.clm.data.SyntheticDataClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic hourly market with {@value #SYMBOLS} symbols instead of five, for tests of the
 * cycle's plumbing that need a promotion to happen. The decision statistics count a timestamp
 * once (symbols are averaged) and 12-hour labels overlap, so a two-week test split of five
 * symbols holds about 25 independent observations: too few to confirm the market's modest,
 * regime-dependent signal. Each symbol has its own regime path, so twenty symbols average the
 * regimes out and the same signal becomes significant.
 */
public final class WideSyntheticMarket {
    public static final int SYMBOLS = 20;

    private WideSyntheticMarket() {}

    public static SyntheticDataClient hourly(Clock clock, long seed) {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < SYMBOLS; i++) symbols.add(String.format("SYN%02d", i));
        return new SyntheticDataClient(clock, seed, symbols, Instant.parse("2024-01-01T00:00:00Z"), Duration.ofHours(1));
    }
}
