package dev.clm.jdbc;

import org.junit.jupiter.api.DisplayName;

@RequiresPostgres
@DisplayName("clm-api contracts on PostgreSQL")
class PostgresContractTest extends JdbcContractSuite {
    @Override
    TestDb newDatabase() {
        return TestDb.postgres();
    }
}
