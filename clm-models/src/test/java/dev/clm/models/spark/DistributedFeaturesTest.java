package dev.clm.models.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.BarSeries;
import dev.clm.api.Dataset;
import dev.clm.api.MarketData;
import dev.clm.features.TechnicalFeatureEngineer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Features computed on the executors from the JDBC OHLCV table equal, row for row and bit for bit,
 * what the same engineer computes on the driver from the same bars.
 */
class DistributedFeaturesTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final long HOUR = 3_600_000L;

    @Test
    @DisplayName("per-symbol features on the executors from the OHLCV table equal the driver's")
    void executorFeaturesEqualTheDriversFromTheJdbcTable() throws Exception {
        String url = "jdbc:h2:mem:spark_bars;DB_CLOSE_DELAY=-1";
        List<BarSeries> series = List.of(bars("AAA", 1), bars("BBB", 2), bars("CCC", 3));
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE clm_ohlcv_bars (symbol VARCHAR(64) NOT NULL, open_time TIMESTAMP WITH TIME ZONE NOT NULL,"
                        + " open DOUBLE PRECISION NOT NULL, high DOUBLE PRECISION NOT NULL, low DOUBLE PRECISION NOT NULL,"
                        + " close DOUBLE PRECISION NOT NULL, volume DOUBLE PRECISION NOT NULL, PRIMARY KEY (symbol, open_time))");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO clm_ohlcv_bars VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (BarSeries b : series) {
                    for (int i = 0; i < b.timestamps().length; i++) {
                        insert.setString(1, b.symbol());
                        insert.setObject(2, OffsetDateTime.ofInstant(Instant.ofEpochMilli(b.timestamps()[i]), ZoneOffset.UTC));
                        insert.setDouble(3, b.open()[i]);
                        insert.setDouble(4, b.high()[i]);
                        insert.setDouble(5, b.low()[i]);
                        insert.setDouble(6, b.close()[i]);
                        insert.setDouble(7, b.volume()[i]);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            TechnicalFeatureEngineer engineer = new TechnicalFeatureEngineer();
            Map<String, String> config = new HashMap<>(engineer.config());
            List<Row> rows = DistributedFeatures.compute(
                    DistributedFeatures.jdbcBars(LocalSpark.session(), url, "clm_ohlcv_bars", new Properties(), 2),
                    () -> TechnicalFeatureEngineer.fromConfig(config)).collectAsList();

            Dataset expected = engineer.transform(new MarketData(series));
            assertThat(rows).hasSize(expected.rows());
            Map<String, Row> bySymbolAndTime = new HashMap<>();
            for (Row r : rows) bySymbolAndTime.put(r.getString(0) + "@" + r.getLong(1), r);
            float[] x = new float[expected.columns()];
            for (int i = 0; i < expected.rows(); i++) {
                Row r = bySymbolAndTime.get(expected.symbolOf(i) + "@" + expected.timestamps()[i]);
                assertThat(r).as("row " + i + " of the driver's dataset").isNotNull();
                assertThat(r.getLong(2)).isEqualTo(expected.labelEndTimestamps()[i]);
                assertThat(r.getFloat(4)).isEqualTo(expected.labels()[i]);
                List<Float> got = r.getList(3);
                expected.row(i, x);
                List<Float> want = new ArrayList<>();
                for (float v : x) want.add(v);
                assertThat(got).isEqualTo(want);
            }
        }
    }

    private static BarSeries bars(String symbol, long seed) {
        int n = 600;
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] o = new double[n], h = new double[n], l = new double[n], c = new double[n], v = new double[n];
        double price = 100;
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
            o[i] = price;
            c[i] = price * Math.exp(0.01 * (r.nextDouble() - 0.5));
            h[i] = Math.max(o[i], c[i]) * (1 + 0.002 * r.nextDouble());
            l[i] = Math.min(o[i], c[i]) * (1 - 0.002 * r.nextDouble());
            v[i] = 1000 + 500 * r.nextDouble();
            price = c[i];
        }
        return new BarSeries(symbol, t, o, h, l, c, v);
    }
}
