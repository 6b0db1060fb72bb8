package dev.clm.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("cycle failures with the JDBC registry and job store on H2")
class H2CycleFailureTest extends JdbcCycleFailureSuite {
    @Override
    TestDb newDatabase() {
        return TestDb.h2Memory();
    }
}
