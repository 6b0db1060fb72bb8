package dev.clm.jdbc;

import org.junit.jupiter.api.DisplayName;

@RequiresPostgres
@DisplayName("schema, retention, views and data client on PostgreSQL")
class PostgresSchemaTest extends SchemaSuite {
    @Override
    TestDb newDatabase() {
        return TestDb.postgres();
    }
}
