package dev.clm.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.DataClient;
import dev.clm.api.MarketData;
import dev.clm.api.contract.DataClientContract;
import dev.clm.api.contract.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticDataClientTest extends DataClientContract {
    @Override
    protected DataClient createClient(MutableClock clock) {
        return SyntheticDataClient.hourly(clock, 3);
    }

    @Override
    protected Instant now() {
        return Instant.parse("2024-04-01T00:00:00Z");
    }

    @Test
    void onlyClosedBarsAreVisible() {
        MutableClock clock = MutableClock.at("2024-04-01T10:30:00Z");
        MarketData d = SyntheticDataClient.hourly(clock, 3).loadRecentData(Duration.ofDays(1));
        // the 10:00 bar closes at 11:00, so the last visible bar opens at 09:00
        assertThat(d.series().get(0).lastTime()).isEqualTo(Instant.parse("2024-04-01T09:00:00Z"));
    }

    @Test
    void sameSeedSameBarsOtherSeedOtherBars() {
        MutableClock clock = MutableClock.at("2024-04-01T00:00:00Z");
        Instant from = Instant.parse("2024-03-01T00:00:00Z");
        MarketData a = SyntheticDataClient.hourly(clock, 3).loadTrainingData(from, clock.instant());
        MarketData b = SyntheticDataClient.hourly(clock, 3).loadTrainingData(from, clock.instant());
        MarketData c = SyntheticDataClient.hourly(clock, 4).loadTrainingData(from, clock.instant());
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void everyRegimeOccursOverAYear() {
        MutableClock clock = MutableClock.at("2025-01-01T00:00:00Z");
        SyntheticDataClient c = SyntheticDataClient.hourly(clock, 3);
        Set<SyntheticDataClient.Regime> seen = EnumSet.noneOf(SyntheticDataClient.Regime.class);
        for (int i = 0; i < 24 * 365; i += 6) seen.add(c.regimeAt("SYNA", i));
        assertThat(seen).containsExactlyInAnyOrder(SyntheticDataClient.Regime.values());
    }
}
