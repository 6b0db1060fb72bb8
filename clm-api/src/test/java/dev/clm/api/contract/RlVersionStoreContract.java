package dev.clm.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.RlSnapshot;
import dev.clm.api.RlVersionStore;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every {@link RlVersionStore} must have; each test gets a fresh, empty store. */
public abstract class RlVersionStoreContract {
    protected RlVersionStore store;

    protected abstract RlVersionStore createStore();

    @BeforeEach
    void setUpStore() {
        store = createStore();
    }

    static RlSnapshot snap(String agent, int v) {
        return new RlSnapshot(agent, v, Instant.parse("2026-03-01T00:00:00Z").plusSeconds(v), "{\"version\":" + v + "}", false, "periodic");
    }

    @Test
    void versionsRoundTripAndLatestIsTheHighest() {
        store.save(snap("meta_strategy", 1));
        store.save(snap("meta_strategy", 2));
        store.save(snap("position_sizing", 1));
        assertThat(store.latest("meta_strategy")).map(RlSnapshot::version).contains(2);
        assertThat(store.load("meta_strategy", 1)).contains(snap("meta_strategy", 1));
        assertThat(store.list("meta_strategy")).extracting(RlSnapshot::version).containsExactly(1, 2);
        assertThat(store.latest("unknown")).isEmpty();
    }

    @Test
    void duplicateVersionIsRefused() {
        store.save(snap("meta_strategy", 1));
        assertThatThrownBy(() -> store.save(snap("meta_strategy", 1))).hasMessageContaining("meta_strategy");
    }

    @Test
    void archiveMarksTheVersion() {
        store.save(snap("meta_strategy", 1));
        store.archive("meta_strategy", 1);
        assertThat(store.load("meta_strategy", 1).orElseThrow().archived()).isTrue();
    }
}
