package dev.clm.jdbc;

import dev.clm.api.DriftEvent;
import dev.clm.api.DriftEventStore;
import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.ModelType;
import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** {@link DriftEventStore} on the {@code drift_events} table (NaN stored as NULL). Thread-safe. */
public final class JdbcDriftEventStore implements DriftEventStore {
    private final Jdbc jdbc;

    public JdbcDriftEventStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void record(DriftEvent e) {
        if (e == null) throw new IllegalArgumentException("drift event must not be null");
        jdbc.read("record drift event", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_events (detected_at, drift_type, severity, model_type, feature, "
                    + "statistic, p_value, log10_p_value, psi, action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                Sql.setInstant(ps, 1, e.detectedAt());
                ps.setString(2, e.driftType().name());
                ps.setString(3, e.severity().name());
                ps.setString(4, e.modelType() == null ? null : e.modelType().name());
                ps.setString(5, e.feature());
                ps.setDouble(6, e.statistic());
                ps.setDouble(7, e.pValue());
                Sql.setDoubleOrNull(ps, 8, e.log10PValue());
                Sql.setDoubleOrNull(ps, 9, e.psi());
                ps.setString(10, e.action());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<DriftEvent> since(Instant since, int limit) {
        if (since == null) throw new IllegalArgumentException("since must not be null");
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
        return jdbc.read("read drift events since " + since, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT detected_at, drift_type, severity, model_type, feature, statistic, "
                    + "p_value, log10_p_value, psi, action FROM drift_events WHERE detected_at >= ? "
                    + "ORDER BY detected_at DESC, id DESC LIMIT ?")) {
                Sql.setInstant(ps, 1, since);
                ps.setInt(2, limit);
                List<DriftEvent> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String type = rs.getString("model_type");
                        out.add(new DriftEvent(Sql.getInstant(rs, "detected_at"), DriftType.valueOf(rs.getString("drift_type")),
                                DriftSeverity.valueOf(rs.getString("severity")), type == null ? null : ModelType.of(type),
                                rs.getString("feature"), rs.getDouble("statistic"), rs.getDouble("p_value"),
                                Sql.getDoubleOrNaN(rs, "log10_p_value"), Sql.getDoubleOrNaN(rs, "psi"), rs.getString("action")));
                    }
                }
                return List.copyOf(out);
            }
        });
    }
}
