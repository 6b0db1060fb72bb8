package dev.clm.features;

import dev.clm.api.FeatureEngineer;
import dev.clm.api.MarketData;
import dev.clm.api.contract.FeatureEngineerContract;
import dev.clm.api.contract.MutableClock;
import dev.clm.data.SyntheticDataClient;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;

@DisplayName("TechnicalFeatureEngineer honours the FeatureEngineer contract")
class TechnicalFeatureEngineerContractTest extends FeatureEngineerContract {
    @Override
    protected FeatureEngineer createEngineer() {
        return new TechnicalFeatureEngineer();
    }

    /** Three hourly symbols, 60 days: far longer than the default warm-up (300 bars) plus the horizon. */
    @Override
    protected MarketData marketData() {
        MutableClock clock = MutableClock.at("2024-03-01T00:00:00Z");
        return SyntheticDataClient.hourly(clock, 3).loadRecentData(Duration.ofDays(60));
    }
}
