package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClmDatabase configuration")
class ClmDatabaseTest {
    @Test
    @DisplayName("an unreachable server is a typed error naming the URL, with the password redacted")
    void unreachableServerFails() {
        assertThatThrownBy(() -> ClmDatabase.builder().jdbcUrl("jdbc:postgresql://127.0.0.1:1/none?user=u&password=secret")
                .connectionTimeoutMillis(500).open())
                .isInstanceOf(ClmStorageException.class).hasMessageContaining("127.0.0.1:1").hasMessageNotContaining("secret");
    }

    @Test
    @DisplayName("bad options are refused naming the option")
    void badOptions() {
        assertThatThrownBy(() -> ClmDatabase.builder().jdbcUrl("jdbc:mysql://x/y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbcUrl");
        assertThatThrownBy(() -> ClmDatabase.builder().maxPoolSize(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPoolSize");
        assertThatThrownBy(() -> ClmDatabase.builder().schema("Bad-Name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> ClmDatabase.builder().dataSource(new org.h2.jdbcx.JdbcDataSource()).schema("clm").open())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema");
    }

    @Test
    @DisplayName("CLM_DATA_DIR / storage.data-directory is where open(config) keeps the embedded database and artifacts")
    void dataDirectoryFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        try (ClmDatabase db = ClmDatabase.open(ConfigLoader.fromEnvironment(Map.of("CLM_DATA_DIR", data.toString())))) {
            assertThat(db.dialect()).isEqualTo(Dialect.H2);
        }
        try (var files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("clm."));
        }
    }

    @Test
    @DisplayName("CLM_JDBC_URL / storage.jdbc-url is the database open(config) connects to")
    void jdbcUrlFromTheEnvironment(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:mem:clm_cfg_" + System.nanoTime();
        try (ClmDatabase db = ClmDatabase.open(ConfigLoader.fromEnvironment(Map.of("CLM_STORAGE_JDBC_URL", url,
                "CLM_STORAGE_DATA_DIRECTORY", dir.toString())));
             Connection c = db.dataSource().getConnection()) {
            assertThat(c.getMetaData().getURL()).startsWith(url);
        }
    }
}
