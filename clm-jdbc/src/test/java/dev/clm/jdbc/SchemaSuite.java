package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.clm.api.BarSeries;
import dev.clm.api.Checksums;
import dev.clm.api.DataClient;
import dev.clm.api.DriftEvent;
import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.HealthStatus;
import dev.clm.api.InvalidDataException;
import dev.clm.api.MarketData;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelRegistry;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.api.ShadowOutcome;
import dev.clm.api.ShadowSample;
import dev.clm.api.TimeRange;
import dev.clm.api.contract.MutableClock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Retention routines, views and the OHLCV data client; subclasses pick the database. */
abstract class SchemaSuite {
    static final ModelType TYPE = ModelType.LIGHTGBM;

    MutableClock clock;
    TestDb testDb;
    ClmDatabase db;

    abstract TestDb newDatabase();

    @BeforeEach
    void openDatabase() {
        clock = MutableClock.at("2026-06-01T12:00:00Z");
        testDb = newDatabase();
        db = testDb.open(clock);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        testDb.close();
    }

    private void save(String version) {
        byte[] b = version.getBytes(StandardCharsets.UTF_8);
        Instant t = clock.instant();
        db.registry().save(new ModelArtifact(TYPE, version, ModelStatus.CANDIDATE, t, new TimeRange(t.minus(Duration.ofDays(9)), t), 5,
                Map.of("rmse", 0.2), Map.of(), Map.of(), Map.of(), null, Checksums.sha256Hex(b), b.length, "bytes", null, null), b);
    }

