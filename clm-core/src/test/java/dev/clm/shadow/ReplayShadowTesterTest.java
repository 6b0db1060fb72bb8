package dev.clm.shadow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.clm.api.ShadowTester;
import dev.clm.api.contract.MutableClock;
import dev.clm.api.contract.ShadowTesterContract;
import org.junit.jupiter.api.Test;

class ReplayShadowTesterTest extends ShadowTesterContract {
    @Override
    protected ShadowTester createTester(MutableClock clock) {
        return new ReplayShadowTester(clock, 100, 0.02, 0.05);
    }

    @Test
    void theLabelHorizonIsReadInTimeFromTheLabelEndTimestamps() {
        int n = 48;
        long hour = 3_600_000L;
        long[] ts = new long[n], end = new long[n];
        int[] sym = new int[n];
        for (int i = 0; i < n; i++) {
            ts[i] = (i / 4) * hour; // four symbols per timestamp
            end[i] = ts[i] + 12 * hour;
            sym[i] = i % 4;
        }
        dev.clm.api.Dataset d = new dev.clm.api.Dataset(java.util.List.of("f"), java.util.List.of("A", "B", "C", "D"), ts, end, sym,
                new float[n], new float[n], null);
        assertThat(ReplayShadowTester.labelHorizonMillis(d)).isEqualTo(12 * hour);
    }
}
