package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.DriftEvent;
import dev.clm.api.DriftEventStore;
import dev.clm.api.DriftSeverity;
import dev.clm.api.DriftType;
import dev.clm.api.ModelType;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link DriftEventStore} must have; each test gets a fresh, empty store. */
public abstract class DriftEventStoreContract {
    protected DriftEventStore store;

    protected abstract DriftEventStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    @Test
    void eventsSinceAreNewestFirstAndKeepEveryField() {
        Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
        store.record(new DriftEvent(t0, DriftType.FEATURE, DriftSeverity.MEDIUM, null, "rsi_14", 0.12, 0.001, -3.0, 0.15, "partial retrain"));
        store.record(new DriftEvent(t0.plusSeconds(60), DriftType.PREDICTION, DriftSeverity.HIGH, ModelType.XGBOOST, null, 0.3, 0.0,
                -412.5, Double.NaN, "full retrain"));
        store.record(new DriftEvent(t0.minusSeconds(60), DriftType.PERFORMANCE, DriftSeverity.LOW, ModelType.LIGHTGBM, null, 0.05,
                0.2, Math.log10(0.2), Double.NaN, "log"));
        var found = store.since(t0, 10);
        assertThat(found).hasSize(2);
        DriftEvent newest = found.get(0);
        assertThat(newest.driftType()).isEqualTo(DriftType.PREDICTION);
        assertThat(newest.modelType()).isEqualTo(ModelType.XGBOOST);
        assertThat(newest.log10PValue()).isEqualTo(-412.5);
        assertThat(newest.psi()).isNaN();
        DriftEvent older = found.get(1);
        assertThat(older.feature()).isEqualTo("rsi_14");
        assertThat(older.modelType()).isNull();
        assertThat(older.psi()).isEqualTo(0.15);
        assertThat(store.since(t0.minusSeconds(3600), 1)).hasSize(1);
    }
}