    private <T> T query(String sql, SqlReader<T> reader, Object... params) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        }
    }

    interface SqlReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    @Test
    @DisplayName("shadow results older than 90 days are purged by the retention routine")
    void shadowRetention() {
        Instant now = clock.instant();
        db.shadowResults().insertBatch(List.of(
                new ShadowSample(1, TYPE, "s1", null, "BTCUSDT", now.minus(Duration.ofDays(91)).toEpochMilli(), 0.1, 0.2, Double.NaN, Double.NaN),
                new ShadowSample(2, TYPE, "s1", null, "BTCUSDT", now.minus(Duration.ofDays(89)).toEpochMilli(), 0.1, 0.2, Double.NaN, Double.NaN)));
        assertThat(db.retention().purgeShadowResults()).isEqualTo(1);
        assertThat(db.shadowResults().samples(TYPE, "s1")).extracting(ShadowSample::sampleId).containsExactly(2L);
        assertThatThrownBy(() -> db.retention().purgeShadowResults(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("versions retired more than 180 days ago are archived, kept, and un-archived by a rollback")
    void retiredModelArchiving() throws SQLException {
        ModelRegistry r = db.registry();
        save("v1");
        save("v2");
        save("v3");
        r.promote(TYPE, "v1", "first");
        r.promote(TYPE, "v2", "second"); // v1 retired now
        clock.advance(Duration.ofDays(190));
        r.promote(TYPE, "v3", "third"); // v2 retired 190 days after v1
        clock.advance(Duration.ofDays(10));
        assertThat(db.retention().archiveRetiredModels()).isEqualTo(1);
        assertThat(db.retention().archiveRetiredModels()).as("idempotent").isZero();
        String archivedSql = "SELECT version FROM model_registry WHERE archived_at IS NOT NULL";
        assertThat((String) query(archivedSql, rs -> rs.next() ? rs.getString(1) : null)).isEqualTo("v1");
        assertThat(r.history(TYPE, 10)).hasSize(3);
        assertThat(r.loadBytes(TYPE, "v1")).isEqualTo("v1".getBytes(StandardCharsets.UTF_8));
        r.promote(TYPE, "v1", "rollback to an archived version");
        assertThat((String) query(archivedSql, rs -> rs.next() ? rs.getString(1) : null)).isNull();
    }

    @Test
    @DisplayName("the four views summarise active models, shadow evidence, recent drift and the latest health")
    void views() throws SQLException {
        save("a1");
        db.registry().promote(TYPE, "a1", "first");
        save("s1");
        db.registry().updateStatus(TYPE, "s1", ModelStatus.SHADOW);
        assertThat((String) query("SELECT model_type, version FROM active_models_summary", rs -> {
            rs.next();
            return rs.getString(1) + "/" + rs.getString(2) + (rs.next() ? " and more" : "");
        })).isEqualTo("lightgbm/a1");

        long t = clock.instant().toEpochMilli();
        db.shadowResults().insertBatch(List.of(
                new ShadowSample(10, TYPE, "s1", "a1", "ETHUSDT", t, 0.01, 0.02, Double.NaN, Double.NaN),
                new ShadowSample(11, TYPE, "s1", "a1", "ETHUSDT", t + 1, -0.01, 0.03, Double.NaN, Double.NaN),
                new ShadowSample(12, TYPE, "s1", "a1", "ETHUSDT", t + 2, 0.01, 0.01, Double.NaN, Double.NaN)));
        db.shadowResults().recordOutcomes(List.of(new ShadowOutcome(10, 0.02, 1.0), new ShadowOutcome(11, 0.01, 2.0)));
        query("SELECT shadow_status, samples, outcomes, shadow_mae, active_mae, shadow_direction_accuracy, active_direction_accuracy, "
                + "total_pnl FROM shadow_models_summary WHERE model_type = 'lightgbm' AND shadow_version = 's1'", rs -> {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("SHADOW");
            assertThat(rs.getLong(2)).isEqualTo(3);
            assertThat(rs.getLong(3)).isEqualTo(2);
            assertThat(rs.getDouble(4)).isCloseTo((0.0 + 0.02) / 2, within(1e-12));
            assertThat(rs.getDouble(5)).isCloseTo((0.01 + 0.02) / 2, within(1e-12));
            assertThat(rs.getDouble(6)).isCloseTo(1.0, within(1e-12));
            assertThat(rs.getDouble(7)).isCloseTo(0.5, within(1e-12));
            assertThat(rs.getDouble(8)).isCloseTo(3.0, within(1e-12));
            return null;
        });

        // recent_drift_events uses the database's own clock (CURRENT_TIMESTAMP).
        Instant realNow = Instant.now();
        db.driftEvents().record(new DriftEvent(realNow.minus(Duration.ofHours(1)), DriftType.FEATURE, DriftSeverity.LOW, null, "rsi",
                0.1, 0.04, Math.log10(0.04), Double.NaN, "log"));
        db.driftEvents().record(new DriftEvent(realNow.minus(Duration.ofDays(30)), DriftType.FEATURE, DriftSeverity.HIGH, null, "atr",
                0.3, 0.001, -3, Double.NaN, "full retrain"));
        assertThat((String) query("SELECT feature FROM recent_drift_events", rs -> {
            rs.next();
            return rs.getString(1) + (rs.next() ? " and more" : "");
        })).isEqualTo("rsi");

        Instant at = clock.instant();
        db.performanceLogs().record(new PerformanceLog(TYPE, "a1", at, Duration.ofHours(6), 100, 90, 0.55, 0.5, 0.6, 0.05, 1.0, 100,
                200, 300, 0.9, HealthStatus.HEALTHY));
        db.performanceLogs().record(new PerformanceLog(TYPE, "a1", at.plusSeconds(3600), Duration.ofHours(6), 100, 90, 0.40, 0.35,
                0.45, 0.2, 1.0, 100, 200, 300, 0.9, HealthStatus.DEGRADED));
        assertThat((String) query("SELECT status, health, winrate FROM model_performance_dashboard WHERE version = 'a1'", rs -> {
            rs.next();
            return rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getDouble(3) + (rs.next() ? " and more" : "");
        })).isEqualTo("ACTIVE/DEGRADED/0.4");
    }

    private void insertBar(String symbol, Instant open, double o, double h, double l, double c, double v) throws SQLException {
        try (Connection conn = db.dataSource().getConnection(); PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO clm_ohlcv_bars (symbol, open_time, open, high, low, close, volume) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, symbol);
            ps.setObject(2, OffsetDateTime.ofInstant(open, ZoneOffset.UTC));
            ps.setDouble(3, o);
            ps.setDouble(4, h);
            ps.setDouble(5, l);
            ps.setDouble(6, c);
            ps.setDouble(7, v);
            ps.executeUpdate();
        }
    }

    @Test
    @DisplayName("the data client reads OHLCV bars per symbol and never returns a bar from the future")
    void dataClient() throws SQLException {
        Instant now = clock.instant(); // 12:00
        for (int h = -10; h < 5; h++) {
            Instant open = now.plus(Duration.ofHours(h));
            insertBar("BTCUSDT", open, 100 + h, 101 + h, 99 + h, 100.5 + h, 10);
            if (h % 2 == 0) insertBar("ETHUSDT", open, 10, 11, 9, 10.5, 5);
        }
        DataClient client = db.dataClient();
        MarketData all = client.loadTrainingData(now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
        assertThat(all.symbols()).containsExactly("BTCUSDT", "ETHUSDT");
        BarSeries btc = all.get("BTCUSDT").orElseThrow();
        assertThat(btc.size()).as("bars -10h .. -1h, nothing at or after now").isEqualTo(10);
        assertThat(btc.lastTime()).isEqualTo(now.minus(Duration.ofHours(1)));
        assertThat(btc.close()[0]).isEqualTo(90.5);
        assertThat(all.get("ETHUSDT").orElseThrow().size()).isEqualTo(5);
        assertThat(client.loadRecentData(Duration.ofHours(3)).get("BTCUSDT").orElseThrow().size()).isEqualTo(3);
        assertThat(client.countBars(now.minus(Duration.ofHours(4)), now.plus(Duration.ofHours(4)))).isEqualTo(4 + 2);
        clock.advance(Duration.ofHours(2));
        assertThat(client.loadValidationData(Duration.ofHours(3)).get("BTCUSDT").orElseThrow().lastTime()).isEqualTo(now.plus(Duration.ofHours(1)));

        DataClient one = db.dataClient(JdbcDataClient.DEFAULT_TABLE, List.of("ETHUSDT", "NOPE"));
        MarketData some = one.loadRecentData(Duration.ofDays(1));
        assertThat(some.symbols()).containsExactly("ETHUSDT", "NOPE");
        assertThat(some.get("NOPE").orElseThrow().isEmpty()).isTrue();

        insertBar("BAD", now.minus(Duration.ofHours(1)), 10, 9, 11, 10, 1); // high below low
        assertThatThrownBy(() -> db.dataClient().loadRecentData(Duration.ofDays(1))).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("BAD");
        assertThatThrownBy(() -> db.dataClient("clm_ohlcv_bars; DROP TABLE model_registry", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
    }

    @Test
    @DisplayName("the engine writes its bars with writeBars; a rewrite replaces the values; the client reads them back exactly")
    void engineWritesBars() {
        Instant now = clock.instant();
        long t0 = now.minus(Duration.ofHours(10)).toEpochMilli();
        long h = Duration.ofHours(1).toMillis();
        long[] times = new long[10];
        double[] open = new double[10], high = new double[10], low = new double[10], close = new double[10], volume = new double[10];
        for (int i = 0; i < 10; i++) {
            times[i] = t0 + i * h;
            open[i] = 100 + i;
            high[i] = 101.5 + i;
            low[i] = 99 + i;
            close[i] = 100.25 + i;
            volume[i] = 10 + i;
        }
        BarSeries btc = new BarSeries("BTCUSDT", times, open, high, low, close, volume);
        JdbcDataClient client = db.dataClient();
        assertThat(client.writeBars(btc)).isEqualTo(10);
        assertThat(client.loadRecentData(Duration.ofDays(1)).get("BTCUSDT").orElseThrow()).isEqualTo(btc);

        double[] corrected = close.clone();
        corrected[9] = 100.5 + 9; // the last bar, written again with a corrected close
        BarSeries fix = new BarSeries("BTCUSDT", new long[] {times[9]}, new double[] {open[9]}, new double[] {high[9]},
                new double[] {low[9]}, new double[] {corrected[9]}, new double[] {volume[9]});
        assertThat(client.writeBars(new MarketData(List.of(fix)))).isEqualTo(1);
        BarSeries back = client.loadRecentData(Duration.ofDays(1)).get("BTCUSDT").orElseThrow();
        assertThat(back.size()).isEqualTo(10);
        assertThat(back.close()).containsExactly(corrected);
        assertThat(client.describeSource()).contains("table clm_ohlcv_bars (every symbol) holding 10 bars of 1 symbol(s) from "
                + Instant.ofEpochMilli(times[0]) + " to " + Instant.ofEpochMilli(times[9]));
        BarSeries longName = new BarSeries("X".repeat(65), new long[] {times[0]}, new double[] {1}, new double[] {1}, new double[] {1},
                new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> client.writeBars(longName)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 64 characters");
    }

    @Test
    @DisplayName("an empty table says which table, that it holds nothing, how to write bars, and the window asked for")
    void emptyTableNamesTableAndWindow() {
        ModelType a = ModelType.of("model_a");
        dev.clm.core.ContinuousLearningManager m = dev.clm.core.ContinuousLearningManager.builder().clock(clock)
                .dataClient(db.dataClient()).featureEngineer(new dev.clm.testing.SimpleFeatureEngineer(12))
                .trainer(new dev.clm.testing.ScriptedTrainer(a).then(a, dev.clm.testing.ScriptedTrainer.constant(0)))
                .registry(db.registry()).jobStore(db.retrainingJobs()).build();
        dev.clm.api.CycleReport r = m.runFullCycle(true, List.of(a));
        assertThat(r.status()).isEqualTo(dev.clm.api.CycleReport.Status.FAILED);
        assertThat(r.message()).contains("no bars in the training window [2025-10-04T12:00:00Z, 2026-06-01T12:00:00Z)",
                "table clm_ohlcv_bars (every symbol) holding no bars", "JdbcDataClient.writeBars");
        assertThat(db.retrainingJobs().find(r.jobId()).orElseThrow().error()).contains("table clm_ohlcv_bars");
        assertThat(db.dataClient("clm_ohlcv_bars", List.of("ETHUSDT")).describeSource()).contains("(symbols [ETHUSDT]) holding no bars");
    }

    @Test
    @DisplayName("shadow samples keep awkward symbols, NULL active versions and outcomes exactly")
    void shadowSamplesRoundTripExactly() {
        ShadowSample odd = new ShadowSample(7, TYPE, "s9", null, "BTC\tUSD\n\\ü€", 1_700_000_000_123L, -1e-300, Double.MIN_VALUE,
                Double.NaN, Double.NaN);
        db.shadowResults().insertBatch(List.of(odd));
        assertThat(db.shadowResults().samples(TYPE, "s9")).containsExactly(odd);
        assertThat(db.shadowResults().recordOutcomes(List.of(new ShadowOutcome(7, -0.25, Double.NaN)))).isEqualTo(1);
        ShadowSample back = db.shadowResults().samples(TYPE, "s9").get(0);
        assertThat(back.realisedReturn()).isEqualTo(-0.25);
        assertThat(back.pnl()).isNaN();
    }

    @Test
    @DisplayName("names that reach SQL text or file paths are validated")
    void namesAreValidated() {
        assertThatThrownBy(() -> ClmDatabase.builder().schema("clm; DROP SCHEMA public")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> ModelType.of("../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FileArtifactStore.relativePath(TYPE, "..", "0".repeat(64))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> db.registry().loadBytes(TYPE, "v'; DROP TABLE model_registry; --"))
                .isInstanceOf(dev.clm.api.InvalidNameException.class).hasMessageContaining("version");
    }

    @Test
    @DisplayName("versions, agents and symbols with NUL never reach SQL: typed errors naming them, not storage errors")
    void nulNeverReachesSql() {
        assertThatThrownBy(() -> db.registry().find(TYPE, "v\u0000")).isInstanceOf(dev.clm.api.InvalidNameException.class)
                .hasMessageContaining("v\\u0000");
        assertThatThrownBy(() -> db.shadowResults().samples(TYPE, "s\u0000")).isInstanceOf(dev.clm.api.InvalidNameException.class)
                .hasMessageContaining("shadowVersion");
        assertThatThrownBy(() -> db.shadowResults().count(TYPE, "s\u0000")).isInstanceOf(dev.clm.api.InvalidNameException.class);
        assertThatThrownBy(() -> db.rlVersions().latest("agent\u0000")).isInstanceOf(dev.clm.api.InvalidNameException.class)
                .hasMessageContaining("agent");
        assertThatThrownBy(() -> db.dataClient(JdbcDataClient.DEFAULT_TABLE, List.of("BTC\u0000")))
                .isInstanceOf(dev.clm.api.InvalidNameException.class).hasMessageContaining("symbol").hasMessageContaining("NUL");
        assertThatThrownBy(() -> db.shadowResults().insertBatch(List.of(new ShadowSample(1, TYPE, "s1", null, "BTC\u0000", 1_000L, 0, 0,
                Double.NaN, Double.NaN)))).isInstanceOf(dev.clm.api.InvalidNameException.class);
    }
}
