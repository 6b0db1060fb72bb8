package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.JobAlreadyRunningException;
import dev.clm.api.JobStatus;
import dev.clm.api.ModelType;
import dev.clm.api.RetrainingJob;
import dev.clm.api.RetrainingJobStore;
import dev.clm.api.RetrainingType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link RetrainingJobStore} must have; each test gets a fresh, empty store. */
public abstract class RetrainingJobStoreContract {
    protected MutableClock clock;
    protected RetrainingJobStore store;

    protected abstract RetrainingJobStore createStore(MutableClock clock);

    @BeforeEach
    void setUpStore() {
        clock = MutableClock.at("2026-02-01T00:00:00Z");
        store = createStore(clock);
    }

    @Test
    void startThenCompleteRecordsTheJob() {
        RetrainingJob j = store.start("TIME", RetrainingType.FULL, List.of(ModelType.XGBOOST, ModelType.LIGHTGBM));
        assertThat(j.status()).isEqualTo(JobStatus.RUNNING);
        assertThat(store.running()).map(RetrainingJob::id).contains(j.id());
        clock.advance(Duration.ofSeconds(90));
        RetrainingJob done = store.complete(j.id(), 2, 1);
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.modelsTrained()).isEqualTo(2);
        assertThat(done.modelsSucceeded()).isEqualTo(1);
        assertThat(done.durationSeconds()).isEqualTo(90.0);
        assertThat(store.running()).isEmpty();
        RetrainingJob found = store.find(j.id()).orElseThrow();
        assertThat(found.models()).containsExactly(ModelType.XGBOOST, ModelType.LIGHTGBM);
        assertThat(found.trigger()).isEqualTo("TIME");
    }

    @Test
    void secondStartWhileRunningIsRefusedNamingTheRunningJob() {
        RetrainingJob j = store.start("MANUAL", RetrainingType.FULL, List.of(ModelType.XGBOOST));
        assertThatThrownBy(() -> store.start("TIME", RetrainingType.FULL, List.of(ModelType.XGBOOST)))
                .isInstanceOf(JobAlreadyRunningException.class).hasMessageContaining(j.id());
        store.fail(j.id(), "boom");
        RetrainingJob next = store.start("TIME", RetrainingType.PARTIAL, List.of(ModelType.XGBOOST));
        assertThat(next.id()).isNotEqualTo(j.id());
    }

    @Test
    void failRecordsTheErrorText() {
        RetrainingJob j = store.start("DRIFT", RetrainingType.PARTIAL, List.of(ModelType.LIGHTGBM));
        clock.advance(Duration.ofSeconds(5));
        RetrainingJob f = store.fail(j.id(), "data client unreachable");
        assertThat(f.status()).isEqualTo(JobStatus.FAILED);
        assertThat(store.find(j.id()).orElseThrow().error()).isEqualTo("data client unreachable");
        assertThat(f.finishedAt()).isEqualTo(clock.instant());
    }

    @Test
    void recentIsNewestFirst() {
        for (int i = 0; i < 3; i++) {
            RetrainingJob j = store.start("T" + i, RetrainingType.FULL, List.of(ModelType.XGBOOST));
            clock.advance(Duration.ofMinutes(1));
            store.complete(j.id(), 1, 1);
        }
        assertThat(store.recent(2)).extracting(RetrainingJob::trigger).containsExactly("T2", "T1");
    }

    @Test
    void finishingAJobTwiceIsRefused() {
        RetrainingJob j = store.start("MANUAL", RetrainingType.FULL, List.of(ModelType.XGBOOST));
        store.complete(j.id(), 1, 1);
        assertThatThrownBy(() -> store.complete(j.id(), 1, 1)).hasMessageContaining(j.id());
    }
}
