package dev.clm.jdbc;

import dev.clm.api.HealthStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.api.PerformanceLogStore;
import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link PerformanceLogStore} on the {@code model_performance_logs} table. The window is stored
 * in milliseconds, NaN ratios as NULL. Thread-safe.
 */
public final class JdbcPerformanceLogStore implements PerformanceLogStore {
    private static final String COLUMNS = "model_type, version, logged_at, window_millis, predictions, outcomes, winrate, "
            + "winrate_lower, winrate_upper, calibration_error, long_short_ratio, latency_p50_micros, latency_p95_micros, "
            + "latency_p99_micros, coverage, health";

    private final Jdbc jdbc;

    public JdbcPerformanceLogStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void record(PerformanceLog log) {
        if (log == null) throw new IllegalArgumentException("performance log must not be null");
        jdbc.read("record performance log of " + log.modelType() + " " + log.version(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_performance_logs (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                int i = 0;
                ps.setString(++i, log.modelType().name());
                ps.setString(++i, log.version());
                Sql.setInstant(ps, ++i, log.loggedAt());
                ps.setLong(++i, log.window().toMillis());
                ps.setLong(++i, log.predictions());
                ps.setLong(++i, log.outcomes());
                Sql.setDoubleOrNull(ps, ++i, log.winrate());
                Sql.setDoubleOrNull(ps, ++i, log.winrateLower());
                Sql.setDoubleOrNull(ps, ++i, log.winrateUpper());
                Sql.setDoubleOrNull(ps, ++i, log.calibrationError());
                Sql.setDoubleOrNull(ps, ++i, log.longShortRatio());
                Sql.setDoubleOrNull(ps, ++i, log.latencyP50Micros());
                Sql.setDoubleOrNull(ps, ++i, log.latencyP95Micros());
                Sql.setDoubleOrNull(ps, ++i, log.latencyP99Micros());
                Sql.setDoubleOrNull(ps, ++i, log.coverage());
                ps.setString(++i, log.health().name());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<PerformanceLog> since(ModelType type, Instant since, int limit) {
        if (type == null) throw new IllegalArgumentException("model type must not be null");
        if (since == null) throw new IllegalArgumentException("since must not be null");
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        return jdbc.read("read performance logs of " + type, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM model_performance_logs "
                    + "WHERE model_type = ? AND logged_at >= ? ORDER BY logged_at DESC, id DESC LIMIT ?")) {
                ps.setString(1, type.name());
                Sql.setInstant(ps, 2, since);
                ps.setInt(3, limit);
                List<PerformanceLog> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PerformanceLog(ModelType.of(rs.getString("model_type")), rs.getString("version"),
                                Sql.getInstant(rs, "logged_at"), Duration.ofMillis(rs.getLong("window_millis")), rs.getLong("predictions"),
                                rs.getLong("outcomes"), Sql.getDoubleOrNaN(rs, "winrate"), Sql.getDoubleOrNaN(rs, "winrate_lower"),
                                Sql.getDoubleOrNaN(rs, "winrate_upper"), Sql.getDoubleOrNaN(rs, "calibration_error"),
                                Sql.getDoubleOrNaN(rs, "long_short_ratio"), Sql.getDoubleOrNaN(rs, "latency_p50_micros"),
                                Sql.getDoubleOrNaN(rs, "latency_p95_micros"), Sql.getDoubleOrNaN(rs, "latency_p99_micros"),
                                Sql.getDoubleOrNaN(rs, "coverage"), HealthStatus.valueOf(rs.getString("health"))));
                    }
                }
                return List.copyOf(out);
            }
        });
    }
}
