package dev.clm.models.djl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BestEpochTest {
    @Test
    @DisplayName("a NaN first epoch of a fresh fit is not kept; the first finite epoch is")
    void nanEpochIsNeverKept() {
        SequenceFitter.BestEpoch b = new SequenceFitter.BestEpoch(Double.NaN);
        assertThat(b.offer(Double.NaN)).isFalse();
        assertThat(b.offer(0.9)).isTrue();
        assertThat(b.offer(Double.NaN)).isFalse();
        assertThat(b.offer(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(b.offer(0.95)).isFalse();
        assertThat(b.offer(0.8)).isTrue();
        assertThat(b.mse()).isEqualTo(0.8);
        assertThat(b.failure(1.0, 5)).isNull();
    }

    @Test
    @DisplayName("only NaN epochs: the fit fails with a reason")
    void allNanFails() {
        SequenceFitter.BestEpoch b = new SequenceFitter.BestEpoch(Double.NaN);
        for (int i = 0; i < 3; i++) assertThat(b.offer(Double.NaN)).isFalse();
        assertThat(b.failure(1.0, 3)).contains("NaN or infinite at every one of 3 epochs");
    }

    @Test
    @DisplayName("a best epoch no better than the zero forecast fails with both numbers")
    void notBelowZeroFails() {
        SequenceFitter.BestEpoch b = new SequenceFitter.BestEpoch(Double.NaN);
        b.offer(1.02);
        assertThat(b.failure(1.0, 4)).contains("1.02").contains("not below the zero-return forecast's 1.00000");
    }

    @Test
    @DisplayName("a warm start keeps its starting weights unless an epoch beats them")
    void warmStartIsEpochZero() {
        SequenceFitter.BestEpoch b = new SequenceFitter.BestEpoch(0.7);
        assertThat(b.offer(0.75)).isFalse();
        assertThat(b.mse()).isEqualTo(0.7);
    }
}
