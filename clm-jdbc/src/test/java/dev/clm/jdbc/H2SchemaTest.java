package dev.clm.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.Checksums;
import dev.clm.api.ModelArtifact;
import dev.clm.api.ModelStatus;
import dev.clm.api.ModelType;
import dev.clm.api.TimeRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("schema, retention, views and data client on embedded H2")
class H2SchemaTest extends SchemaSuite {
    @Override
    TestDb newDatabase() {
        return TestDb.h2Memory();
    }

    @Test
    @DisplayName("with no URL, an embedded H2 file database under the data directory keeps everything across restarts")
    void embeddedDefaultSurvivesRestart(@TempDir Path dataDir) {
        byte[] bytes = {1, 2, 3};
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (ClmDatabase first = ClmDatabase.builder().dataDirectory(dataDir).open()) {
            assertThat(first.dialect()).isEqualTo(Dialect.H2);
            first.registry().save(new ModelArtifact(ModelType.XGBOOST, "v1", ModelStatus.CANDIDATE, t, new TimeRange(t, t), 1, Map.of(),
                    Map.of(), Map.of(), Map.of(), null, Checksums.sha256Hex(bytes), 3, "raw", null, null), bytes);
            first.registry().promote(ModelType.XGBOOST, "v1", "first");
        }
        assertThat(Files.exists(dataDir.resolve("clm.mv.db"))).isTrue();
        assertThat(Files.isDirectory(dataDir.resolve("artifacts").resolve("xgboost").resolve("v1"))).isTrue();
        try (ClmDatabase again = ClmDatabase.builder().dataDirectory(dataDir).open()) {
            assertThat(again.registry().getActive(ModelType.XGBOOST).orElseThrow().version()).isEqualTo("v1");
            assertThat(again.registry().loadBytes(ModelType.XGBOOST, "v1")).isEqualTo(bytes);
        }
    }
}
