package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.HealthStatus;
import dev.clm.api.ModelType;
import dev.clm.api.PerformanceLog;
import dev.clm.api.PerformanceLogStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link PerformanceLogStore} must have; each test gets a fresh, empty store. */
public abstract class PerformanceLogStoreContract {
    protected PerformanceLogStore store;

    protected abstract PerformanceLogStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    static PerformanceLog log(ModelType type, Instant at, double winrate, HealthStatus health) {
        return new PerformanceLog(type, "v1", at, Duration.ofHours(6), 1000, 900, winrate, winrate - 0.03, winrate + 0.03, 0.05,
                1.2, 120.0, 300.0, 900.0, 0.9, health);
    }

    @Test
    void logsOfATypeSinceAreNewestFirst() {
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        store.record(log(ModelType.XGBOOST, t0, 0.55, HealthStatus.HEALTHY));
        store.record(log(ModelType.XGBOOST, t0.plusSeconds(3600), 0.41, HealthStatus.DEGRADED));
        store.record(log(ModelType.LIGHTGBM, t0.plusSeconds(7200), 0.60, HealthStatus.HEALTHY));
        var found = store.since(ModelType.XGBOOST, t0, 10);
        assertThat(found).extracting(PerformanceLog::health).containsExactly(HealthStatus.DEGRADED, HealthStatus.HEALTHY);
        PerformanceLog newest = found.get(0);
        assertThat(newest.winrate()).isEqualTo(0.41);
        assertThat(newest.window()).isEqualTo(Duration.ofHours(6));
        assertThat(newest.latencyP99Micros()).isEqualTo(900.0);
        assertThat(store.since(ModelType.XGBOOST, t0.plusSeconds(1), 10)).hasSize(1);
    }
}
