package dev.clm.data;

import dev.clm.api.FeatureEngineer;
import dev.clm.api.MarketData;
import dev.clm.api.contract.FeatureEngineerContract;
import dev.clm.api.contract.MutableClock;
import dev.clm.testing.SimpleFeatureEngineer;
import java.time.Duration;

/** The test feature engineer used by the orchestration tests honours the feature contract (no look-ahead). */
class SimpleFeatureEngineerContractTest extends FeatureEngineerContract {
    @Override
    protected FeatureEngineer createEngineer() {
        return new SimpleFeatureEngineer(12);
    }

    @Override
    protected MarketData marketData() {
        MutableClock clock = MutableClock.at("2024-03-01T00:00:00Z");
        return SyntheticDataClient.hourly(clock, 5).loadRecentData(Duration.ofDays(20));
    }
}
