package dev.clm.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("durability proofs on embedded H2")
class H2DurabilityTest extends DurabilitySuite {
    @Override
    TestDb newDatabase() {
        return TestDb.h2Memory();
    }

    @Override
    TestDb newSharedDatabase() {
        return TestDb.h2File();
    }
}
