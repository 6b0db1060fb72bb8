package dev.clm.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.clm.api.Dataset;
import dev.clm.api.InvalidDataException;
import java.time.Instant;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SampleWeightsTest {
    static Dataset labelled(float... labels) {
        int n = labels.length;
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) ts[i] = 1000L * i;
        return new Dataset(List.of("f"), List.of("A", "B"), ts, ts, new int[n], new float[n], labels, null);
    }

    static double mean(float[] w) {
        double s = 0;
        for (float v : w) s += v;
        return s / w.length;
    }

    @Test
    void rewardRiskWeightsAreAbsoluteClippedAndMeanOne() {
        float[] w = SampleWeights.fromRewardRisk(new double[] {2.0, -2.0, 0.1, 10.0, Double.NaN}, 0.25, 4.0);
        // raw: 2, 2, 0.25 (floor), 4 (cap), 0.25 (no trade) -> sum 8.5, mean 1.7
        assertThat(w[0]).isCloseTo((float) (2 / 1.7), Offset.offset(1e-6f));
        assertThat(w[1]).isEqualTo(w[0]);
        assertThat(w[2]).isEqualTo(w[4]).isCloseTo((float) (0.25 / 1.7), Offset.offset(1e-6f));
        assertThat(w[3]).isCloseTo((float) (4 / 1.7), Offset.offset(1e-6f));
        assertThat(mean(w)).isCloseTo(1.0, Offset.offset(1e-6));
        assertThat(SampleWeights.fromRewardRisk(new double[] {1, 3})).containsExactly(0.5f, 1.5f);
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> SampleWeights.fromRewardRisk(new double[] {1, Double.POSITIVE_INFINITY}, 0.25, 4))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 1").hasMessageContaining("rewardRisk");
        assertThatThrownBy(() -> SampleWeights.fromRewardRisk(new double[] {1}, 5, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("floor");
        assertThatThrownBy(() -> SampleWeights.fromRewardRisk(new double[] {Double.NaN, Double.NaN}, 0, 4))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("all 2 weights are 0");
        assertThatThrownBy(() -> SampleWeights.normalised(new double[] {1, -1}, 0, 10)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("row 1");
        Dataset d = labelled(0.1f, -0.1f);
        assertThatThrownBy(() -> SampleWeights.apply(d, new float[] {1, Float.NaN}, "train split"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("row 1").hasMessageContaining("train split");
        assertThatThrownBy(() -> SampleWeights.apply(d, new float[] {1}, "train split")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("1 weights for 2 rows");
        assertThatThrownBy(() -> SampleWeights.apply(d, new float[] {0, 0}, "train split")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("all 2 sample weights are 0");
    }

    @Test
    void classBalanceGivesEachClassHalfTheWeight() {
        Dataset d = labelled(0.1f, -0.1f, -0.2f, 0f, -0.3f); // 1 up, 4 not up
        float[] w = SampleWeights.classBalanced(d);
        assertThat(w[0]).isEqualTo(2.5f);
        assertThat(w[1]).isEqualTo(0.625f);
        assertThat(w[3]).isEqualTo(0.625f); // a zero return is not an up move
        assertThat(mean(w)).isCloseTo(1.0, Offset.offset(1e-6));
        assertThat(SampleWeights.classBalanced(labelled(0.1f, 0.2f))).containsExactly(1f, 1f);
    }

    @Test
    void rewardRiskWeightingAsksTheLookupWithTheCutOffAndComposes() {
        Dataset d = labelled(0.1f, -0.1f, 0.2f, -0.2f);
        Instant cutOff = Instant.ofEpochSecond(100);
        List<String> asked = new java.util.ArrayList<>();
        SampleWeighting byTrade = SampleWeights.rewardRisk((symbol, t, knownBefore) -> {
            asked.add(symbol + "@" + t + "<" + knownBefore);
            return t == 0 ? 3.0 : Double.NaN;
        });
        float[] w = byTrade.weights(d, cutOff);
        assertThat(asked).containsExactly("A@0<" + cutOff, "A@1000<" + cutOff, "A@2000<" + cutOff, "A@3000<" + cutOff);
        assertThat(w[0] / w[1]).isCloseTo(12f, Offset.offset(1e-5f)); // 3 vs the 0.25 floor
        float[] both = byTrade.times(SampleWeights.classBalance()).weights(d, cutOff);
        assertThat(mean(both)).isCloseTo(1.0, Offset.offset(1e-6));
        assertThat(both[0] / both[2]).isCloseTo(12f, Offset.offset(1e-5f)); // same class: only the trade differs
    }
}
