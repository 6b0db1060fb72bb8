package dev.clm.core;

import dev.clm.api.BarSeries;
import dev.clm.api.DataClient;
import dev.clm.api.Dataset;
import dev.clm.api.FeatureEngineer;
import dev.clm.api.MarketData;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Labelled feature rows of a recent window. Indicators need {@code warmupBars()} of history
 * before the first defined row, so the window's bars alone would lose their first rows (or all
 * of them for a window shorter than the warm-up): the history before the window is loaded too
 * and the rows are then cut to the window.
 */
final class RecentData {
    private static final long FALLBACK_SPACING_MILLIS = Duration.ofHours(1).toMillis();

    private RecentData() {}

    /** Labelled rows whose time lies in {@code [now - window, now)}. */
    static Dataset labelledRows(DataClient data, FeatureEngineer features, Instant now, Duration window) {
        long spacing = medianSpacingMillis(data.loadRecentData(window));
        // twice the warm-up and horizon in bars, so a few gaps in the history do not starve the warm-up
        long padMillis = spacing * (features.warmupBars() + features.horizon() + 1L) * 2L;
        Instant from = now.minus(window);
        MarketData bars = data.loadTrainingData(from.minusMillis(padMillis), now);
        Dataset d = features.transform(bars);
        return d.slice(d.indexAtOrAfter(from.toEpochMilli()), d.rows());
    }

    /** Median bar spacing of the first series with at least two bars (one hour if none). */
    static long medianSpacingMillis(MarketData md) {
        for (BarSeries s : md.series()) {
            if (s.size() < 2) continue;
            long[] ts = s.timestamps();
            long[] diffs = new long[ts.length - 1];
            for (int i = 1; i < ts.length; i++) diffs[i - 1] = ts[i] - ts[i - 1];
            Arrays.sort(diffs);
            return diffs[diffs.length / 2];
        }
        return FALLBACK_SPACING_MILLIS;
    }
}
