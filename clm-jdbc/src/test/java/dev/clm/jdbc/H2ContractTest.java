package dev.clm.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("clm-api contracts on embedded H2")
class H2ContractTest extends JdbcContractSuite {
    @Override
    TestDb newDatabase() {
        return TestDb.h2Memory();
    }
}
