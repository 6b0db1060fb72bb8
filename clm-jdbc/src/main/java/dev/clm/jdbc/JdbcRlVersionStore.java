package dev.clm.jdbc;

import dev.clm.api.Names;
import dev.clm.api.RlSnapshot;
import dev.clm.api.RlVersionStore;
import dev.clm.jdbc.internal.Jdbc;
import dev.clm.jdbc.internal.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link RlVersionStore} on the {@code rl_versions} table (snapshot JSON as TEXT). Thread-safe. */
public final class JdbcRlVersionStore implements RlVersionStore {
    private static final String SELECT = "SELECT agent, version, created_at, snapshot, archived, reason FROM rl_versions ";

    private final Jdbc jdbc;

    public JdbcRlVersionStore(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public void save(RlSnapshot snapshot) {
        if (snapshot == null) throw new IllegalArgumentException("snapshot must not be null");
        try {
            jdbc.read("save RL agent '" + snapshot.agent() + "' version " + snapshot.version(), c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO rl_versions (agent, version, created_at, snapshot, archived, reason) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, snapshot.agent());
                    ps.setInt(2, snapshot.version());
                    Sql.setInstant(ps, 3, snapshot.createdAt());
                    ps.setString(4, snapshot.json());
                    ps.setBoolean(5, snapshot.archived());
                    ps.setString(6, snapshot.reason());
                    return ps.executeUpdate();
                }
            });
        } catch (ClmStorageException e) {
            if (e.getCause() instanceof SQLException s && Sql.isUniqueViolation(s)) {
                throw new IllegalArgumentException("RL agent '" + snapshot.agent() + "' version " + snapshot.version() + " already exists", e);
            }
            throw e;
        }
    }

    @Override
    public Optional<RlSnapshot> load(String agent, int version) {
        Names.requireName(agent, "agent");
        return jdbc.read("load RL agent '" + agent + "' version " + version, c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE agent = ? AND version = ?")) {
                ps.setString(1, agent);
                ps.setInt(2, version);
                List<RlSnapshot> found = all(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public Optional<RlSnapshot> latest(String agent) {
        Names.requireName(agent, "agent");
        return jdbc.read("latest RL snapshot of '" + agent + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE agent = ? ORDER BY version DESC LIMIT 1")) {
                ps.setString(1, agent);
                List<RlSnapshot> found = all(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    @Override
    public List<RlSnapshot> list(String agent) {
        Names.requireName(agent, "agent");
        return jdbc.read("list RL snapshots of '" + agent + "'", c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE agent = ? ORDER BY version")) {
                ps.setString(1, agent);
                return all(ps);
            }
        });
    }

    @Override
    public void archive(String agent, int version) {
        Names.requireName(agent, "agent");
        int n = jdbc.read("archive RL agent '" + agent + "' version " + version, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE rl_versions SET archived = TRUE WHERE agent = ? AND version = ?")) {
                ps.setString(1, agent);
                ps.setInt(2, version);
                return ps.executeUpdate();
            }
        });
        if (n == 0) throw new IllegalArgumentException("RL agent '" + agent + "' has no version " + version);
    }

    private static List<RlSnapshot> all(PreparedStatement ps) throws SQLException {
        List<RlSnapshot> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new RlSnapshot(rs.getString("agent"), rs.getInt("version"), Sql.getInstant(rs, "created_at"),
                        rs.getString("snapshot"), rs.getBoolean("archived"), rs.getString("reason")));
            }
        }
        return List.copyOf(out);
    }
}
