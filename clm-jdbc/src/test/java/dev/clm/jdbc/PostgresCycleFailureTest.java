package dev.clm.jdbc;

import org.junit.jupiter.api.DisplayName;

@RequiresPostgres
@DisplayName("cycle failures with the JDBC registry and job store on PostgreSQL")
class PostgresCycleFailureTest extends JdbcCycleFailureSuite {
    @Override
    TestDb newDatabase() {
        return TestDb.postgres();
    }
}
