package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.ModelType;
import dev.clm.api.ShadowOutcome;
import dev.clm.api.ShadowResultStore;
import dev.clm.api.ShadowSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link ShadowResultStore} must have; each test gets a fresh, empty store. */
public abstract class ShadowResultStoreContract {
    protected ShadowResultStore store;

    protected abstract ShadowResultStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    protected static ShadowSample sample(long id, String shadow, long ts) {
        return new ShadowSample(id, ModelType.XGBOOST, shadow, "a1", "BTCUSDT", ts, 0.001 * id, -0.002 * id, Double.NaN, Double.NaN);
    }

    @Test
    void batchInsertThenReadBackInIdOrder() {
        List<ShadowSample> batch = new ArrayList<>();
        for (long i = 1; i <= 500; i++) batch.add(sample(i, "s1", 1_700_000_000_000L + i));
        store.insertBatch(batch);
        List<ShadowSample> back = store.samples(ModelType.XGBOOST, "s1");
        assertThat(back).hasSize(500);
        assertThat(back.get(0)).isEqualTo(batch.get(0));
        assertThat(back.get(499).shadowPrediction()).isEqualTo(batch.get(499).shadowPrediction());
        assertThat(back.get(10).hasOutcome()).isFalse();
        assertThat(store.count(ModelType.XGBOOST, "s1")).isEqualTo(500);
        assertThat(store.count(ModelType.XGBOOST, "other")).isZero();
    }

    @Test
    void outcomesAreFilledInLater() {
        store.insertBatch(List.of(sample(1, "s1", 1000), sample(2, "s1", 2000)));
        int n = store.recordOutcomes(List.of(new ShadowOutcome(2, 0.01, 5.0), new ShadowOutcome(99, 0.02, 1.0)));
        assertThat(n).isEqualTo(1);
        List<ShadowSample> back = store.samples(ModelType.XGBOOST, "s1");
        assertThat(back.get(0).hasOutcome()).isFalse();
        assertThat(back.get(1).realisedReturn()).isEqualTo(0.01);
        assertThat(back.get(1).pnl()).isEqualTo(5.0);
    }

    @Test
    void duplicateIdsAreRefusedAndTheBatchIsAllOrNothing() {
        store.insertBatch(List.of(sample(1, "s1", 1000)));
        assertThatThrownBy(() -> store.insertBatch(List.of(sample(2, "s1", 2000), sample(1, "s1", 3000))))
                .hasMessageContaining("1");
        assertThat(store.count(ModelType.XGBOOST, "s1")).isEqualTo(1);
    }

    @Test
    void retentionDeletesOldSamples() {
        store.insertBatch(List.of(sample(1, "s1", 1000), sample(2, "s1", 5000)));
        assertThat(store.deleteOlderThan(Instant.ofEpochMilli(2000))).isEqualTo(1);
        assertThat(store.samples(ModelType.XGBOOST, "s1")).extracting(ShadowSample::sampleId).containsExactly(2L);
    }
}
