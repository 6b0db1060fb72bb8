package dev.clm.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.BarSeries;
import dev.clm.api.InvalidDataException;
import dev.clm.api.MarketData;
import dev.clm.api.contract.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataClientTest {

    @Test
    @DisplayName("every file in ../shared/data loads under the default FAIL policy, with the manifest's row counts")
    void loadsEverySharedFile() {
        CsvDataClient client = CsvDataClient.builder().directory(SharedData.dir()).build();
        MarketData all = client.loadAll();
        assertThat(all.series()).hasSize(37);
        assertThat(all.get("BTCUSDT_5m").orElseThrow().size()).isEqualTo(61999);
        assertThat(all.get("BTCUSDT_1h").orElseThrow().size()).isEqualTo(55817);
        assertThat(all.get("BTCUSD_gemini_1h").orElseThrow().size()).isEqualTo(45825);
        assertThat(all.get("BTCUSD_gemini_1h").orElseThrow().open()[0]).isZero(); // the real quirk is kept
        assertThat(all.get("NVDA_1d").orElseThrow().size()).isEqualTo(4012);     // adj_close ignored
        assertThat(all.get("BTCUSDT_1h_cdd").orElseThrow().size()).isEqualTo(33413); // blank trade_count ignored
        assertThat(all.get("EURUSD_1h").orElseThrow().size()).isEqualTo(5000);
        BarSeries btc = all.get("BTCUSDT_5m").orElseThrow();
        assertThat(btc.timestamps()[0]).isEqualTo(1640995200000L);
        assertThat(btc.close()[0]).isEqualTo(46321.34);
        assertThat(btc.volume()[0]).isEqualTo(185.67558);
    }

    @Nested
    @DisplayName("windows and selection")
    class Windows {
        private final MutableClock clock = new MutableClock(Instant.parse("2022-01-02T00:00:00Z"));
        private final CsvDataClient client = CsvDataClient.builder().directory(SharedData.file("binance_spot_5m"))
                .symbols(List.of("BTCUSDT_5m", "ETHUSDT_5m")).clock(clock).build();

        @Test
        void symbolListSelectsFiles() {
            assertThat(client.symbols()).containsExactly("BTCUSDT_5m", "ETHUSDT_5m");
        }

        @Test
        @DisplayName("training window is [start, end) and never reaches past now")
        void trainingWindowHalfOpenAndCappedAtNow() {
            MarketData d = client.loadTrainingData(Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2022-01-01T01:00:00Z"));
            BarSeries btc = d.get("BTCUSDT_5m").orElseThrow();
            assertThat(btc.size()).isEqualTo(12);
            assertThat(btc.lastTime()).isEqualTo(Instant.parse("2022-01-01T00:55:00Z"));
            MarketData future = client.loadTrainingData(Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2030-01-01T00:00:00Z"));
            assertThat(future.get("ETHUSDT_5m").orElseThrow().size()).isEqualTo(288); // one day up to now, not the whole file
        }

        @Test
        void recentDataEndsAtNow() {
            clock.advance(Duration.ofHours(1));
            MarketData d = client.loadRecentData(Duration.ofHours(2));
            BarSeries eth = d.get("ETHUSDT_5m").orElseThrow();
            assertThat(eth.size()).isEqualTo(24);
            assertThat(eth.lastTime()).isEqualTo(Instant.parse("2022-01-02T00:55:00Z"));
            assertThat(client.countBars(Instant.parse("2022-01-01T00:00:00Z"), Instant.parse("2022-01-01T01:00:00Z"))).isEqualTo(24);
        }

        @Test
        void unknownSymbolIsRejected() {
            assertThatThrownBy(() -> CsvDataClient.builder().directory(SharedData.file("binance_spot_5m")).symbols(List.of("NOPE")).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NOPE");
        }
    }

    @Nested
    @DisplayName("layouts and invalid rows")
    class Layouts {
        @TempDir
        Path dir;

        private Path write(String name, String text) throws IOException {
            Path p = dir.resolve(name);
            Files.writeString(p, text);
            return p;
        }

        @Test
        @DisplayName("header names in any order and case, extra columns ignored")
        void headerByName() throws IOException {
            Path p = write("X.csv", "Volume,CLOSE,extra,low,timestamp,high,open\n10,2,zz,1,1000,3,2\n11,2.5,,1.5,2000,3,2\n");
            BarSeries s = CsvDataClient.read(p, "X", CsvDataClient.InvalidRowPolicy.FAIL);
            assertThat(s.timestamps()).containsExactly(1000L, 2000L);
            assertThat(s.close()).containsExactly(2.0, 2.5);
            assertThat(s.volume()).containsExactly(10.0, 11.0);
        }

        @Test
        void missingColumnIsNamed() throws IOException {
            Path p = write("X.csv", "open_time,open,high,low,volume\n1000,1,1,1,1\n");
            assertThatThrownBy(() -> CsvDataClient.read(p, "X", CsvDataClient.InvalidRowPolicy.FAIL))
                    .isInstanceOf(InvalidDataException.class).hasMessageContaining("'close'").hasMessageContaining("missing column");
        }

        @Test
        @DisplayName("FAIL names symbol, row, field, file and line; SKIP drops the bad rows")
        void invalidRows() throws IOException {
            String text = "open_time,open,high,low,close,volume\n"
                    + "1000,2,3,1,2,5\n"
                    + "2000,2,1.5,1,2,5\n"      // high below open/close
                    + "2000,2,3,1,2,5\n"        // duplicate of the previous valid timestamp? no: 1000 is previous valid
                    + "2000,2,3,1,2,5\n"        // duplicate timestamp
                    + "3000,NaN,3,1,2,5\n"      // NaN price
                    + "4000,2,3,1,2,-1\n"       // negative volume
                    + "5000,2,3,1,x,5\n"        // not a number
                    + "6000,2,3,1,2,5\n";
            Path p = write("X.csv", text);
            assertThatThrownBy(() -> CsvDataClient.read(p, "X", CsvDataClient.InvalidRowPolicy.FAIL))
                    .isInstanceOfSatisfying(InvalidDataException.class, e -> {
                        assertThat(e.symbol()).isEqualTo("X");
                        assertThat(e.field()).isEqualTo("high");
                        assertThat(e.row()).isEqualTo(1);
                        assertThat(e.getMessage()).contains("line 3");
                    });
            BarSeries s = CsvDataClient.read(p, "X", CsvDataClient.InvalidRowPolicy.SKIP);
            assertThat(s.timestamps()).containsExactly(1000L, 2000L, 6000L);
        }
    }
}
