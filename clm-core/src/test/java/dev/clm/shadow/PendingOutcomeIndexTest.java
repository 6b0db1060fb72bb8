package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ModelType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PendingOutcomeIndexTest {
    static final ModelType T = ModelType.NHITS;

    @Test
    void findsByIdAndByKeyIncludingSeveralSamplesOfOneSignal() {
        PendingOutcomeIndex p = new PendingOutcomeIndex(8);
        p.add(100, T, "s1", "a1", "BTC", 5, 0.1, 0.2);
        p.add(101, T, "s2", "a1", "BTC", 5, 0.1, 0.3);
        p.add(102, T, "s1", "a1", "ETH", 5, 0.4, 0.5);
        assertThat(p.idsOf("BTC", 5)).containsExactlyInAnyOrder(100L, 101L);
        assertThat(p.idsOf("BTC", 6)).isEmpty();
        int slot = p.slotOf(102);
        assertThat(p.shadowPrediction(slot)).isEqualTo(0.5);
        assertThat(p.symbol(slot)).isEqualTo("ETH");
        p.remove(p.slotOf(100));
        assertThat(p.idsOf("BTC", 5)).containsExactly(101L);
        assertThat(p.slotOf(100)).isEqualTo(-1);
    }

    @Test
    void oldestAreEvictedFirstAndChurnKeepsLookupsCorrect() {
        PendingOutcomeIndex p = new PendingOutcomeIndex(16);
        for (long id = 0; id < 100_000; id++) {
            p.add(id, T, "s", "a", "S" + (id % 7), id, 0, 0);
            if (id % 3 == 0) p.remove(p.slotOf(id));
        }
        assertThat(p.evicted()).isPositive();
        assertThat(p.slotOf(0)).isEqualTo(-1);
        assertThat(p.idsOf("S" + (99_998 % 7), 99_998)).containsExactly(99_998L);
        assertThat(p.idsOf("S" + (99_999 % 7), 99_999)).isEmpty(); // removed (divisible by 3)
        assertThat(p.idsOf("S1", 1)).isEmpty(); // evicted long ago
    }

    @Test
    @DisplayName("sequential timestamps of one symbol at full capacity stay fast (no probe-chain pile-up)")
    void sequentialTimestampsAtCapacityStayFast() {
        PendingOutcomeIndex p = new PendingOutcomeIndex(1 << 16);
        long steps = 0;
        for (long id = 0; id < 2_000_000; id++) {
            p.add(id, T, "s", "a", "FLAT", id, 0, 0);
            steps++;
        }
        assertThat(p.idsOf("FLAT", 1_999_999)).containsExactly(1_999_999L);
        assertThat(p.evicted()).isEqualTo(2_000_000 - (1 << 16));
        assertThat(steps).isEqualTo(2_000_000);
    }
}
