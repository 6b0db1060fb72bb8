package dev.clm.data;

import dev.clm.api.DataClient;
import dev.clm.api.contract.DataClientContract;
import dev.clm.api.contract.MutableClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;

/** The CSV client over real candles (../shared/data) honours the DataClient contract. */
@DisplayName("CsvDataClient honours the DataClient contract")
class CsvDataClientContractTest extends DataClientContract {
    @Override
    protected DataClient createClient(MutableClock clock) {
        return CsvDataClient.builder().directory(SharedData.file("binance_spot_5m")).symbols(List.of("BTCUSDT_5m", "ETHUSDT_5m"))
                .clock(clock).build();
    }

    /** The 5-minute files start on 2022-01-01, so two months in there are 60 days of history. */
    @Override
    protected Instant now() {
        return Instant.parse("2022-03-01T00:00:00Z");
    }
}
