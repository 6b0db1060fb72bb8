package dev.clm.jdbc;

import org.junit.jupiter.api.DisplayName;

@RequiresPostgres
@DisplayName("shadow recorder with poison samples on PostgreSQL (binary COPY)")
class PostgresShadowRecorderPoisonTest extends ShadowRecorderPoisonSuite {
    @Override
    TestDb newDatabase() {
        return TestDb.postgres();
    }
}
