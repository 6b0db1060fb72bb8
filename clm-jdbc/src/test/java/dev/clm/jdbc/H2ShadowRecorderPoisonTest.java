package dev.clm.jdbc;

import org.junit.jupiter.api.DisplayName;

@DisplayName("shadow recorder with poison samples on embedded H2")
class H2ShadowRecorderPoisonTest extends ShadowRecorderPoisonSuite {
    @Override
    TestDb newDatabase() {
        return TestDb.h2Memory();
    }
}
