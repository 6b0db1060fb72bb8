package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
